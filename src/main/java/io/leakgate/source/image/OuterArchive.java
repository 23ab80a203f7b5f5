package io.leakgate.source.image;

import io.leakgate.LeakgateException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The image archive itself: a tar file ({@code docker save}, OCI layout), or a gzip-compressed
 * one, which is first decompressed to a temporary file (within the limits) so entries can be
 * read in any order. Links between entries are followed inside the archive only, a few hops at most.
 */
final class OuterArchive implements Closeable {
    private static final int MAX_LINK_HOPS = 8;

    private final Path file;
    private final Path temporary;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    private OuterArchive(Path file, Path temporary, TarFile tar) {
        this.file = file;
        this.temporary = temporary;
        this.tar = tar;
        for (TarArchiveEntry e : tar.getEntries()) {
            String name = EntryName.clean(e.getName());
            if (!name.isEmpty()) {
                entries.putIfAbsent(name, e);
            }
        }
    }

    static OuterArchive open(Path file, ImageLimits limits) throws LeakgateException {
        Path temporary = null;
        try {
            Path tarPath = file;
            if (isGzip(file)) {
                temporary = Files.createTempFile("leakgate-image-", ".tar");
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                    spool(in, true, temporary, limits);
                }
                tarPath = temporary;
            }
            return new OuterArchive(file, temporary, new TarFile(tarPath));
        } catch (IOException | RuntimeException e) {
            throw failure(file, e, temporary);
        }
    }

    /** Reads an archive from a stream (standard input), keeping it in a temporary file while open. */
    static OuterArchive read(InputStream stream, Path display, ImageLimits limits)
            throws LeakgateException {
        Path temporary = null;
        try {
            temporary = Files.createTempFile("leakgate-image-", ".tar");
            BufferedInputStream in = new BufferedInputStream(stream, 64 * 1024);
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            spool(in, gzip, temporary, limits);
            return new OuterArchive(display, temporary, new TarFile(temporary));
        } catch (IOException | RuntimeException e) {
            throw failure(display, e, temporary);
        }
    }

    private static LeakgateException failure(Path file, Exception e, Path temporary) {
        deleteQuietly(temporary);
        if (e instanceof NoSuchFileException) {
            return new LeakgateException(file + ": no such file");
        }
        if (e instanceof LimitExceeded) {
            return new LeakgateException(file + ": " + e.getMessage());
        }
        return new LeakgateException(file + ": not a readable image archive (a tar file from 'docker save'"
                + " or an OCI image layout): " + e.getMessage());
    }

    Path file() {
        return file;
    }

    boolean has(String name) {
        return entry(name) != null;
    }

    /** Size of the entry's content, or -1 when it is absent. */
    long size(String name) {
        TarArchiveEntry e = entry(name);
        return e == null ? -1 : e.getSize();
    }

    /** Reads a whole entry, refusing entries larger than {@code max}. */
    byte[] read(String name, long max) throws IOException {
        TarArchiveEntry e = entry(name);
        if (e == null) {
            throw new NoSuchFileException(name);
        }
        if (e.getSize() > max) {
            throw new IOException(name + " is larger than " + max + " bytes");
        }
        try (InputStream in = tar.getInputStream(e)) {
            byte[] b = in.readNBytes((int) e.getSize());
            if (b.length < e.getSize()) {
                throw new IOException(name + ": archive is truncated");
            }
            return b;
        }
    }

    InputStream open(String name) throws IOException {
        TarArchiveEntry e = entry(name);
        if (e == null) {
            throw new NoSuchFileException(name);
        }
        return tar.getInputStream(e);
    }

    /** The regular-file entry for a name, following symbolic and hard links inside the archive. */
    private TarArchiveEntry entry(String name) {
        String current = EntryName.clean(name);
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            TarArchiveEntry e = entries.get(current);
            if (e == null) {
                return null;
            }
            if (e.isSymbolicLink()) {
                String target = e.getLinkName();
                current = target.startsWith("/") ? EntryName.clean(target)
                        : EntryName.clean(EntryName.parent(current) + "/" + target);
            } else if (e.isLink()) {
                current = EntryName.clean(e.getLinkName());
            } else {
                return e.isFile() ? e : null;
            }
        }
        return null;
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /**
     * Copies the archive to {@code to}, decompressing it if it is gzip. The copy may take up to
     * {@link ImageLimits#maxUnpacked()} of disk; it does not count against the layers' budget.
     */
    private static void spool(InputStream in, boolean gzip, Path to, ImageLimits limits) throws IOException {
        Unpacked budget = new Unpacked(limits.maxUnpacked());
        BoundedInflation.Counting counted = new BoundedInflation.Counting(in);
        InputStream bounded = gzip
                ? new BoundedInflation(new GZIPInputStream(counted, 64 * 1024), counted::count, budget, limits.maxRatio())
                : new BoundedInflation(in, null, budget, limits.maxRatio());
        try (OutputStream out = Files.newOutputStream(to)) {
            bounded.transferTo(out);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind is not worth failing for
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            tar.close();
        } finally {
            deleteQuietly(temporary);
        }
    }
}
