package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A rehearsal of a hook for its class-data archive: the installed hook script, run by a real
 * git on throw-away repositories, once on a clean change and once on a change that carries a
 * made-up secret, each run's JVM listing the classes it loaded. So the archive holds what a real
 * push or commit loads (the quarantine, the scan, the rejection message), and nothing is written
 * to the repository being installed into. The launcher's rehearsal runs the commands people run
 * from a shell or CI instead ({@code git}, {@code scan}) through the installed launcher script.
 */
final class Rehearsal implements AutoCloseable {
    /**
     * Made up, in the shape of an AWS key pair, so the rehearsal rejects it as a real one (the
     * markers keep leakgate's own scans of this repository quiet).
     */
    private static final String SECRET = "[default]\naws_access_key_id = AKIAZ7RQ3TLXW4MHNVEK\n" // leakgate:allow
            + "aws_secret_access_key = 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\n"; // leakgate:allow
    private static final long STEP_SECONDS = 120;

    private final Path dir;
    private final String git;
    private final Path jar;
    private final String java;
    private final List<Path> lists = new ArrayList<>();

    private Rehearsal(Path jar, String java) throws IOException {
        this.dir = Files.createTempDirectory("leakgate-rehearsal");
        String configured = System.getenv("LEAKGATE_GIT");
        this.git = configured == null || configured.isBlank() ? "git" : configured;
        this.jar = jar;
        this.java = java;
    }

    /** What a rehearsal does on its throw-away repositories. */
    private interface Script {
        void play(Rehearsal r) throws IOException, InterruptedException;
    }

    /**
     * Rehearses {@code hook} with the jar and java given; returns the class lists its runs wrote.
     * The lists live in a temporary directory that {@link #close()} removes.
     */
    static Rehearsal run(HookInstaller.Hook hook, Path jar, String java) throws IOException, InterruptedException {
        return perform(jar, java, r -> {
            switch (hook) {
                case PRE_RECEIVE -> r.preReceive();
                case PRE_COMMIT -> r.preCommit();
                case PRE_PUSH -> r.prePush();
            }
        });
    }

    /**
     * Rehearses the {@code leakgate} launcher script at {@code launcher}: a history scan and a
     * directory scan of a throw-away repository holding a made-up secret, with a text report and
     * with JSON and SARIF reports, and {@code pre-commit} (as the pre-commit framework runs it)
     * on a clean staged change and on one carrying the secret.
     */
    static Rehearsal commands(Path launcher, Path jar, String java) throws IOException, InterruptedException {
        return perform(jar, java, r -> r.commands(launcher));
    }

    /** Plays {@code script} in a new rehearsal; removes its directory if the script fails. */
    private static Rehearsal perform(Path jar, String java, Script script) throws IOException, InterruptedException {
        Rehearsal r = new Rehearsal(jar, java);
        try {
            script.play(r);
            return r;
        } catch (IOException | InterruptedException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private void commands(Path launcher) throws IOException, InterruptedException {
        Path work = dir.resolve("work");
        git(dir, "init", "-q", work.toString());
        commitFile(work, "README.md", "# rehearsal\n", null);
        commitFile(work, "config.ini", SECRET, null);
        // Exit 1 (the made-up secret was found) is the expected outcome of each.
        launch(work, launcher, "git", ".");
        launch(work, launcher, "git", "--quiet", "--format", "json", "--report", dir.resolve("history.json").toString(), ".");
        launch(work, launcher, "scan", ".");
        launch(work, launcher, "scan", "--format", "sarif", "--report", dir.resolve("files.sarif").toString(), ".");
        // The pre-commit framework runs `leakgate pre-commit` through the launcher: a clean
        // staged change and one carrying the made-up secret.
        Files.writeString(work.resolve("notes.txt"), "nothing to see\n", StandardCharsets.UTF_8);
        git(work, "add", "notes.txt");
        launch(work, launcher, "pre-commit");
        Files.writeString(work.resolve("settings.ini"), SECRET, StandardCharsets.UTF_8);
        git(work, "add", "settings.ini");
        launch(work, launcher, "pre-commit");
    }

    private void launch(Path cwd, Path launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        int exit = start(command, cwd, nextList());
        if (exit != 0 && exit != 1) {
            throw new IOException("leakgate " + String.join(" ", args) + " failed in the rehearsal (exit " + exit + ")");
        }
    }

    /** The class lists the hook's runs wrote, in order. */
    List<Path> classLists() {
        return lists;
    }

    private void preReceive() throws IOException, InterruptedException {
        Path server = dir.resolve("server.git");
        Path work = dir.resolve("work");
        git(dir, "init", "-q", "--bare", server.toString());
        script(HookInstaller.Hook.PRE_RECEIVE, server.resolve("hooks"));
        git(dir, "init", "-q", work.toString());
        commitFile(work, "README.md", "# rehearsal\n", null);
        hookRun(work, "push", "-q", server.toString(), "HEAD:refs/heads/main");
        commitFile(work, "config.ini", SECRET, null);
        hookRun(work, "push", "-q", server.toString(), "HEAD:refs/heads/main");
    }

    private void preCommit() throws IOException, InterruptedException {
        Path work = dir.resolve("work");
        git(dir, "init", "-q", work.toString());
        script(HookInstaller.Hook.PRE_COMMIT, work.resolve(".git").resolve("hooks"));
        // The first commit (against the empty tree), a later one, and one the hook blocks.
        commitFile(work, "README.md", "# rehearsal\n", nextList());
        commitFile(work, "notes.txt", "nothing to see\n", nextList());
        commitFile(work, "config.ini", SECRET, nextList());
    }

    private void prePush() throws IOException, InterruptedException {
        Path server = dir.resolve("server.git");
        Path work = dir.resolve("work");
        git(dir, "init", "-q", "--bare", server.toString());
        git(dir, "init", "-q", work.toString());
        script(HookInstaller.Hook.PRE_PUSH, work.resolve(".git").resolve("hooks"));
        commitFile(work, "README.md", "# rehearsal\n", null);
        hookRun(work, "push", "-q", server.toString(), "HEAD:refs/heads/main");
        commitFile(work, "config.ini", SECRET, null);
        hookRun(work, "push", "-q", server.toString(), "HEAD:refs/heads/main");
    }

    private void script(HookInstaller.Hook hook, Path hooksDir) throws IOException {
        Files.createDirectories(hooksDir);
        try {
            BundledScripts.write(hook.fileName(), hooksDir.resolve(hook.fileName()));
        } catch (LeakgateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Writes, stages and commits one file; with {@code list}, the commit runs the hook. */
    private void commitFile(Path work, String name, String text, Path list) throws IOException, InterruptedException {
        Files.writeString(work.resolve(name), text, StandardCharsets.UTF_8);
        git(work, "add", name);
        if (list == null) {
            git(work, "commit", "-q", "--no-verify", "-m", name);
        } else {
            run(work, list, "commit", "-q", "-m", name);
        }
    }

    /** A git command that runs the hook; the hook may reject, which is part of the rehearsal. */
    private void hookRun(Path work, String... args) throws IOException, InterruptedException {
        run(work, nextList(), args);
    }

    private Path nextList() {
        Path list = dir.resolve("classes-" + lists.size() + ".txt");
        lists.add(list);
        return list;
    }

    private void git(Path cwd, String... args) throws IOException, InterruptedException {
        if (run(cwd, null, args) != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed in the rehearsal");
        }
    }

    private int run(Path cwd, Path list, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(git);
        command.addAll(List.of(args));
        return start(command, cwd, list);
    }

    /** Runs {@code command} in an environment of its own; with {@code list}, leakgate's JVM writes its classes there. */
    private int start(List<String> command, Path cwd, Path list) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        // A git of its own: no system or user configuration (hooksPath, templates, signing).
        env.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("LEAKGATE_"));
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "leakgate rehearsal");
        env.put("GIT_AUTHOR_EMAIL", "rehearsal@leakgate.invalid");
        env.put("GIT_COMMITTER_NAME", "leakgate rehearsal");
        env.put("GIT_COMMITTER_EMAIL", "rehearsal@leakgate.invalid");
        env.put("LEAKGATE_JAR", jar.toString());
        env.put("LEAKGATE_JAVA", java);
        if (list != null) {
            env.put("LEAKGATE_JAVA_OPTS", "-XX:DumpLoadedClassList=" + list);
        }
        Process p = pb.start();
        if (!p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in the rehearsal");
        }
        return p.exitValue();
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
