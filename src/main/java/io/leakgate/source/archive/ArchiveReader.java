package io.leakgate.source.archive;

import io.leakgate.finding.Skipped;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads the members of archives held in memory, one level at a time, within {@link ArchiveLimits}
 * counted over one item and everything nested in it: one reader per item scanned. Nothing is
 * written to disk. A compressed stream is one level with its tar, so {@code app.tar.gz!/a/b} and
 * {@code dump.sql.gz!/dump.sql} are the names its members get.
 */
public final class ArchiveReader implements Inflation.Budget {
    /** Where the members of an archive go. */
    public interface Members {
        /** A regular file of the archive, {@code data[0, len)}, named by its cleaned path. */
        void member(String name, byte[] data, int len) throws IOException;

        /** A member that was not read, and why. */
        void skipped(String name, Skipped.Reason reason, long size, String detail);
    }

    private final ArchiveLimits limits;
    private long inflated;
    private int entries;

    public ArchiveReader(ArchiveLimits limits) {
        this.limits = limits;
    }

    public ArchiveLimits limits() {
        return limits;
    }

    @Override
    public void add(long n) throws LimitExceeded {
        inflated += n;
        if (inflated > limits.maxInflated()) {
            throw new LimitExceeded("more than " + limits.maxInflated()
                    + " bytes decompressed from one file and the archives in it (--max-archive-size)", true);
        }
    }

    /**
     * Emits the members of the archive {@code data[0, len)}, whose own name is {@code name}.
     *
     * @throws LimitExceeded when a limit stops the reading; members emitted before stay emitted
     * @throws IOException   when the content is not a readable archive of this format after all
     */
    public void read(ArchiveFormat format, String name, byte[] data, int len, Members sink) throws IOException {
        switch (format) {
            case ZIP -> zip(data, len, sink);
            case TAR -> tar(new ByteArrayInputStream(data, 0, len), sink);
            case ZSTD -> throw new IOException("zstd-compressed: leakgate has no zstd decoder");
            default -> stream(format, name, data, len, sink);
        }
    }

    private void zip(byte[] data, int len, Members sink) throws IOException {
        int declared = ZipDirectory.entries(data, len);
        if (declared > limits.maxEntries() - entries) {
            throw new LimitExceeded("zip declares " + declared + " entries, more than --max-archive-entries ("
                    + limits.maxEntries() + ") allows", false);
        }
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel(data);
        channel.truncate(len);
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                String member = EntryName.clean(e.getName());
                if (member.isEmpty() || e.isDirectory() || e.isUnixSymlink()) {
                    continue;
                }
                count();
                if (!zip.canReadEntryData(e)) {
                    sink.skipped(member, Skipped.Reason.UNREADABLE, e.getSize(), unreadable(e));
                    continue;
                }
                long compressed = Math.max(1, e.getCompressedSize());
                try (InputStream in = new Inflation(zip.getInputStream(e), () -> compressed, this, limits.maxRatio())) {
                    member(member, e.getSize(), in, sink);
                }
            }
        }
    }

    private void tar(InputStream in, Members sink) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String member = EntryName.clean(e.getName());
            if (member.isEmpty() || !e.isFile() || e.isLink() || e.isSymbolicLink()) {
                continue;
            }
            count();
            member(member, e.getSize(), tar, sink);
        }
    }

    /** A gzip, bzip2 or xz stream: a tar inside is read as one level with it, anything else is its one member. */
    private void stream(ArchiveFormat format, String name, byte[] data, int len, Members sink) throws IOException {
        Inflation.Counting counted = new Inflation.Counting(new ByteArrayInputStream(data, 0, len));
        InputStream raw;
        String original = null;
        switch (format) {
            case GZIP -> {
                GzipCompressorInputStream gz = GzipCompressorInputStream.builder().setInputStream(counted)
                        .setDecompressConcatenated(true).get();
                original = gz.getMetaData().getFileName();
                raw = gz;
            }
            case BZIP2 -> raw = new BZip2CompressorInputStream(counted, true);
            case XZ -> raw = new XZCompressorInputStream(counted, true);
            default -> throw new IOException("not a compressed stream: " + format.label());
        }
        try (BufferedInputStream in = new BufferedInputStream(
                new Inflation(raw, counted::count, this, limits.maxRatio()), 64 * 1024)) {
            in.mark(512);
            byte[] head = in.readNBytes(512);
            in.reset();
            if (ArchiveFormat.sniff(head, head.length) == ArchiveFormat.TAR) {
                tar(in, sink);
                return;
            }
            count();
            member(streamMember(name, original, format), -1, in, sink);
        }
    }

    /** Reads one member of {@code size} bytes (-1: unknown) and emits it, or records it as too large. */
    private void member(String member, long size, InputStream in, Members sink) throws IOException {
        if (size > limits.maxMember()) {
            sink.skipped(member, Skipped.Reason.TOO_LARGE, size, null);
            return;
        }
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, size >= 0 ? size : limits.maxMember() + 1);
        byte[] content = in.readNBytes(cap);
        if (size < 0 && content.length > limits.maxMember()) {
            sink.skipped(member, Skipped.Reason.TOO_LARGE, -1, null);
            return;
        }
        if (size >= 0 && content.length < size) {
            throw new IOException(member + " is cut short: the archive is truncated");
        }
        sink.member(member, content, content.length);
    }

    private void count() throws LimitExceeded {
        if (++entries > limits.maxEntries()) {
            throw new LimitExceeded("more than " + limits.maxEntries()
                    + " members in one file and the archives in it (--max-archive-entries)", true);
        }
    }

    /** The name of a compressed stream's content: the name gzip recorded, or its own name less the suffix. */
    static String streamMember(String name, String original, ArchiveFormat format) {
        if (original != null && !EntryName.clean(original).isEmpty()) {
            return EntryName.clean(original);
        }
        String base = EntryName.base(EntryName.clean(name));
        String lower = base.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".gz", ".gzip", ".bz2", ".xz", ".tgz", ".tbz2", ".txz"}) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                String stem = base.substring(0, base.length() - suffix.length());
                return suffix.startsWith(".t") ? stem + ".tar" : stem;
            }
        }
        return base.isEmpty() ? format.label() + "-content" : base + ".content";
    }

    /** Why a zip entry's data cannot be read: its encryption or its compression method. */
    private static String unreadable(ZipArchiveEntry e) {
        if (e.getGeneralPurposeBit().usesEncryption()) {
            return "encrypted zip entry: not scanned";
        }
        ZipMethod method = ZipMethod.getMethodByCode(e.getMethod());
        String name = method == null ? "method " + e.getMethod() : method.name() + " (method " + e.getMethod() + ")";
        return "zip entry compressed with " + name + ", which leakgate cannot decompress: not scanned";
    }
}
