package io.leakgate.source.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Builds the archives tests scan, in memory: every test makes its own, no binary fixtures. */
public final class TestArchives {
    private final Map<String, byte[]> members = new LinkedHashMap<>();

    public TestArchives file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public TestArchives file(String name, byte[] content) {
        members.put(name, content);
        return this;
    }

    /** A zip (deflated, as a jar is) of the members. */
    public byte[] zip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(m.getKey()));
                zip.write(m.getValue());
                zip.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    /** A POSIX tar of the members. */
    public byte[] tar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(m.getKey());
                e.setSize(m.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(m.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    public static byte[] bzip2(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream bz = new BZip2CompressorOutputStream(out)) {
            bz.write(content);
        }
        return out.toByteArray();
    }

    public static byte[] xz(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream xz = new XZCompressorOutputStream(out)) {
            xz.write(content);
        }
        return out.toByteArray();
    }
}
