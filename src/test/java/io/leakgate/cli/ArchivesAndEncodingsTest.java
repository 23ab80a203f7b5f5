package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.report.SarifSchema;
import io.leakgate.source.archive.TestArchives;
import io.leakgate.source.git.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives and encoded text as a user meets them: scan, git, baselines and every report format. */
class ArchivesAndEncodingsTest {
    static final String KEY = "AKIAYVP4CIPPOWONZTGT";
    static final String SECRET = "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";
    static final String PROPERTIES = "aws.accessKeyId=" + KEY + "\naws.secretKey=" + SECRET + "\n";

    @TempDir
    Path dir;

    private void files(Path root) throws Exception {
        Files.createDirectories(root.resolve("lib"));
        Files.write(root.resolve("lib/service.jar"), new TestArchives()
                .file("BOOT-INF/classes/application.properties", PROPERTIES).zip());
        String encoded = Base64.getEncoder().encodeToString(("AWS_ACCESS_KEY_ID=" + KEY).getBytes(StandardCharsets.UTF_8));
        Files.writeString(root.resolve("setup.sh"), "#!/bin/sh\necho '" + encoded + "' | base64 -d\n");
    }

    private static List<String> places(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : report.get("findings")) {
            JsonNode decoded = f.get("attributes").get("decoded");
            out.add(f.get("rule").asText() + " " + f.get("path").asText() + ":" + f.get("line").asInt()
                    + (decoded != null ? " " + decoded.asText() : ""));
        }
        return out;
    }

    @Test
    void scanReportsMembersAndDecodedTextInJsonAndSarifAndABaselineAcceptsThem() throws Exception {
        files(dir);

        Cli.Run json = Cli.run(dir, "scan", "--format", "json", ".");
        assertThat(json.exit()).as(json.err()).isEqualTo(1);
        assertThat(places(new ObjectMapper().readTree(json.out()))).containsExactlyInAnyOrder(
                "aws-access-key-id lib/service.jar!/BOOT-INF/classes/application.properties:1",
                "aws-secret-access-key lib/service.jar!/BOOT-INF/classes/application.properties:2",
                "aws-access-key-id setup.sh:2 base64");

        Cli.Run sarif = Cli.run(dir, "scan", "--format", "sarif", ".");
        JsonNode results = SarifSchema.assertValid(sarif.out()).get("runs").get(0).get("results");
        JsonNode member = null;
        for (JsonNode r : results) {
            if (r.get("locations").get(0).has("logicalLocations")) {
                member = r.get("locations").get(0);
            }
        }
        assertThat(member).isNotNull();
        assertThat(member.get("physicalLocation").get("artifactLocation").get("uri").asText())
                .isEqualTo("lib/service.jar");
        assertThat(member.get("logicalLocations").get(0).get("fullyQualifiedName").asText())
                .startsWith("lib/service.jar!/BOOT-INF/classes/application.properties:");

        Cli.Run text = Cli.run(dir, "scan", "--no-color", ".");
        assertThat(text.out()).contains("lib/service.jar!/BOOT-INF/classes/application.properties:1:17")
                .contains("decoded base64").contains("archive zip").doesNotContain(KEY).doesNotContain(SECRET);

        Cli.Run baseline = Cli.run(dir, "baseline", "create", "-r", "baseline.json", ".");
        assertThat(baseline.exit()).as(baseline.err()).isZero();
        Cli.Run again = Cli.run(dir, "scan", "--baseline", "baseline.json", ".");
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
    }

    @Test
    void historyScanFindsAKeyInACommittedJarOnceAtItsMember() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("README.md", "demo\n").commit("first");
        repo.write("lib/service.jar", new TestArchives().file("app.properties", PROPERTIES).zip()).commit("add jar");
        repo.write("README.md", "demo, again\n").commit("touch readme");

        Cli.Run run = Cli.run(repo.dir(), "git", "--format", "json", ".");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(places(report)).containsExactlyInAnyOrder(
                "aws-access-key-id lib/service.jar!/app.properties:1",
                "aws-secret-access-key lib/service.jar!/app.properties:2");
        assertThat(report.get("findings").get(0).get("subject").asText()).isEqualTo("add jar");
    }

    @Test
    void depthOptionsAreCheckedAndZeroSwitchesUnwrappingOff() throws Exception {
        files(dir);
        Cli.Run off = Cli.run(dir, "scan", "--archive-depth", "0", "--decode-depth", "0", ".");
        assertThat(off.exit()).as(off.out() + off.err()).isZero();

        Cli.Run bad = Cli.run(dir, "scan", "--decode-depth", "-1", ".");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--decode-depth").doesNotContain("Exception");
    }
}
