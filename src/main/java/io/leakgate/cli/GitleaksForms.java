package io.leakgate.cli;

import io.leakgate.LeakgateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns gitleaks 8 command lines into leakgate's, so that a gitleaks user's habits and CI lines
 * work: its commands ({@code dir}, {@code stdin}, {@code detect}, {@code protect --staged},
 * {@code git --pre-commit --staged}) become leakgate's, flags that only change gitleaks' logging
 * are dropped, and flags leakgate has no equivalent for are a clear error rather than a surprise.
 * Options with a leakgate meaning ({@code --report-path}, {@code --baseline-path}, ...) are
 * declared by the commands themselves.
 */
final class GitleaksForms {
    /** gitleaks' flags that leakgate cannot honour, and why. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "--follow-symlinks", "leakgate never follows symbolic links (a link can lead outside the scanned tree)",
            "--report-template", "leakgate has no report templates; use --report-format json, sarif, csv or junit",
            "--max-decode-depth", "leakgate decodes base64, hex and percent encoding to a fixed depth",
            "--max-archive-depth", "leakgate's archive depth is fixed",
            "--ignore-gitleaks-allow", "inline allow comments are always honoured",
            "--platform", "leakgate's reports carry no links to a hosting platform",
            "--timeout", "leakgate's history scan has no time limit (hooks have their own budget)",
            "--diagnostics", "use --verbose for leakgate's timings",
            "--diagnostics-dir", "use --verbose for leakgate's timings",
            "--pipe", "use 'leakgate scan -' (or 'leakgate stdin') to scan standard input");

    private GitleaksForms() {
    }

    /** The leakgate command line for {@code args}, unchanged when it is leakgate's own. */
    static String[] translate(String[] args) throws LeakgateException {
        if (args.length == 0) {
            return args;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        String command = args[0];
        switch (command) {
            case "dir", "directory", "files" -> command = "scan";
            case "stdin" -> {
                command = "scan";
                rest.add("-");
            }
            case "version" -> {
                return new String[] {"--version"};
            }
            case "detect" -> command = remove(rest, "--no-git") ? "scan" : "git";
            case "protect" -> {
                if (!remove(rest, "--staged")) {
                    throw new LeakgateException("gitleaks' 'protect' without --staged scans changes not yet staged, "
                            + "which leakgate does not; 'protect --staged' (or 'leakgate pre-commit') scans the "
                            + "staged changes, 'leakgate scan .' the whole work tree");
                }
                command = "pre-commit";
            }
            case "git" -> {
                boolean preCommit = remove(rest, "--pre-commit");
                boolean staged = remove(rest, "--staged");
                if (preCommit || staged) {
                    if (!staged) {
                        throw new LeakgateException("gitleaks' 'git --pre-commit' without --staged scans changes "
                                + "not yet staged, which leakgate does not; add --staged (or run 'leakgate "
                                + "pre-commit') to scan the staged changes");
                    }
                    command = "pre-commit";
                }
            }
            default -> {
                if (!usesGitleaksFlags(rest)) {
                    return args;
                }
            }
        }
        List<String> out = new ArrayList<>();
        out.add(command);
        boolean hook = command.equals("pre-commit");
        boolean verbose = rest.contains("-v") || rest.contains("--verbose");
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--")) {
                out.addAll(rest.subList(i, rest.size()));
                break;
            }
            String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            if (UNSUPPORTED.containsKey(name)) {
                throw new LeakgateException("gitleaks' " + name + " has no leakgate equivalent: " + UNSUPPORTED.get(name));
            }
            if (name.equals("--no-banner")) {
                continue;
            }
            if (name.equals("-l") || name.equals("--log-level")) {
                String level = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < rest.size() ? rest.get(++i) : "";
                level = level.toLowerCase(Locale.ROOT);
                if ((level.equals("debug") || level.equals("trace")) && !verbose) {
                    out.add("--verbose");
                    verbose = true;
                }
                continue;
            }
            if (name.equals("--redact")) {
                if (hook) {
                    continue; // a hook's messages are always redacted
                }
                // gitleaks takes a percentage only as --redact=N: the next argument is never it.
                out.add(a.equals("--redact") ? "--redact=100" : a);
                continue;
            }
            if (hook && (name.equals("-s") || name.equals("--source"))) {
                String source = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < rest.size() ? rest.get(++i) : "";
                if (!source.equals(".")) {
                    throw new LeakgateException("leakgate pre-commit scans the repository it runs in: run it there "
                            + "instead of giving --source " + source);
                }
                continue;
            }
            out.add(a);
        }
        return out.toArray(String[]::new);
    }

    /** Whether a leakgate command line carries a gitleaks flag this class rewrites. */
    private static boolean usesGitleaksFlags(List<String> rest) {
        for (String a : rest) {
            if (a.equals("--")) {
                return false;
            }
            String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            if (UNSUPPORTED.containsKey(name) || name.equals("--no-banner") || name.equals("--log-level")
                    || name.equals("-l") || name.equals("--redact")) {
                return true;
            }
        }
        return false;
    }

    private static boolean remove(List<String> args, String flag) {
        return args.remove(flag);
    }
}
