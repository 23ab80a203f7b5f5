package io.leakgate.hook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * File versions (a blob at a path) that this build of leakgate with its bundled rules scanned in
 * full and found nothing in. A push that re-introduces content the server already holds (a
 * rebase, a revert, a branch re-created) is judged from this record instead of reading every
 * blob again. Only content scanned in full and found clean is ever added: never a blob with a
 * finding, however it was waived or bypassed, and never one that was skipped.
 *
 * <p>One file per identity of the rules and the engine ({@link #key}), so an upgrade or other
 * rules start an empty record. Entries are 16 bytes of SHA-256 over the blob id and the path
 * (detection depends on the path), appended under a lock; a file past {@link #MAX_BYTES} is
 * started afresh.
 */
final class CleanRecord {
    static final int ENTRY = 16;
    private static final long MAX_BYTES = 64L << 20;

    private record Entry(long high, long low) {
    }

    private final Path file;
    private Set<Entry> known;
    private final List<byte[]> added = new ArrayList<>();

    CleanRecord(Path file) {
        this.file = file;
    }

    /** The record in {@code gitDir} for rules and engine of identity {@code key}. */
    static CleanRecord in(Path gitDir, String key) {
        return new CleanRecord(gitDir.resolve("leakgate").resolve("clean-" + key));
    }

    Path file() {
        return file;
    }

    /** Whether {@code blob} at {@code path} was scanned clean before; reads the file on first use. */
    boolean contains(String blob, String path) {
        if (known == null) {
            known = load();
        }
        byte[] e = entry(blob, path);
        return known.contains(toEntry(e, 0));
    }

    /** Marks {@code blob} at {@code path} as scanned in full and clean, to be written by {@link #flush}. */
    void add(String blob, String path) {
        added.add(entry(blob, path));
    }

    /** Appends what was added; a record that cannot be written only costs later pushes time. */
    void flush() throws IOException {
        if (added.isEmpty()) {
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(added.size() * ENTRY);
        for (byte[] e : added) {
            out.put(e);
        }
        out.flip();
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
            if (ch.size() > MAX_BYTES || ch.size() % ENTRY != 0) {
                ch.truncate(0);
            }
            while (out.hasRemaining()) {
                ch.write(out);
            }
        }
        added.clear();
    }

    private Set<Entry> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            return Set.of(); // unreadable: everything is scanned again, nothing is lost
        }
        Set<Entry> set = new HashSet<>(bytes.length / ENTRY * 2);
        for (int at = 0; at + ENTRY <= bytes.length; at += ENTRY) {
            set.add(toEntry(bytes, at));
        }
        return set;
    }

    private static Entry toEntry(byte[] b, int at) {
        ByteBuffer bb = ByteBuffer.wrap(b, at, ENTRY);
        return new Entry(bb.getLong(), bb.getLong());
    }

    static byte[] entry(String blob, String path) {
        MessageDigest sha = sha256();
        sha.update(blob.getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(path.getBytes(StandardCharsets.UTF_8));
        byte[] d = sha.digest();
        byte[] e = new byte[ENTRY];
        System.arraycopy(d, 0, e, 0, ENTRY);
        return e;
    }

    /**
     * The identity of what decides whether content is clean: leakgate's version, the bundled
     * pack's id (written by the build), and the jar's size and modification time, so a rebuilt
     * or upgraded leakgate starts a new record.
     */
    static String key(String version, String packId, Path jar) {
        MessageDigest sha = sha256();
        String jarFacts = "";
        if (jar != null) {
            try {
                jarFacts = Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
            } catch (IOException e) {
                jarFacts = jar.toString();
            }
        }
        sha.update((version + "\0" + packId + "\0" + jarFacts).getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(sha.digest(), 0, 12);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
