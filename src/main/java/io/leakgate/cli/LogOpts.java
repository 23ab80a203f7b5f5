package io.leakgate.cli;

import io.leakgate.LeakgateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * gitleaks' {@code --log-opts}, the options it hands to {@code git log}, read as far as they say
 * which commits to scan. Options that only narrow a walk leakgate makes anyway ({@code --all},
 * {@code --no-merges}, {@code --first-parent}) are accepted, as scanning more commits can only
 * find more; any other option is an error rather than silently ignored.
 *
 * @param range  a range {@code A..B} or one revision, or null for all refs
 * @param since  a date, or null
 */
record LogOpts(String range, String since) {
    private static final Set<String> WIDER_IS_FINE = Set.of("--all", "--branches", "--tags", "--remotes",
            "--no-merges", "--first-parent", "-p", "--patch", "--full-history");

    /** Takes the next argument as the value as it is: it holds git's options, which picocli would take for ours. */
    static final class Verbatim implements picocli.CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, picocli.CommandLine.Model.CommandSpec spec,
                picocli.CommandLine.Model.ArgSpec arg, java.util.Map<String, Object> info) {
            if (args.isEmpty()) {
                return false;
            }
            arg.setValue(args.pop());
            return true;
        }
    }

    static LogOpts parse(String text) throws LeakgateException {
        String range = null;
        String since = null;
        List<String> tokens = tokens(text);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (WIDER_IS_FINE.contains(t)) {
                continue;
            }
            if (t.startsWith("--since=") || t.startsWith("--after=")) {
                since = t.substring(t.indexOf('=') + 1);
            } else if ((t.equals("--since") || t.equals("--after")) && i + 1 < tokens.size()) {
                since = tokens.get(++i);
            } else if (!t.startsWith("-") && !t.startsWith("^") && !t.contains("...")) {
                if (range != null) {
                    throw new LeakgateException("--log-opts: give one range or revision, not '" + range + "' and '"
                            + t + "'");
                }
                range = t;
            } else {
                throw new LeakgateException("--log-opts: leakgate cannot honour '" + t + "'; it understands a range "
                        + "A..B or a revision, --all and --since=DATE (run 'leakgate git --help')");
            }
        }
        return new LogOpts(range, since);
    }

    /** Splits on whitespace, keeping quoted parts together as a shell would. */
    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
