package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.report.Rfc4180;
import io.leakgate.report.SarifSchema;
import io.leakgate.source.git.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leakgate git} scans commit messages and annotated-tag messages: a secret pasted into
 * one is a finding located at that commit or tag, with its own location kind in every format.
 */
class GitMessagesTest {
    static final String AWS_KEY = "AKIAYVP4CIPPOWONZTGT";
    static final String GITHUB_TOKEN = githubToken("ghp_", "R8kq2VbTz0Lm4XwNc7HsJd1FyPa9Ug");
    static final String COMMIT_LINE = "old key AWS_ACCESS_KEY_ID=" + AWS_KEY + " was revoked";
    static final String TAG_LINE = "ci GITHUB_TOKEN=" + GITHUB_TOKEN;

    @TempDir
    Path dir;

    TestRepo repo;
    String commit;
    String tag;

    @BeforeEach
    void repositoryWithSecretsOnlyInMessages() {
        repo = TestRepo.init(dir);
        repo.write("README", "hello\n").commit("start");
        commit = repo.write("app.txt", "v2\n").commit("Rotate deploy keys\n\n" + COMMIT_LINE + "\n");
        repo.git("tag", "-a", "v1.0", "-m", "Release 1.0\n\n" + TAG_LINE + "\n");
        tag = repo.git("rev-parse", "v1.0").strip();
        repo.write("app.txt", "v3\n").commit("later");
    }

    /** A GitHub-format token: prefix, 30 characters, base62 CRC32 of those 30. */
    static String githubToken(String prefix, String body) {
        String base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] sum = new char[6];
        for (int i = 5; i >= 0; i--) {
            sum[i] = base62.charAt((int) (v % 62));
            v /= 62;
        }
        return prefix + body + new String(sum);
    }

    static int column(String line, String secret) {
        return line.indexOf(secret) + 1;
    }

    @Test
    void theTextReportLocatesEachSecretInItsCommitOrTagMessageAndExitsOne() {
        Cli.Run run = Cli.run(dir, "git", "--quiet", "--no-color", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out())
                .contains("commit " + commit.substring(0, 12) + " message:3:" + column(COMMIT_LINE, AWS_KEY))
                .contains("tag v1.0 message:3:" + column(TAG_LINE, GITHUB_TOKEN))
                .contains("aws-access-key-id").contains("github-pat")
                .contains("2 findings")
                .doesNotContain(AWS_KEY).doesNotContain(GITHUB_TOKEN);
    }

    @Test
    void theJsonReportNamesTheKindCommitAndTagOfEachMessageFinding() throws Exception {
        Cli.Run run = Cli.run(dir, "git", "--format", "json", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).doesNotContain(AWS_KEY).doesNotContain(GITHUB_TOKEN);
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode f : new ObjectMapper().readTree(run.out()).get("findings")) {
            byKind.put(f.get("kind").asText(), f);
        }
        assertThat(byKind).containsOnlyKeys("commit-message", "tag-message");

        JsonNode c = byKind.get("commit-message");
        assertThat(c.get("rule").asText()).isEqualTo("aws-access-key-id");
        assertThat(c.get("path").asText()).isEqualTo("<commit-message>");
        assertThat(c.get("line").asInt()).isEqualTo(3);
        assertThat(c.get("column").asInt()).isEqualTo(column(COMMIT_LINE, AWS_KEY));
        assertThat(c.get("commit").asText()).isEqualTo(commit);
        assertThat(c.get("subject").asText()).isEqualTo("Rotate deploy keys");
        assertThat(c.get("author").asText()).isEqualTo("Ada Tester");

        JsonNode t = byKind.get("tag-message");
        assertThat(t.get("rule").asText()).isEqualTo("github-pat");
        assertThat(t.get("path").asText()).isEqualTo("<tag-message>");
        assertThat(t.get("line").asInt()).isEqualTo(3);
        assertThat(t.get("column").asInt()).isEqualTo(column(TAG_LINE, GITHUB_TOKEN));
        assertThat(t.get("commit").asText()).isEqualTo(tag);
        assertThat(t.get("subject").asText()).isEqualTo("Release 1.0");
        assertThat(t.get("author").asText()).isEqualTo("Ada Tester");
        assertThat(t.get("attributes").get("tag").asText()).isEqualTo("v1.0");
    }

    @Test
    void theSarifReportIsSchemaValidAndCarriesTheKindAsALogicalLocation() throws Exception {
        Cli.Run run = Cli.run(dir, "git", "--format", "sarif", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).doesNotContain(AWS_KEY).doesNotContain(GITHUB_TOKEN);
        JsonNode results = SarifSchema.assertValid(run.out()).get("runs").get(0).get("results");
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode r : results) {
            byKind.put(r.get("properties").get("kind").asText(), r);
        }
        assertThat(byKind).containsOnlyKeys("commit-message", "tag-message");
        JsonNode c = byKind.get("commit-message").get("locations").get(0);
        assertThat(c.get("physicalLocation").get("artifactLocation").get("uri").asText())
                .isEqualTo("%3Ccommit-message%3E");
        assertThat(c.get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(3);
        JsonNode logical = c.get("logicalLocations").get(0);
        assertThat(logical.get("fullyQualifiedName").asText()).isEqualTo("commit " + commit + " message");
        JsonNode t = byKind.get("tag-message").get("locations").get(0).get("logicalLocations").get(0);
        assertThat(t.get("name").asText()).isEqualTo("v1.0");
        assertThat(t.get("fullyQualifiedName").asText()).isEqualTo("tag v1.0 message");
        assertThat(byKind.get("tag-message").get("properties").get("commit").asText()).isEqualTo(tag);
    }

    @Test
    void theCsvReportHasAKindColumn() {
        Cli.Run run = Cli.run(dir, "git", "--format", "csv", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        List<List<String>> rows = Rfc4180.parse(run.out());
        int kind = rows.get(0).indexOf("kind");
        int path = rows.get(0).indexOf("path");
        int commitColumn = rows.get(0).indexOf("commit");
        assertThat(kind).isNotNegative();
        List<String> seen = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            seen.add(row.get(kind) + " " + row.get(path) + " " + row.get(commitColumn));
        }
        assertThat(seen).containsExactlyInAnyOrder("commit-message <commit-message> " + commit,
                "tag-message <tag-message> " + tag);
        assertThat(run.out()).doesNotContain(AWS_KEY).doesNotContain(GITHUB_TOKEN);
    }

    @Test
    void theJunitReportNamesTheMessageAsTheTestClass() {
        Cli.Run run = Cli.run(dir, "git", "--format", "junit", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("classname=\"commit " + commit.substring(0, 12) + " message\"")
                .contains("classname=\"tag v1.0 message\"")
                .contains("kind:        commit-message")
                .doesNotContain(AWS_KEY).doesNotContain(GITHUB_TOKEN);
    }

    @Test
    void aBaselineOfTheMessageFindingsStillHoldsAfterTheCommitIsRewritten() throws Exception {
        Cli.Run first = Cli.run(dir, "git", "--format", "json", ".");
        StringBuilder entries = new StringBuilder();
        for (JsonNode f : new ObjectMapper().readTree(first.out()).get("findings")) {
            entries.append(entries.length() == 0 ? "" : ",").append("{\"fingerprint\":\"")
                    .append(f.get("fingerprint").asText()).append("\",\"rule\":\"").append(f.get("rule").asText())
                    .append("\",\"path\":\"").append(f.get("path").asText()).append("\"}");
        }
        Path baseline = dir.resolve("baseline.json");
        Files.writeString(baseline, "{\"leakgate\":\"baseline\",\"version\":2,\"entries\":[" + entries + "]}");
        // a rebase gives every commit and tag a new id; the messages, and the secrets, are the same
        repo.git("rebase", "-q", "--root", "--force-rebase");
        repo.git("tag", "-f", "-a", "v1.0", "-m", "Release 1.0\n\n" + TAG_LINE + "\n", "HEAD~1");
        assertThat(repo.git("rev-parse", "v1.0").strip()).isNotEqualTo(tag);
        repo.git("reflog", "expire", "--expire=now", "--all");
        repo.git("gc", "-q", "--prune=now");

        Cli.Run again = Cli.run(dir, "git", "--baseline", baseline.toString(), ".");
        assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(0);
        assertThat(again.out()).contains("2 baselined");
    }

    @Test
    void aGitleaksIgnoreLineNamesTheCommitAndThePseudoPath() throws Exception {
        Files.writeString(dir.resolve(".gitleaksignore"), commit + ":<commit-message>:aws-access-key-id:3\n");
        Cli.Run run = Cli.run(dir, "git", "--format", "json", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(run.out()).get("findings");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).get("kind").asText()).isEqualTo("tag-message");
    }

    @Test
    void aRangeScansOnlyTheMessagesOfItsCommitsAndTheTagsOfThem() throws Exception {
        String before = repo.head();
        String late = repo.write("app.txt", "v4\n").commit("Add key\n\nAWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
        Cli.Run run = Cli.run(dir, "git", "--format", "json", "--since-ref", before, ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(run.out()).get("findings");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).get("commit").asText()).isEqualTo(late);

        repo.git("tag", "-a", "v2.0", "-m", "Release 2.0\n\n" + TAG_LINE + "\n");
        Cli.Run tagged = Cli.run(dir, "git", "--format", "json", "--since-ref", before, ".");
        List<String> kinds = new ArrayList<>();
        new ObjectMapper().readTree(tagged.out()).get("findings").forEach(f -> kinds.add(f.get("kind").asText()
                + " " + f.get("attributes").path("tag").asText("-")));
        assertThat(kinds).containsExactlyInAnyOrder("commit-message -", "tag-message v2.0");
    }

    @Test
    void theMessageOfAnAnnotatedTagOfABlobIsScannedEvenInARepositoryWithoutCommits() throws Exception {
        Path bare = dir.resolve("only-tags");
        TestRepo other = TestRepo.init(bare);
        Files.writeString(bare.resolve("note.txt"), "nothing here\n");
        String blob = other.git("hash-object", "-w", "note.txt").strip();
        other.git("tag", "-a", "note", "-m", "Note\n\n" + TAG_LINE + "\n", blob);

        Cli.Run run = Cli.run(bare, "git", "--format", "json", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode f = new ObjectMapper().readTree(run.out()).get("findings").get(0);
        assertThat(f.get("kind").asText()).isEqualTo("tag-message");
        assertThat(f.get("attributes").get("tag").asText()).isEqualTo("note");
        assertThat(f.get("line").asInt()).isEqualTo(3);
        assertThat(run.err()).contains("no commits to scan; only the messages of 1 annotated tag");
    }

    @Test
    void aTagNameWithControlCharactersIsEscapedInTheTextReport() throws Exception {
        // git refuses such a name in a ref, but a tag object's own header can say anything
        String object = "object " + commit + "\ntype commit\ntag v1\u001b]0;owned\u0007\n"
                + "tagger Ada Tester <ada@example.com> 1704067200 +0000\n\nx\n\n" + TAG_LINE + "\n";
        Path raw = dir.resolve("tag.raw");
        Files.writeString(raw, object);
        String id = repo.git("hash-object", "-t", "tag", "-w", "--literally", raw.toString()).strip();
        repo.git("update-ref", "refs/tags/odd", id);

        Cli.Run run = Cli.run(dir, "git", "--quiet", "--no-color", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("tag v1\\x1b]0;owned\\x07 message:3:").doesNotContain("\u001b").doesNotContain("\u0007");
    }
}
