package io.leakgate.hook.git;

import io.leakgate.LeakgateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads git's raw diff output with {@code -z}: {@code git log} with {@link #LOG_OPTIONS} (each
 * commit's header, then its changes) and {@code git diff --raw -z} (changes only). Merges are
 * listed combined ({@code -c}): only paths whose result differs from every parent, which is
 * exactly what a merge introduces.
 */
public final class RawLog {
    private static final char RECORD = '\u0001';
    private static final String NO_OBJECT = "0".repeat(40);

    /** The options {@link #commits} expects of {@code git log}. */
    public static final List<String> LOG_OPTIONS = List.of("-z", "--raw", "-c", "--root", "--no-abbrev",
            "--no-renames", "--no-color", "--no-ext-diff", "--no-textconv",
            // whatever log.showSignature or notes config says: nothing but the format below
            "--no-show-signature", "--no-notes", "--encoding=UTF-8",
            "--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%s");

    /**
     * A {@code git log} command line whose output {@link #commits} reads: {@code log}, then
     * {@code options} (walk order, {@code --stdin}, ...), then {@link #LOG_OPTIONS}. The caller
     * appends the revisions.
     */
    public static List<String> logCommand(String... options) {
        List<String> args = new ArrayList<>(1 + options.length + LOG_OPTIONS.size() + 4);
        args.add("log");
        args.addAll(List.of(options));
        args.addAll(LOG_OPTIONS);
        return args;
    }

    /** The options {@link #changes} expects of {@code git diff}. */
    public static final List<String> DIFF_OPTIONS = List.of("--raw", "-z", "--no-abbrev", "--no-renames",
            "--no-color", "--no-ext-diff", "--no-textconv");

    private final byte[] bytes;
    private int pos;

    private RawLog(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The commits in {@code git log} output, in the order git printed them. */
    public static List<LoggedCommit> commits(byte[] output) throws LeakgateException {
        RawLog r = new RawLog(output);
        List<LoggedCommit> out = new ArrayList<>();
        r.skipSeparators();
        while (r.pos < r.bytes.length) {
            if (r.bytes[r.pos] != RECORD) {
                throw new LeakgateException("unexpected git log output at byte " + r.pos);
            }
            r.pos++;
            String id = r.field();
            String parents = r.field();
            String author = r.field();
            String email = r.field();
            String date = r.field();
            String subject = r.field();
            List<FileChange> files = new ArrayList<>();
            r.entries(files);
            out.add(new LoggedCommit(id, parents.isEmpty() ? List.of() : List.of(parents.split(" ")),
                    author, email, date, subject, files));
        }
        return out;
    }

    /** The file versions in {@code git diff --raw -z} output. */
    public static List<FileChange> changes(byte[] output) throws LeakgateException {
        RawLog r = new RawLog(output);
        List<FileChange> out = new ArrayList<>();
        r.entries(out);
        if (r.pos < r.bytes.length) {
            throw new LeakgateException("unexpected git diff output at byte " + r.pos);
        }
        return out;
    }

    /** Reads entries up to the next record (or the end), keeping the introduced files. */
    private void entries(List<FileChange> out) throws LeakgateException {
        while (true) {
            skipSeparators();
            if (pos >= bytes.length || bytes[pos] != ':') {
                return;
            }
            String meta = field();
            String path = field();
            FileChange c = entry(meta, path);
            if (c != null) {
                out.add(c);
            }
        }
    }

    /**
     * One entry: {@code :MODE MODE ID ID STATUS} for a diff against one parent, or
     * {@code ::MODE MODE MODE ID ID ID STATUSES} (one more colon per parent) for a merge.
     */
    static FileChange entry(String meta, String path) throws LeakgateException {
        int parents = 0;
        while (parents < meta.length() && meta.charAt(parents) == ':') {
            parents++;
        }
        String[] t = meta.substring(parents).split(" ");
        if (t.length < 2 * (parents + 1)) {
            throw new LeakgateException("unexpected git raw diff line: " + meta);
        }
        if (!isFile(t[parents])) {
            return null; // deleted, a submodule, or a directory
        }
        String blob = t[2 * parents + 1];
        if (blob.equals(NO_OBJECT)) {
            return null; // unmerged: nothing staged at this path yet
        }
        List<String> before = new ArrayList<>(parents);
        for (int i = 0; i < parents; i++) {
            if (isFile(t[i])) {
                before.add(t[parents + 1 + i]);
            }
        }
        return new FileChange(path, blob, before);
    }

    private static boolean isFile(String octalMode) {
        int mode;
        try {
            mode = Integer.parseInt(octalMode, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        int type = mode & 0170000;
        return type == 0100000 || type == 0120000;
    }

    private void skipSeparators() {
        while (pos < bytes.length && (bytes[pos] == '\n' || bytes[pos] == 0)) {
            pos++;
        }
    }

    /** The bytes up to the next NUL (or the end), as UTF-8. */
    private String field() {
        int start = pos;
        while (pos < bytes.length && bytes[pos] != 0) {
            pos++;
        }
        String s = new String(bytes, start, pos - start, StandardCharsets.UTF_8);
        if (pos < bytes.length) {
            pos++;
        }
        return s;
    }
}
