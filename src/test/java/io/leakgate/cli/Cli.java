package io.leakgate.cli;

import io.leakgate.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs leakgate as a separate process, the way a user or a hook runs it. */
public final class Cli {
    /** What a run printed and how it exited. */
    public record Run(int exit, String out, String err) {
    }

    private Cli() {
    }

    public static Run run(Path dir, String... args) {
        return run(dir, Map.of(), null, args);
    }

    public static Run run(Path dir, Map<String, String> env, byte[] stdin, String... args) {
        return run(List.of(), dir, env, stdin, args);
    }

    /**
     * Runs leakgate without the capabilities that let root read past file permissions, so that a
     * test of unreadable files means the same as root (CI) as for any other user.
     */
    public static Run runWithoutReadOverride(Path dir, String... args) {
        return run(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                "--inh-caps=-dac_override,-dac_read_search"), dir, Map.of(), null, args);
    }

    private static Run run(List<String> prefix, Path dir, Map<String, String> env, byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("io.leakgate.cli.Main");
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(cmd, dir, e -> {
            e.remove("LEAKGATE_CONFIG");
            // Fingerprints as on a machine with no team key, unless a test sets one.
            e.remove("LEAKGATE_FINGERPRINT_KEY");
            e.remove("LEAKGATE_FINGERPRINT_KEY_FILE");
            e.putAll(env);
        }, stdin, 120);
        return new Run(r.exit(), r.out(), r.err());
    }
}
