package io.leakgate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Location;
import io.leakgate.finding.LocationKind;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.ScanResult;
import io.leakgate.rules.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SARIF for what only history scans produce (commits, other locations) and for awkward paths. */
class SarifReportTest {
    static final String KEY_ID = "AKIAYVP4CIPPOWONZTGT";
    static final Provenance COMMIT = new Provenance("3f1c0de0a5b8e2c4d6f8091a2b3c4d5e6f708192", "Dana Example",
            "dana@example.invalid", "2026-11-02T10:15:00Z", "Add deploy config");

    static Finding find(String path, String text) throws Exception {
        Detector d = new Detector(new RuleIndex(new ConfigLoader().loadDefault()));
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<Finding> found = d.scan(b, b.length, path);
        assertThat(found).as("findings in %s", text).isNotEmpty();
        return found.get(0);
    }

    static String write(Report report, List<Finding> findings, Suppressed held) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.write(new ScanResult(findings, List.of(), 3, 1234, 5_000_000), held, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void historyFindingCarriesCommitAuthorAndDateInItsPropertyBagAndOtherPlacesAsRelatedLocations() throws Exception {
        Finding f = find("deploy/prod.env", "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n")
                .withProvenance(COMMIT)
                .withOthers(List.of(new Location("old/prod.env", 7, COMMIT)));
        String text = write(ReportFormat.SARIF.create(new Redactor(false), false), List.of(f), Suppressed.of(4, 1));
        assertThat(text).doesNotContain(KEY_ID).doesNotContain("dana@example.invalid");
        JsonNode run = SarifSchema.assertValid(text).get("runs").get(0);
        JsonNode result = run.get("results").get(0);
        JsonNode props = result.get("properties");
        assertThat(props.get("commit").asText()).isEqualTo(COMMIT.commit());
        assertThat(props.get("author").asText()).isEqualTo("Dana Example");
        assertThat(props.get("date").asText()).isEqualTo(COMMIT.date());
        JsonNode related = result.get("relatedLocations").get(0);
        assertThat(related.get("physicalLocation").get("artifactLocation").get("uri").asText()).isEqualTo("old/prod.env");
        assertThat(related.get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(7);
        assertThat(related.get("message").get("text").asText()).contains(COMMIT.commit());
        assertThat(run.get("properties").get("baselined").asInt()).isEqualTo(4);
        assertThat(run.get("properties").get("ignored").asInt()).isEqualTo(1);
    }

    @Test
    void pathsWithSpacesColonsAndNonAsciiBecomeValidUriReferences() throws Exception {
        Finding spaced = find("conf dir/a:b ñ.env", "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n");
        Finding absolute = find("/srv/app/.env", "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n");
        String text = write(new SarifReport(new Redactor(false)), List.of(spaced, absolute), Suppressed.NONE);
        JsonNode results = SarifSchema.assertValid(text).get("runs").get(0).get("results");
        JsonNode first = results.get(0).get("locations").get(0).get("physicalLocation").get("artifactLocation");
        assertThat(first.get("uri").asText()).isEqualTo("conf%20dir/a%3Ab%20%C3%B1.env");
        assertThat(first.get("uriBaseId").asText()).isEqualTo("%SRCROOT%");
        JsonNode second = results.get(1).get("locations").get(0).get("physicalLocation").get("artifactLocation");
        assertThat(second.get("uri").asText()).isEqualTo("file:///srv/app/.env");
        assertThat(second.has("uriBaseId")).isFalse();
        assertThat(java.net.URI.create(first.get("uri").asText()).getPath()).isEqualTo("conf dir/a:b ñ.env");
    }

    @Test
    void aSecretAlsoSeenInACommitMessageListsThatMessageAsARelatedLogicalLocation() throws Exception {
        Finding f = find("deploy/prod.env", "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n")
                .withProvenance(COMMIT)
                .withOthers(List.of(new Location("<commit-message>", 3, COMMIT, LocationKind.COMMIT_MESSAGE)));
        String text = write(new SarifReport(new Redactor(false)), List.of(f), Suppressed.NONE);
        JsonNode result = SarifSchema.assertValid(text).get("runs").get(0).get("results").get(0);
        assertThat(result.get("properties").get("kind").asText()).isEqualTo("file");
        assertThat(result.get("locations").get(0).has("logicalLocations")).isFalse();
        JsonNode related = result.get("relatedLocations").get(0);
        assertThat(related.get("physicalLocation").get("artifactLocation").get("uri").asText())
                .isEqualTo("%3Ccommit-message%3E");
        assertThat(related.get("logicalLocations").get(0).get("fullyQualifiedName").asText())
                .isEqualTo("commit " + COMMIT.commit() + " message");
        assertThat(related.get("logicalLocations").get(0).get("kind").asText()).isEqualTo("commit-message");
        assertThat(related.get("message").get("text").asText()).contains("message of commit " + COMMIT.commit());
    }

    @Test
    void severityMapsToSarifLevels() throws Exception {
        assertThat(SarifReport.level(io.leakgate.finding.Severity.CRITICAL)).isEqualTo("error");
        assertThat(SarifReport.level(io.leakgate.finding.Severity.HIGH)).isEqualTo("error");
        assertThat(SarifReport.level(io.leakgate.finding.Severity.MEDIUM)).isEqualTo("warning");
        assertThat(SarifReport.level(io.leakgate.finding.Severity.LOW)).isEqualTo("note");
        assertThat(SarifReport.level(io.leakgate.finding.Severity.INFO)).isEqualTo("note");
    }

    @Test
    void theSchemaCheckRejectsSarifThatBreaksTheSchema() {
        String broken = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\"}},"
                + "\"results\":[{\"message\":{\"text\":\"m\"},\"level\":\"fatal\"}]}]}";
        assertThatThrownBy(() -> SarifSchema.assertValid(broken)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("level");
    }
}
