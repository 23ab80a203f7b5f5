package io.leakgate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.Processes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's {@code .pre-commit-hooks.yaml} run by the real pre-commit framework (the
 * distribution's package: Debian ships 3.0.4, whose stage names predate 3.2's): a commit that
 * stages a secret and the first push of a branch that carries one are both blocked.
 *
 * <p>It needs a tool a clone does not bring, so it runs in the profile that {@code .ci/run} turns on
 * ({@code mvn -B verify -Pcorpus}), which installs pre-commit first; there its absence fails.
 */
@Tag("external-tools")
class PreCommitFrameworkIT {
    static final String AWS_ID = "AKIAYVP4CIPPOWONZTGT";

    @TempDir
    Path dir;

    Git git;
    String preCommit;

    @BeforeEach
    void findPreCommit() {
        preCommit = onPath("pre-commit");
        if (preCommit == null) {
            throw new AssertionError("pre-commit is not installed (apt-get install pre-commit): the"
                    + " pre-commit framework test needs it");
        }
        git = new Git(dir.resolve("home"));
    }

    @Test
    void theManifestValidatesWithTheInstalledPreCommit() {
        Processes.Result r = preCommit(Path.of("").toAbsolutePath(), "validate-manifest", ".pre-commit-hooks.yaml");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    @Test
    void theManifestsHooksBlockACommitAndTheFirstPushOfABranchThatCarryASecret() throws Exception {
        Path hooks = dir.resolve("hooks-repo");
        git.ok(dir, "init", "-q", hooks.toString());
        Files.copy(Path.of(".pre-commit-hooks.yaml"), hooks.resolve(".pre-commit-hooks.yaml"));
        git.ok(hooks, "add", ".pre-commit-hooks.yaml");
        git.ok(hooks, "commit", "-q", "-m", "hooks");
        String rev = git.ok(hooks, "rev-parse", "HEAD");

        Path work = dir.resolve("work");
        git.ok(dir, "init", "-q", work.toString());
        Files.writeString(work.resolve(".pre-commit-config.yaml"), "repos:\n"
                + "  - repo: " + hooks + "\n"
                + "    rev: " + rev + "\n"
                + "    hooks:\n"
                + "      - id: leakgate\n"
                + "      - id: leakgate-push\n");
        Files.writeString(work.resolve("README.md"), "# demo\n");
        git.ok(work, "add", "-A");
        git.ok(work, "commit", "-q", "-m", "start");
        Processes.Result install = preCommit(work, "install", "--hook-type", "pre-commit", "--hook-type", "pre-push");
        assertThat(install.exit()).as(install.out() + install.err()).isZero();

        Files.writeString(work.resolve("deploy.env"), "AWS_ACCESS_KEY_ID=" + AWS_ID + "\n");
        git.ok(work, "add", "deploy.env");
        Git.Result commit = withFramework().run(work, "commit", "-m", "deploy");
        assertThat(commit.exit()).as(commit.all()).isNotZero();
        assertThat(commit.all()).contains("commit blocked").contains("deploy.env").doesNotContain(AWS_ID);

        // Past the commit hook, the push hook still stops it: a new branch, root commit included.
        git.ok(work, "commit", "-q", "--no-verify", "-m", "deploy");
        Path server = dir.resolve("server.git");
        git.ok(dir, "init", "-q", "--bare", server.toString());
        git.ok(work, "remote", "add", "origin", server.toString());
        Git.Result push = withFramework().run(work, "push", "origin", "HEAD:main");
        assertThat(push.exit()).as(push.all()).isNotZero();
        assertThat(push.all()).contains("push blocked").doesNotContain(AWS_ID);
        assertThat(git.run(server, "rev-parse", "--verify", "-q", "refs/heads/main").exit()).isNotZero();
    }

    /** git with the pre-commit framework's needs: the launcher on PATH and a cache of its own. */
    private Git withFramework() throws Exception {
        return git.with("PATH", launcherDir() + File.pathSeparator + System.getenv("PATH"))
                .with("PRE_COMMIT_HOME", dir.resolve("pre-commit-cache").toString());
    }

    /** A {@code leakgate} on PATH that runs the packaged jar, as the launcher does. */
    private Path launcherDir() throws Exception {
        Path bin = dir.resolve("bin");
        Path launcher = bin.resolve("leakgate");
        if (!Files.exists(launcher)) {
            Files.createDirectories(bin);
            String jar = Path.of(System.getProperty("leakgate.jar", "target/leakgate.jar")).toAbsolutePath().toString();
            Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                    + "' -jar '" + jar + "' \"$@\"\n");
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private Processes.Result preCommit(Path cwd, String... args) {
        List<String> cmd = new ArrayList<>(List.of(preCommit));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, cwd, e -> {
            e.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("LEAKGATE"));
            e.put("HOME", dir.resolve("home").toString());
            e.put("GIT_CONFIG_NOSYSTEM", "1");
            e.put("PRE_COMMIT_HOME", dir.resolve("pre-commit-cache").toString());
        }, null, 180);
    }

    private static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
