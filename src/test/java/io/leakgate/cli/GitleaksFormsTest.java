package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.source.git.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gitleaks user's commands and CI lines, run as they are typed. */
class GitleaksFormsTest {
    static final String KEY = "AKIAYVP4CIPPOWONZTGT";
    static final String DOCKERFILE = ScanCommandTest.ORIGIN_DOCKERFILE;

    @TempDir
    Path dir;

    @Test
    void dirDirectoryAndFilesScanADirectoryLikeScan() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
        for (String command : new String[] {"dir", "directory", "files"}) {
            Cli.Run run = Cli.run(dir, command, ".");
            assertThat(run.exit()).as(command + ": " + run.err()).isEqualTo(1);
            assertThat(run.out()).as(command).contains("Dockerfile:2:").doesNotContain(KEY);
        }
    }

    @Test
    void stdinScansStandardInput() {
        Cli.Run run = Cli.run(dir, Map.of(), DOCKERFILE.getBytes(StandardCharsets.UTF_8), "stdin", "-v");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("-:2:").doesNotContain(KEY);
    }

    @Test
    void detectNoGitWithReportPathWritesJsonRedactedAndUsesTheGivenExitCode() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Dockerfile"), DOCKERFILE);
        Cli.Run run = Cli.run(dir, "detect", "--no-banner", "--source", "src", "--no-git", "--redact",
                "--report-path", "out/report.json", "--exit-code", "7", "-l", "warn");
        assertThat(run.exit()).as(run.err()).isEqualTo(7);
        String json = Files.readString(dir.resolve("out/report.json"));
        JsonNode report = new ObjectMapper().readTree(json);
        assertThat(report.get("findings")).hasSize(2);
        assertThat(json).doesNotContain(KEY);
    }

    @Test
    void exitCodeZeroLetsACiJobPassWhileTheReportStillListsTheFindings() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
        Cli.Run run = Cli.run(dir, "dir", ".", "--redact=80", "--exit-code=0", "--report-format", "sarif",
                "--report-path", "r.sarif");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(dir.resolve("r.sarif"))).contains("\"version\"").contains("2.1.0");
    }

    @Test
    void detectScansHistoryAndLogOptsNarrowsItToARange() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        String first = repo.write("a.env", "AWS_ACCESS_KEY_ID=" + KEY + "\n").commit("add key");
        repo.write("a.env", "nothing\n").commit("remove key");

        Cli.Run all = Cli.run(dir, "detect", "--source", ".", "--report-format", "json", "--report-path", "-");
        assertThat(all.exit()).as(all.err()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(all.out()).get("findings").get(0).get("commit").asText())
                .isEqualTo(first);

        Cli.Run later = Cli.run(dir, "git", "--log-opts=--all " + first + "..HEAD", ".");
        assertThat(later.exit()).as(later.err()).isZero();

        Cli.Run since = Cli.run(dir, "detect", "-s", ".", "--log-opts", "--since=2000-01-01");
        assertThat(since.exit()).as(since.err()).isEqualTo(1);
    }

    @Test
    void logOptsThatLeakgateCannotHonourAreAClearError() throws Exception {
        TestRepo.init(dir).write("a", "x\n").commit("one");
        Cli.Run run = Cli.run(dir, "git", "--log-opts=-n 5", ".");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--log-opts").contains("'-n'").doesNotContain("Exception");
    }

    @Test
    void protectStagedAndGitPreCommitStagedBlockAStagedSecret() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("README", "hi\n").commit("start");
        repo.write("a.env", "AWS_ACCESS_KEY_ID=" + KEY + "\n");
        repo.git("add", "a.env");
        for (String[] args : new String[][] {
            {"protect", "--verbose", "--redact", "--staged"},
            {"git", "--pre-commit", "--redact", "--staged", "--verbose"}}) {
            Cli.Run run = Cli.run(dir, args);
            assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(1);
            assertThat(run.err()).contains("commit blocked").doesNotContain(KEY);
        }
    }

    @Test
    void protectWithoutStagedIsAClearErrorNamingWhatToRunInstead() throws Exception {
        TestRepo.init(dir).write("a", "x\n").commit("one");
        Cli.Run run = Cli.run(dir, "protect");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("--staged").contains("leakgate pre-commit");
    }

    @Test
    void maxTargetMegabytesSkipsLargerFiles() throws Exception {
        Files.writeString(dir.resolve("big.env"), "AWS_ACCESS_KEY_ID=" + KEY + "\n" + "x".repeat(1_100_000));
        Cli.Run run = Cli.run(dir, "dir", "--max-target-megabytes", "1", ".");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out() + run.err()).contains("big.env");
    }

    @Test
    void enableRuleKeepsOnlyTheNamedRulesAndAnUnknownIdIsAnError() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
        Cli.Run one = Cli.run(dir, "dir", "--enable-rule", "aws-access-key-id", "--report-format", "json",
                "--report-path", "-", ".");
        assertThat(one.exit()).as(one.err()).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(one.out()).get("findings");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).get("rule").asText()).isEqualTo("aws-access-key-id");

        Cli.Run bad = Cli.run(dir, "dir", "--enable-rule", "no-such-rule", ".");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("no-such-rule");
    }

    @Test
    void baselinePathTakesALeakgateBaseline() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
        assertThat(Cli.run(dir, "baseline", "create", "--report", "b.json", ".").exit()).isZero();
        Cli.Run run = Cli.run(dir, "detect", "--no-git", "-b", "b.json");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        Cli.Run longForm = Cli.run(dir, "dir", "--baseline-path", "b.json", ".");
        assertThat(longForm.exit()).as(longForm.out() + longForm.err()).isZero();
    }

    @Test
    void baselinePathTakesAGitleaksReportByItsFingerprints() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
        // The shape of a gitleaks JSON report (its documented fields), secrets redacted.
        Files.writeString(dir.resolve("gitleaks-report.json"), """
                [
                 {"Description": "AWS", "StartLine": 2, "EndLine": 2, "StartColumn": 20, "EndColumn": 39,
                  "Match": "REDACTED", "Secret": "REDACTED", "File": "Dockerfile", "Commit": "",
                  "RuleID": "aws-access-key-id", "Fingerprint": "Dockerfile:aws-access-key-id:2"},
                 {"Description": "AWS", "StartLine": 3, "EndLine": 3, "StartColumn": 1, "EndColumn": 60,
                  "Match": "REDACTED", "Secret": "REDACTED", "File": "Dockerfile", "Commit": "",
                  "RuleID": "aws-secret-access-key", "Fingerprint": "Dockerfile:aws-secret-access-key:3"}
                ]
                """);
        Cli.Run run = Cli.run(dir, "dir", "--baseline-path", "gitleaks-report.json", ".");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
    }

    @Test
    void gitleaksOptionsWithoutALeakgateEquivalentAreAClearError() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "x\n");
        Cli.Run run = Cli.run(dir, "dir", "--follow-symlinks", ".");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("--follow-symlinks").contains("gitleaks");

        Cli.Run template = Cli.run(dir, "dir", "--report-format", "template", ".");
        assertThat(template.exit()).isEqualTo(2);
        assertThat(template.err()).contains("template");
    }

    @Test
    void aMistypedCommandSuggestsTheNearestOne() {
        Cli.Run run = Cli.run(dir, "sacn", ".");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown command 'sacn'").contains("did you mean 'scan'");

        Cli.Run dtect = Cli.run(dir, "dtect");
        assertThat(dtect.err()).contains("did you mean 'detect'");
    }

    @Test
    void versionCommandPrintsTheVersion() {
        Cli.Run run = Cli.run(dir, "version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("leakgate ");
    }
}
