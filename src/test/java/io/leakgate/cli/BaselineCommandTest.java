package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.source.git.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accepting findings once, with the real CLI in a real Git repository. */
class BaselineCommandTest {
    static final String KEY_ID = "AKIAYVP4CIPPOWONZTGT";
    static final String SECRET_KEY = "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";
    static final String NEW_KEY_ID = "AKIAHBMUAPTT2ZN5X2PD";
    static final String BASELINE = ".leakgate-baseline.json";

    @TempDir
    Path repo;

    @Test
    void baselineKeepsAcceptedFindingsQuietThroughRebaseSquashAndLineMoves() throws Exception {
        git("init", "-q", "-b", "main");
        write("README.md", "# app\n");
        git("add", "-A");
        git("commit", "-q", "-m", "Start");
        git("checkout", "-q", "-b", "feature");
        write("Dockerfile", ScanCommandTest.ORIGIN_DOCKERFILE);
        git("add", "-A");
        git("commit", "-q", "-m", "Add Dockerfile");

        Cli.Run create = Cli.run(repo, "baseline", "create", "--report", BASELINE, ".");
        assertThat(create.exit()).as(create.err()).isEqualTo(0);
        assertThat(create.err()).contains("baseline written to " + BASELINE + ": 2 entries");
        assertThat(Files.readString(repo.resolve(BASELINE))).doesNotContain(KEY_ID).doesNotContain(SECRET_KEY);
        git("add", BASELINE);
        git("commit", "-q", "-m", "Accept the fixture keys");

        // Lines move: two edits insert lines above the secrets.
        write("Dockerfile", "# syntax=docker/dockerfile:1\n" + ScanCommandTest.ORIGIN_DOCKERFILE);
        git("commit", "-q", "-am", "Parser directive");
        write("Dockerfile", "# syntax=docker/dockerfile:1\nARG BASE=alpine\n\n" + ScanCommandTest.ORIGIN_DOCKERFILE);
        git("commit", "-q", "-am", "Base argument");
        // main moves on; the branch is rebased onto it, then squashed into one commit.
        git("checkout", "-q", "main");
        write("README.md", "# app\n\nDeploys with Docker.\n");
        git("commit", "-q", "-am", "Docs");
        git("checkout", "-q", "feature");
        git("rebase", "-q", "main");
        git("reset", "-q", "--soft", "main");
        git("commit", "-q", "-m", "Dockerfile, squashed");
        assertThat(git("rev-list", "--count", "main..feature").strip()).isEqualTo("1");

        Cli.Run scan = Cli.run(repo, "scan", "--baseline", BASELINE, ".");
        assertThat(scan.exit()).as(scan.out() + scan.err()).isEqualTo(0);
        assertThat(scan.out()).contains("no new secrets found (2 baselined)");

        write("deploy/prod.env", "AWS_ACCESS_KEY_ID=" + NEW_KEY_ID + "\n");
        Cli.Run json = Cli.run(repo, "scan", "--baseline", BASELINE, "--format", "json", ".");
        assertThat(json.exit()).as(json.err()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("findings").size()).isEqualTo(1);
        assertThat(report.get("findings").get(0).get("path").asText()).isEqualTo("deploy/prod.env");
        assertThat(report.get("summary").get("findings").asInt()).isEqualTo(1);
        assertThat(report.get("summary").get("baselined").asInt()).isEqualTo(2);
        assertThat(json.err()).contains("1 new finding (1 critical), 2 baselined");
    }

    @Test
    void staleEntriesAreListedWithVerboseAndPruneRemovesThem() throws Exception {
        write("Dockerfile", ScanCommandTest.ORIGIN_DOCKERFILE);
        assertThat(Cli.run(repo, "baseline", "create", "-r", BASELINE, ".").exit()).isEqualTo(0);
        write("Dockerfile", ScanCommandTest.ORIGIN_DOCKERFILE.replace(
                "ENV AWS_ACCESS_KEY=" + KEY_ID + "\n", ""));

        Cli.Run quiet = Cli.run(repo, "scan", "--baseline", BASELINE, ".");
        assertThat(quiet.exit()).isEqualTo(0);
        assertThat(quiet.err()).doesNotContain("stale");
        Cli.Run verbose = Cli.run(repo, "scan", "--baseline", BASELINE, "--verbose", ".");
        assertThat(verbose.exit()).isEqualTo(0);
        assertThat(verbose.err()).contains("stale baseline entry").contains("aws-access-key-id in Dockerfile")
                .contains("'leakgate baseline prune' removes it");
        assertThat(verbose.out()).contains("no new secrets found (1 baselined)");

        Cli.Run prune = Cli.run(repo, "baseline", "prune", "--baseline", BASELINE, "-v", ".");
        assertThat(prune.exit()).as(prune.err()).isEqualTo(0);
        assertThat(prune.err()).contains("removed 1 stale entry, 1 kept in " + BASELINE)
                .contains("leakgate: removed ").contains("(aws-access-key-id in Dockerfile)");
        JsonNode pruned = new ObjectMapper().readTree(repo.resolve(BASELINE).toFile());
        assertThat(pruned.get("entries").size()).isEqualTo(1);
        assertThat(pruned.get("entries").get(0).get("rule").asText()).isEqualTo("aws-secret-access-key");

        Cli.Run again = Cli.run(repo, "scan", "--baseline", BASELINE, "-v", ".");
        assertThat(again.err()).doesNotContain("stale");
        Cli.Run nothing = Cli.run(repo, "baseline", "prune", "--baseline", BASELINE, ".");
        assertThat(nothing.err()).contains("no stale entries, 1 kept");
    }

    @Test
    void leakgateignoreFingerprintsHoldFindingsBackInEveryFormat() throws Exception {
        write("Dockerfile", ScanCommandTest.ORIGIN_DOCKERFILE);
        JsonNode all = new ObjectMapper().readTree(Cli.run(repo, "scan", "-f", "json", ".").out());
        String keyFingerprint = all.get("findings").get(0).get("fingerprint").asText();
        write(".leakgateignore", "# fixture key, accepted in review\n" + keyFingerprint + "\n");

        Cli.Run text = Cli.run(repo, "scan", ".");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("1 new finding (1 critical), 0 baselined, 1 ignored")
                .doesNotContain("aws-access-key-id ");
        Cli.Run sarif = Cli.run(repo, "scan", "-f", "sarif", ".");
        assertThat(sarif.out()).doesNotContain(keyFingerprint).contains("aws-secret-access-key");
        assertThat(sarif.err()).contains("1 ignored");

        write(".leakgateignore", keyFingerprint + "\n" + all.get("findings").get(1).get("fingerprint").asText() + "\n");
        Cli.Run clean = Cli.run(repo, "scan", ".");
        assertThat(clean.exit()).isEqualTo(0);
        assertThat(clean.out()).contains("no new secrets found (0 baselined, 2 ignored)");
    }

    @Test
    void gitleaksignoreLinesAreHonouredAndVerboseSuggestsTheFingerprintThatSurvivesLineMoves() throws Exception {
        write("Dockerfile", ScanCommandTest.ORIGIN_DOCKERFILE);
        JsonNode all = new ObjectMapper().readTree(Cli.run(repo, "scan", "-f", "json", ".").out());
        write(".gitleaksignore", "Dockerfile:aws-access-key-id:2\n"
                + "0123456789abcdef0123456789abcdef01234567:Dockerfile:aws-secret-access-key:3\n");
        Cli.Run run = Cli.run(repo, "scan", "-v", ".");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.err()).contains(".gitleaksignore:1: gitleaks ignore line matches by line number; replace it with "
                + all.get("findings").get(0).get("fingerprint").asText());

        write("Dockerfile", "# moved\n" + ScanCommandTest.ORIGIN_DOCKERFILE);
        Cli.Run moved = Cli.run(repo, "scan", "-v", ".");
        assertThat(moved.exit()).as("gitleaks lines name a line, so a move un-ignores").isEqualTo(1);
        assertThat(moved.err()).contains(".gitleaksignore:1: ignore line matched no finding");
    }

    @Test
    void brokenIgnoreFileOrMissingBaselineIsExitTwoWithOneLine() throws Exception {
        write("Dockerfile", ScanCommandTest.ORIGIN_DOCKERFILE);
        Cli.Run missing = Cli.run(repo, "scan", "--baseline", "nope.json", ".");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip().lines()).hasSize(1);
        assertThat(missing.err()).contains("nope.json: baseline not found");

        write(".leakgateignore", "# ok\n" + KEY_ID + "\n");
        Cli.Run broken = Cli.run(repo, "scan", ".");
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err().strip().lines()).hasSize(1);
        assertThat(broken.err()).contains(".leakgateignore:2: expected a leakgate fingerprint")
                .as("the message must not echo what may be a pasted secret").doesNotContain(KEY_ID);
    }

    @Test
    void fingerprintsAreTheSameInEveryJvmAndATeamKeyChangesThemButBaselinesStillRoundTrip() throws Exception {
        write("Dockerfile", ScanCommandTest.ORIGIN_DOCKERFILE);
        String key = "6b1d0e4f9a3c7e2d5b8a1f4c7e0d3a6b";
        List<String> first = fingerprints(Cli.run(repo, "scan", "-f", "json", "."));
        List<String> second = fingerprints(Cli.run(repo, "scan", "-f", "json", "."));
        assertThat(first).hasSize(2).isEqualTo(second).allMatch(f -> f.matches("v2-[0-9a-f]{32}"));
        List<String> keyed = fingerprints(Cli.run(repo, Map.of("LEAKGATE_FINGERPRINT_KEY", key), null, "scan", "-f", "json", "."));
        assertThat(keyed).hasSize(2).allMatch(f -> f.matches("v2k-[0-9a-f]{32}"));
        assertThat(keyed.get(0).substring(4)).isNotEqualTo(first.get(0).substring(3));

        Path keyFile = repo.resolve("../fingerprint.key");
        Files.writeString(keyFile, key + "\n");
        Map<String, String> team = Map.of("LEAKGATE_FINGERPRINT_KEY_FILE", keyFile.toString());
        Cli.Run create = Cli.run(repo, team, null, "baseline", "create", "-r", BASELINE, ".");
        assertThat(create.exit()).as(create.err()).isEqualTo(0);
        assertThat(Files.readString(repo.resolve(BASELINE))).contains(keyed.get(0)).contains("\"version\" : 2");
        Cli.Run held = Cli.run(repo, Map.of("LEAKGATE_FINGERPRINT_KEY", key), null, "scan", "--baseline", BASELINE, ".");
        assertThat(held.exit()).as(held.out() + held.err()).isEqualTo(0);
        assertThat(held.out()).contains("(2 baselined)");

        Cli.Run keyless = Cli.run(repo, "scan", "--baseline", BASELINE, ".");
        assertThat(keyless.exit()).isEqualTo(2);
        assertThat(keyless.err().strip().lines()).hasSize(1);
        assertThat(keyless.err()).contains(BASELINE + ": baseline made with a team fingerprint key, but none is set");
        Cli.Run weak = Cli.run(repo, Map.of("LEAKGATE_FINGERPRINT_KEY", "hunter2"), null, "scan", ".");
        assertThat(weak.exit()).isEqualTo(2);
        assertThat(weak.err()).contains("LEAKGATE_FINGERPRINT_KEY: a fingerprint key needs at least 16 bytes");
    }

    @Test
    void aBaselineFromBeforeSaltedFingerprintsIsRefusedWithHowToRecreateIt() throws Exception {
        write("Dockerfile", ScanCommandTest.ORIGIN_DOCKERFILE);
        write(BASELINE, """
                {"leakgate": "baseline", "version": 1, "entries": [
                  {"fingerprint": "c15a18b64b5ec2beb2b10a0a632c7228", "rule": "aws-access-key-id",
                   "path": "Dockerfile", "hint": "AKIA…"}]}
                """);
        Cli.Run scan = Cli.run(repo, "scan", "--baseline", BASELINE, ".");
        assertThat(scan.exit()).isEqualTo(2);
        assertThat(scan.err().strip().lines()).hasSize(1);
        assertThat(scan.err()).contains(BASELINE + ": made by an older leakgate")
                .contains("recreate it with 'leakgate baseline create --report " + BASELINE + "'");
        Cli.Run recreate = Cli.run(repo, "baseline", "create", "--report", BASELINE, ".");
        assertThat(recreate.exit()).as(recreate.err()).isEqualTo(0);
        assertThat(Cli.run(repo, "scan", "--baseline", BASELINE, ".").exit()).isEqualTo(0);
    }

    private static List<String> fingerprints(Cli.Run run) throws IOException {
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        return new ObjectMapper().readTree(run.out()).get("findings").findValuesAsText("fingerprint");
    }

    @Test
    void standardInputHonoursAnExplicitBaseline() throws Exception {
        byte[] env = ("AWS_ACCESS_KEY_ID=" + KEY_ID + "\n").getBytes(StandardCharsets.UTF_8);
        Path stdinBaseline = repo.resolve("stdin-baseline.json");
        Cli.Run create = Cli.run(repo, Map.of(), env, "baseline", "create", "-r", stdinBaseline.toString(), "-");
        assertThat(create.exit()).as(create.err()).isEqualTo(0);
        Cli.Run scan = Cli.run(repo, Map.of(), env, "scan", "--baseline", stdinBaseline.toString(), "-");
        assertThat(scan.exit()).as(scan.out() + scan.err()).isEqualTo(0);
        assertThat(scan.out()).contains("(1 baselined)");
    }

    private void write(String rel, String text) throws IOException {
        Path p = repo.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git %s: %s", args, out).isZero();
        return out;
    }

    @Test
    void aBaselineFromAJsonReportAcceptsItsFindings() throws Exception {
        Path work = repo.resolve("from-report");
        TestRepo history = TestRepo.init(Files.createDirectories(work));
        history.write("a.env", "AWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n").commit("add");
        history.write("a.env", "nothing\n").commit("remove");
        Cli.Run report = Cli.run(work, "git", "--format", "json", "--report", "history.json", ".");
        assertThat(report.exit()).as(report.err()).isEqualTo(1);

        Cli.Run create = Cli.run(work, "baseline", "create", "--from-report", "history.json", "--report", "b.json");
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(create.err()).contains("1 entry");
        Cli.Run again = Cli.run(work, "git", "--baseline", "b.json", ".");
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        // a report serves directly as a baseline too, as gitleaks takes an earlier report
        Cli.Run direct = Cli.run(work, "git", "--baseline", "history.json", ".");
        assertThat(direct.exit()).as(direct.out() + direct.err()).isZero();

        Files.writeString(work.resolve("not-a-report.json"), "{\"tool\": \"other\"}");
        Cli.Run bad = Cli.run(work, "baseline", "create", "--from-report", "not-a-report.json", "--report", "c.json");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("not a leakgate JSON report");
    }
}
