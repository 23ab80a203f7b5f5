package io.leakgate.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the Dockerfile with a container engine and runs the image. Tagged {@code container}: it
 * runs with {@code mvn verify -Pcontainer} (engine from {@code -Dleakgate.containerEngine},
 * default {@code docker}), where a missing engine fails it.
 */
@Tag("container")
class ContainerImageIT {
    static final String IMAGE = "leakgate:it";
    static String engine;

    @BeforeAll
    static void buildTheImage() {
        engine = System.getProperty("leakgate.containerEngine", "docker");
        Processes.Result r = Processes.run(List.of(engine, "build", "-t", IMAGE, "."), Path.of("."), e -> { }, null, 1800);
        assertThat(r.exit()).as(r.all()).isZero();
    }

    @Test
    void theImageRunsAsANonRootUser(@TempDir Path dir) {
        Processes.Result r = run(dir, List.of("--entrypoint", "id"), "-u");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out().strip()).isNotEqualTo("0");
    }

    @Test
    void theImageScansAMountedRepositoryAndItsHistory(@TempDir Path dir) throws Exception {
        JlinkRuntimeIT.git(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve("deploy.env"), JlinkRuntimeIT.KEY_LINE);
        JlinkRuntimeIT.git(dir, "add", "-A");
        JlinkRuntimeIT.git(dir, "commit", "-q", "-m", "Deploy");

        Processes.Result history = run(dir, List.of(), "git", ".");
        Processes.Result files = run(dir, List.of(), "scan", ".");
        Processes.Result version = run(dir, List.of(), "--version");

        assertThat(history.exit()).as(history.all()).isEqualTo(1);
        assertThat(history.out()).contains("deploy.env");
        assertThat(files.exit()).as(files.all()).isEqualTo(1);
        assertThat(version.exit()).as(version.all()).isZero();
    }

    static Processes.Result run(Path dir, List<String> options, String... args) {
        List<String> cmd = new ArrayList<>(List.of(engine, "run", "--rm", "-v", dir.toAbsolutePath() + ":/work:ro"));
        cmd.addAll(options);
        cmd.add(IMAGE);
        cmd.addAll(List.of(args));
        return Processes.run(cmd, dir, e -> { }, null, 300);
    }
}
