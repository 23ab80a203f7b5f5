package io.leakgate.cli;

import io.leakgate.Processes;
import io.leakgate.finding.FingerprintKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs leakgate as a user or a hook does: in this JVM through {@link Main#run(Terminal, String...)},
 * with its own streams, environment and working directory, or as a separate process where only
 * a process will do.
 */
public final class Cli {
    /** What a run printed and how it exited. */
    public record Run(int exit, String out, String err) {
    }

    private Cli() {
    }

    public static Run run(Path dir, String... args) {
        return run(dir, Map.of(), null, args);
    }

    /**
     * Runs in this JVM, unless a fingerprint key is set: the key is read once per process (every
     * fingerprint of a run must be made with the same one), so a run with a key of its own forks.
     */
    public static Run run(Path dir, Map<String, String> env, byte[] stdin, String... args) {
        if (keyed(env) || keyed(System.getenv())) {
            return forked(dir, env, stdin, args);
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        edit(environment, env);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Terminal terminal = new Terminal(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin), o, e,
                    Map.copyOf(environment), dir.toAbsolutePath(), () -> false);
            int exit = Main.run(terminal, args);
            o.flush();
            e.flush();
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs leakgate as a separate JVM: for what only a process shows (its exit, a key read at start). */
    public static Run forked(Path dir, Map<String, String> env, byte[] stdin, String... args) {
        return fork(List.of(), dir, env, stdin, args);
    }

    /**
     * Runs leakgate without the capabilities that let root read past file permissions, so that a
     * test of unreadable files means the same as root (CI) as for any other user.
     */
    public static Run runWithoutReadOverride(Path dir, String... args) {
        return fork(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                "--inh-caps=-dac_override,-dac_read_search"), dir, Map.of(), null, args);
    }

    private static boolean keyed(Map<String, String> env) {
        return env.containsKey(FingerprintKey.ENV) || env.containsKey(FingerprintKey.FILE_ENV);
    }

    /** The environment of a run: the test's, without leakgate's own settings, plus {@code env}. */
    private static void edit(Map<String, String> environment, Map<String, String> env) {
        environment.remove("LEAKGATE_CONFIG");
        // Fingerprints as on a machine with no team key, unless a test sets one.
        environment.remove(FingerprintKey.ENV);
        environment.remove(FingerprintKey.FILE_ENV);
        environment.putAll(env);
    }

    private static Run fork(List<String> prefix, Path dir, Map<String, String> env, byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("io.leakgate.cli.Main");
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(cmd, dir, e -> edit(e, env), stdin, 120);
        return new Run(r.exit(), r.out(), r.err());
    }
}
