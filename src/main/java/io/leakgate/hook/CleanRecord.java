package io.leakgate.hook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * File versions (a blob at a path) that this build of leakgate with its bundled rules scanned in
 * full and found nothing in. A push that re-introduces content the server already holds (a
 * rebase, a revert, a branch re-created) is judged from this record instead of reading every
 * blob again. Only content scanned in full and found clean is ever added: never a blob with a
 * finding, however it was waived or bypassed, and never one that was skipped.
 *
 * <p>One file per identity of the rules and the engine ({@link #key}), so an upgrade or other
 * rules start an empty record. An entry is the blob's id and the path as they are (detection
 * depends on the path), {@code <id> <path>\0}: no digest of ours stands between an attacker and
 * a forged "clean", only git's own object id. Entries are appended under a lock; a file past
 * {@link #MAX_BYTES} is started afresh.
 */
final class CleanRecord {
    private static final long MAX_BYTES = 64L << 20;

    private final Path file;
    private Set<String> known;
    private final StringBuilder added = new StringBuilder();

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
        return known.contains(entry(blob, path));
    }

    /** Marks {@code blob} at {@code path} as scanned in full and clean, to be written by {@link #flush}. */
    void add(String blob, String path) {
        if (path.indexOf('\0') < 0) {
            added.append(entry(blob, path)).append('\0');
        }
    }

    /** Appends what was added; a record that cannot be written only costs later pushes time. */
    void flush() throws IOException {
        if (added.length() == 0) {
            return;
        }
        ByteBuffer out = ByteBuffer.wrap(added.toString().getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
            if (ch.size() > MAX_BYTES) {
                ch.truncate(0);
            }
            while (out.hasRemaining()) {
                ch.write(out);
            }
        }
        added.setLength(0);
    }

    private Set<String> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Set.of(); // absent or unreadable: everything is read again, nothing is lost
        }
        Set<String> set = new HashSet<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                // An entry cut short by a crash cannot match: it lacks its own end.
                set.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return set;
    }

    private static String entry(String blob, String path) {
        return blob + ' ' + path;
    }

    /**
     * The identity of what decides whether content is clean: leakgate's version, the bundled
     * pack's id (written by the build), and the jar's size and modification time, so a rebuilt
     * or upgraded leakgate starts a new record.
     */
    static String key(String version, String packId, Path jar) {
        String jarFacts = "0";
        if (jar != null) {
            try {
                jarFacts = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
            } catch (IOException e) {
                jarFacts = "0";
            }
        }
        String v = version.replaceAll("[^A-Za-z0-9.]", "_");
        return v + "-" + packId.substring(0, Math.min(16, packId.length())) + "-" + jarFacts;
    }
}
