package io.leakgate.source.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.eclipse.jgit.internal.storage.file.BasePackIndexWriter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.PackedObjectInfo;

/**
 * Writes a pack file and its index byte by byte, so that a test can put into a repository what
 * git itself never writes (and {@code git index-pack} refuses): deltas that name themselves or
 * each other, sizes no object has. Object ids are whatever the test says, not hashes.
 */
final class CraftedPack {
    static final int COMMIT = 1;
    static final int TREE = 2;
    static final int BLOB = 3;
    static final int OFS_DELTA = 6;
    static final int REF_DELTA = 7;

    private record Entry(ObjectId id, byte[] bytes) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The offset the next object will have. */
    long nextOffset() {
        long at = 12;
        for (Entry e : entries) {
            at += e.bytes.length;
        }
        return at;
    }

    /** A whole object of {@code type}. */
    CraftedPack whole(ObjectId id, int type, byte[] content) {
        return raw(id, concat(header(type, content.length), deflate(content)));
    }

    /** A delta whose base is {@code back} bytes before it (0: itself). */
    CraftedPack ofsDelta(ObjectId id, long back, byte[] delta) {
        return raw(id, concat(header(OFS_DELTA, delta.length), offset(back), deflate(delta)));
    }

    /** A delta whose base is named by id. */
    CraftedPack refDelta(ObjectId id, ObjectId base, byte[] delta) {
        byte[] name = new byte[20];
        base.copyRawTo(name, 0);
        return raw(id, concat(header(REF_DELTA, delta.length), name, deflate(delta)));
    }

    /** An object exactly as given, header and all. */
    CraftedPack raw(ObjectId id, byte[] bytes) {
        entries.add(new Entry(id, bytes));
        return this;
    }

    /** A delta from a base of {@code baseSize} bytes that inserts {@code text}. */
    static byte[] insertDelta(int baseSize, byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, baseSize);
        varint(out, text.length);
        for (int at = 0; at < text.length; at += 127) {
            int n = Math.min(127, text.length - at);
            out.write(n);
            out.write(text, at, n);
        }
        return out.toByteArray();
    }

    /** A delta that copies the whole of a base of {@code size} bytes (a multiple of 64 KiB), 64 KiB at a time. */
    static byte[] copyDelta(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, size);
        varint(out, size);
        for (int at = 0; at < size; at += 0x10000) {
            // offset bytes 2 and 3 given, no length bytes: a length of 0 means 64 KiB
            out.write(0x80 | 0x04 | 0x08);
            out.write((at >>> 16) & 0xff);
            out.write((at >>> 24) & 0xff);
        }
        return out.toByteArray();
    }

    /** Writes {@code pack-*.pack} and {@code pack-*.idx} into {@code packDir}; returns the pack's name. */
    String writeTo(Path packDir) throws IOException {
        ByteArrayOutputStream pack = new ByteArrayOutputStream();
        pack.write(new byte[] {'P', 'A', 'C', 'K', 0, 0, 0, 2});
        int n = entries.size();
        pack.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        List<PackedObjectInfo> infos = new ArrayList<>();
        for (Entry e : entries) {
            PackedObjectInfo info = new PackedObjectInfo(e.id);
            info.setOffset(pack.size());
            CRC32 crc = new CRC32();
            crc.update(e.bytes);
            info.setCRC((int) crc.getValue());
            infos.add(info);
            pack.write(e.bytes);
        }
        byte[] checksum = sha1(pack.toByteArray());
        pack.write(checksum);
        String name = "pack-" + ObjectId.fromRaw(checksum).name();
        Files.createDirectories(packDir);
        Files.write(packDir.resolve(name + ".pack"), pack.toByteArray());
        infos.sort(Comparator.naturalOrder());
        try (OutputStream idx = Files.newOutputStream(packDir.resolve(name + ".idx"))) {
            BasePackIndexWriter.createVersion(idx, 2).write(infos, checksum);
        }
        return name;
    }

    /** An object header: type and size, the size in as many 7-bit groups as it needs. */
    static byte[] header(int type, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c = (type << 4) | (int) (size & 15);
        size >>>= 4;
        while (size != 0) {
            out.write(c | 0x80);
            c = (int) (size & 0x7f);
            size >>>= 7;
        }
        out.write(c);
        return out.toByteArray();
    }

    private static byte[] offset(long back) {
        byte[] buf = new byte[10];
        int p = buf.length - 1;
        buf[p] = (byte) (back & 0x7f);
        while ((back >>>= 7) != 0) {
            back--;
            buf[--p] = (byte) (0x80 | (back & 0x7f));
        }
        byte[] out = new byte[buf.length - p];
        System.arraycopy(buf, p, out, 0, out.length);
        return out;
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
