package io.leakgate.policy;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Fingerprint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ignore file: {@code .leakgateignore} holds one fingerprint per line, with {@code #} comments.
 * For users moving from gitleaks it also takes {@code .gitleaksignore} lines,
 * {@code <commit>:<path>:<rule-id>:<line>} or {@code <path>:<rule-id>:<line>}; those name a line
 * rather than the secret, so they stop matching when the secret moves to another line (see
 * {@link GitleaksEntry}).
 */
public final class IgnoreFile {
    /** The ignore files a scan picks up from the root it scans, in this order. */
    public static final List<String> NAMES = List.of(".leakgateignore", ".gitleaksignore");

    /**
     * gitleaks' line form, compiled on first use: a pre-receive hook reads {@link #NAMES} on every
     * push, and most servers have no ignore file, so the hook would compile it for nothing.
     */
    private static final class Gitleaks {
        static final Pattern LINE = Pattern.compile(
                "(?:(?<commit>[0-9a-fA-F]{40}|[0-9a-fA-F]{64}):)?(?<path>.+):(?<rule>[^:\\s]+):(?<line>\\d+)");
    }

    /** One line of an ignore file. */
    public sealed interface Entry permits FingerprintEntry, GitleaksEntry {
        /** Where the line is, as {@code file:line}, for messages. */
        String source();

        /** Whether this line accepts the finding of {@code rule} at this place. */
        boolean matches(Spot spot);
    }

    /** A leakgate fingerprint: matches the secret wherever it moves within its file. */
    public record FingerprintEntry(String fingerprint, String source) implements Entry {
        @Override
        public boolean matches(Spot spot) {
            return fingerprint.equals(spot.fingerprint());
        }
    }

    /**
     * A gitleaks ignore line. gitleaks identifies a finding by commit, path, rule and start line;
     * we match the rule, the path and the line, and the commit when both the line and the finding
     * name one (a directory scan has no commits, so a history line also applies to the checked-out
     * file). Move the secret to another line and this entry stops matching; replace it with the
     * fingerprint that {@code --verbose} prints.
     *
     * @param commit null when the line has none
     */
    public record GitleaksEntry(String commit, String path, String rule, int line, String source) implements Entry {
        @Override
        public boolean matches(Spot spot) {
            return rule.equals(spot.rule()) && path.equals(spot.path()) && line == spot.line()
                    && (commit == null || spot.commit() == null || commit.equalsIgnoreCase(spot.commit()));
        }
    }

    private final String name;
    private final List<Entry> entries;

    private IgnoreFile(String name, List<Entry> entries) {
        this.name = name;
        this.entries = List.copyOf(entries);
    }

    public String name() {
        return name;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Reads an ignore file; malformed lines are errors naming the file and line. */
    public static IgnoreFile load(Path file) throws LeakgateException {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new LeakgateException(file + ": ignore file not found");
        } catch (IOException e) {
            throw new LeakgateException(file + ": cannot read ignore file: " + e.getMessage(), e);
        }
    }

    /** The ignore files ({@link #NAMES}) in a scanned directory; none when root is not a directory. */
    public static List<IgnoreFile> discover(Path root) throws LeakgateException {
        List<IgnoreFile> found = new ArrayList<>();
        if (root != null && Files.isDirectory(root)) {
            for (String n : NAMES) {
                Path candidate = root.resolve(n);
                if (Files.isRegularFile(candidate)) {
                    found.add(load(candidate));
                }
            }
        }
        return found;
    }

    /**
     * Parses an ignore file's text, for callers that read it from elsewhere than a file (a hook
     * reads it from a commit).
     *
     * @param name how to name the file in error messages
     */
    public static IgnoreFile parse(String name, String text) throws LeakgateException {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String source = name + ":" + (i + 1);
            String head = line;
            int comment = line.indexOf(" #");
            if (comment < 0) {
                comment = line.indexOf("\t#");
            }
            if (comment > 0) {
                head = line.substring(0, comment).strip();
            }
            String lower = head.toLowerCase(Locale.ROOT);
            if (Baseline.FINGERPRINT.matcher(lower).matches()) {
                String mismatch = Fingerprint.mismatch(lower);
                if (mismatch != null) {
                    throw new LeakgateException(source + ": fingerprint " + mismatch);
                }
                out.add(new FingerprintEntry(lower, source));
                continue;
            }
            if (Baseline.OLD_FINGERPRINT.matcher(lower).matches()) {
                throw new LeakgateException(source + ": fingerprint " + Baseline.OUTDATED
                        + "; replace it with the one leakgate reports now");
            }
            // gitleaks lines carry no comments: a path may contain " #".
            Matcher m = Gitleaks.LINE.matcher(line);
            if (m.matches()) {
                int lineNo;
                try {
                    lineNo = Integer.parseInt(m.group("line"));
                } catch (NumberFormatException e) {
                    lineNo = -1;
                }
                if (lineNo > 0) {
                    out.add(new GitleaksEntry(m.group("commit"), m.group("path"), m.group("rule"), lineNo, source));
                    continue;
                }
            }
            throw new LeakgateException(source + ": expected a leakgate fingerprint (v2-… or v2k-…) or a gitleaks "
                    + "ignore line (<commit>:<path>:<rule-id>:<line> or <path>:<rule-id>:<line>)");
        }
        return new IgnoreFile(name, out);
    }
}
