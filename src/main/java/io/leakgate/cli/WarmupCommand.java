package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.hook.PreReceive;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Runs the code a hook runs, on nothing in particular, so {@code install} can record the classes
 * it loads in a class-data-sharing archive. Hidden: not for people.
 */
@Command(name = "warmup", hidden = true, description = "Loads what a hook run loads (used by install).")
final class WarmupCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "GITDIR")
    Path gitDir;

    @Override
    public Integer call() throws LeakgateException, IOException {
        RuleSet rules = ConfigLoader.forScanning().loadDefault();
        Detector detector = new Detector(new RuleIndex(rules));
        byte[] sample = "password = \"warm\"\nAKIA0000000000000000\n".getBytes(StandardCharsets.UTF_8);
        detector.scan(sample, sample.length, "warmup.txt");
        // The parsers of git's output, on a sample of it.
        String log = "\u0001" + "a".repeat(40) + "\0\0A U Thor\0a@example.test\0"
                + "2026-01-01T00:00:00+00:00\0warm\0\n:000000 100644 " + "0".repeat(40) + " " + "b".repeat(40)
                + " A\0warm.txt\0";
        io.leakgate.source.plumbing.RawLog.commits(log.getBytes(StandardCharsets.UTF_8)).get(0).provenance();
        Path workTree = gitDir == null ? null : gitDir.toAbsolutePath().getParent();
        if (gitDir != null && gitDir.getFileName() != null && gitDir.getFileName().toString().equals(".git")) {
            // A client hook's run: what is staged in the work tree (read, never written).
            try (io.leakgate.hook.ClientGate gate = io.leakgate.hook.ClientGate.open(System.getenv(), workTree, 1 << 20)) {
                gate.staged(rules);
                gate.config("leakgate.baseline");
            } catch (LeakgateException e) {
                // only a rehearsal: a repository with nothing to show still trains the archive
            }
            io.leakgate.policy.Policy.load(null, java.util.List.of(), workTree).partial().apply(java.util.List.of());
        }
        if (gitDir != null) {
            // The gate itself, on a push that updates nothing: it reads, decides, writes nothing.
            java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
            new PreReceive(Map.of("GIT_DIR", gitDir.toString()), gitDir, quiet).run(
                    new java.io.ByteArrayInputStream(new byte[0]),
                    new PreReceive.Options(null, null, null, null, null, null, java.util.Set.of(), 25L << 20, false));
        }
        return Main.CLEAN;
    }
}
