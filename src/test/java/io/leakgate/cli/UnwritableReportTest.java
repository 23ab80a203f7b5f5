package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A report that cannot be written is an error (exit 2), never "report written". */
class UnwritableReportTest {
    static final String FULL = "/dev/full";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "sarif", "csv", "junit"})
    void aReportToAFullDiskFailsWithExitTwoWithOrWithoutFindings(String format) throws Exception {
        assumeTrue(Files.exists(Path.of(FULL)), "needs Linux's /dev/full");
        Files.writeString(dir.resolve("clean.txt"), "nothing here\n");
        Cli.Run clean = Cli.run(dir, "scan", "-f", format, "--report", FULL, ".");
        assertFailed(clean, FULL + ": cannot write report");

        Files.writeString(dir.resolve("a.env"), "AWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n");
        Cli.Run found = Cli.run(dir, "scan", "-f", format, "--report", FULL, ".");
        assertFailed(found, FULL + ": cannot write report");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "csv"})
    void aReportWhereNoFileCanBeMadeFailsWithExitTwo(String format) throws Exception {
        Files.writeString(dir.resolve("a.env"), "AWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n");
        Files.writeString(dir.resolve("plain-file"), "x");
        Cli.Run run = Cli.run(dir, "scan", "-f", format, "--report", "plain-file/report.out", ".");
        assertFailed(run, "plain-file/report.out");
        Cli.Run intoDirectory = Cli.run(dir, "scan", "-f", format, "--report", dir.toString(), ".");
        assertFailed(intoDirectory, dir + ": cannot write report");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "sarif", "csv", "junit"})
    void aReportToAFullStandardOutputFailsWithExitTwo(String format) throws Exception {
        assumeTrue(Files.exists(Path.of(FULL)), "needs Linux's /dev/full");
        Files.writeString(dir.resolve("a.env"), "AWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "io.leakgate.cli.Main",
                "scan", "-f", format, "."))
                .directory(dir.toFile()).redirectOutput(new File(FULL)).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertFailed(new Cli.Run(p.exitValue(), "", err), "standard output: cannot write report");
    }

    private static void assertFailed(Cli.Run run, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("leakgate: ").contains(message).doesNotContain("written");
    }
}
