package io.leakgate.source.image;

import io.leakgate.source.archive.EntryName;
import io.leakgate.source.archive.Inflation;
import io.leakgate.source.archive.LimitExceeded;
import io.leakgate.LeakgateException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The image archive itself: a tar file ({@code docker save}, OCI layout), or a gzip-compressed
 * one, which is first decompressed to a temporary file (within the limits) so entries can be
 * read in any order. Links between entries are followed inside the archive only, a few hops at most.
 * A name stored more than once is read as extraction sees it (the last copy wins), and every
 * earlier copy stays reachable through {@link #copies}, since it is in the archive all the same.
 */
final class OuterArchive implements Closeable {
    private static final int MAX_LINK_HOPS = 8;

    private final Path file;
    private final SpoolFile temporary;
    private final TarFile tar;
    private final Map<String, List<TarArchiveEntry>> entries = new HashMap<>();
    private final List<Stored> files = new ArrayList<>();

    /** A regular-file entry and its cleaned name. */
    record Stored(String name, TarArchiveEntry entry) {
    }

    private OuterArchive(Path file, SpoolFile temporary, TarFile tar) {
        this.file = file;
        this.temporary = temporary;
        this.tar = tar;
        for (TarArchiveEntry e : tar.getEntries()) {
            String name = EntryName.clean(e.getName());
            if (!name.isEmpty()) {
                entries.computeIfAbsent(name, k -> new ArrayList<>(1)).add(e);
                if (e.isFile() && !e.isLink() && !e.isSymbolicLink()) {
                    files.add(new Stored(name, e));
                }
            }
        }
    }

    static OuterArchive open(Path file, ImageLimits limits) throws LeakgateException {
        SpoolFile temporary = null;
        try {
            Path tarPath = file;
            if (isGzip(file)) {
                temporary = SpoolFile.create();
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                    spool(in, true, temporary.path(), limits);
                }
                tarPath = temporary.path();
            }
            return new OuterArchive(file, temporary, new TarFile(tarPath));
        } catch (IOException | RuntimeException e) {
            throw failure(file, e, temporary);
        }
    }

    /** Reads an archive from a stream (standard input), keeping it in a temporary file while open. */
    static OuterArchive read(InputStream stream, Path display, ImageLimits limits)
            throws LeakgateException {
        SpoolFile temporary = null;
        try {
            temporary = SpoolFile.create();
            BufferedInputStream in = new BufferedInputStream(stream, 64 * 1024);
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            spool(in, gzip, temporary.path(), limits);
            return new OuterArchive(display, temporary, new TarFile(temporary.path()));
        } catch (IOException | RuntimeException e) {
            throw failure(display, e, temporary);
        }
    }

    private static LeakgateException failure(Path file, Exception e, SpoolFile temporary) {
        if (temporary != null) {
            temporary.close();
        }
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

    /** Reads one copy of an entry whole, refusing entries larger than {@code max}. */
    byte[] read(TarArchiveEntry e, String name, long max) throws IOException {
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

    InputStream open(TarArchiveEntry e) throws IOException {
        return tar.getInputStream(e);
    }

    /** Every regular-file entry of the archive, every copy, in archive order. */
    List<Stored> files() {
        return files;
    }

    /**
     * Every regular-file entry stored under a name, in archive order (links followed), so the last
     * one is what extraction leaves behind; empty when there is none.
     */
    List<TarArchiveEntry> copies(String name) {
        String clean = EntryName.clean(name);
        List<TarArchiveEntry> out = new ArrayList<>(1);
        for (TarArchiveEntry e : entries.getOrDefault(clean, List.of())) {
            TarArchiveEntry file = followed(e, clean);
            // TarArchiveEntry.equals compares names only: copies are told apart by identity.
            if (file != null && out.stream().noneMatch(o -> o == file)) {
                out.add(file);
            }
        }
        return out;
    }

    /** The regular file an entry stands for, following links (to the last copy of each target). */
    private TarArchiveEntry followed(TarArchiveEntry first, String name) {
        TarArchiveEntry e = first;
        String current = name;
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
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
            List<TarArchiveEntry> next = entries.get(current);
            e = next == null ? null : next.get(next.size() - 1);
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
        Inflation.Counting counted = new Inflation.Counting(in);
        InputStream bounded = gzip
                ? new Inflation(new GZIPInputStream(counted, 64 * 1024), counted::count, budget, limits.maxRatio())
                : new Inflation(in, null, budget, limits.maxRatio());
        try (OutputStream out = Files.newOutputStream(to)) {
            bounded.transferTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            tar.close();
        } finally {
            if (temporary != null) {
                temporary.close();
            }
        }
    }
}
