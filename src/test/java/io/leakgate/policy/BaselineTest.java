package io.leakgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.LeakgateException;
import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.LocationKind;
import io.leakgate.rules.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
    static final String SECRET_KEY = "mk30783jZKr8zVp8M6HtYG9rs85r8XTVo2FkfHe0";

    @TempDir
    Path dir;

    static List<Finding> findings() throws Exception {
        Detector d = new Detector(new RuleIndex(new ConfigLoader().loadDefault()));
        byte[] b = ("ENV AWS_ACCESS_KEY=AKIAYVP4CIPPOWONZTGT\nENV AWS_SECRET_ACCESS_KEY=" + SECRET_KEY + "\n")
                .getBytes(StandardCharsets.UTF_8);
        return d.scan(b, b.length, "Dockerfile");
    }

    @Test
    void writesSortedJsonWithFingerprintsAndShortHintsButNeverTheSecret() throws Exception {
        Path file = dir.resolve("sub/baseline.json");
        Baseline.of(findings()).write(file);
        String text = Files.readString(file);
        assertThat(text).doesNotContain(SECRET_KEY).doesNotContain("AKIAYVP4CIPPOWONZTGT").doesNotContain("AKIAYVP4");
        JsonNode root = new ObjectMapper().readTree(text);
        assertThat(root.get("leakgate").asText()).isEqualTo("baseline");
        assertThat(root.get("version").asInt()).isEqualTo(2);
        JsonNode entries = root.get("entries");
        assertThat(entries.size()).isEqualTo(2);
        assertThat(entries.get(0).get("rule").asText()).isEqualTo("aws-access-key-id");
        assertThat(entries.get(0).get("hint").asText()).isEqualTo("AKIA…");
        assertThat(entries.get(1).get("hint").asText()).isEqualTo("mk30…");
        assertThat(entries.get(0).get("fingerprint").asText()).isEqualTo(findings().get(0).fingerprint());
        assertThat(Files.list(file.getParent())).as("no temporary file left behind").hasSize(1);
    }

    @Test
    void roundTripsThroughItsFile() throws Exception {
        Baseline b = Baseline.of(findings());
        Path file = dir.resolve("b.json");
        b.write(file);
        Baseline back = Baseline.load(file);
        assertThat(back.entries()).isEqualTo(b.entries());
        assertThat(back.without(List.of(back.entries().get(0))).size()).isEqualTo(1);
    }

    @Test
    void missingOrMalformedBaselineIsAnErrorNamingTheFile() throws Exception {
        assertThatThrownBy(() -> Baseline.load(dir.resolve("nope.json"))).isInstanceOf(LeakgateException.class)
                .hasMessageContaining("nope.json: baseline not found");
        Files.writeString(dir.resolve("bad.json"), "{\n  \"leakgate\": \"baseline\",\n  \"entries\": [\n");
        assertThatThrownBy(() -> Baseline.load(dir.resolve("bad.json"))).isInstanceOf(LeakgateException.class)
                .hasMessageContaining("bad.json:").hasMessageContaining("not valid JSON");
        // A leakgate JSON report serves as a baseline (issue 15: as gitleaks takes an earlier report)...
        Files.writeString(dir.resolve("report.json"), "{\"tool\": \"leakgate\", \"findings\": []}");
        assertThat(Baseline.load(dir.resolve("report.json")).size()).isZero();
        // ...but only one whose findings carry leakgate fingerprints.
        Files.writeString(dir.resolve("other.json"), "{\"tool\": \"leakgate\", \"findings\": [{\"rule\": \"x\"}]}");
        assertThatThrownBy(() -> Baseline.load(dir.resolve("other.json"))).hasMessageContaining("finding 0")
                .hasMessageContaining("no leakgate fingerprint");
        Files.writeString(dir.resolve("neither.json"), "{\"tool\": \"other\", \"findings\": []}");
        assertThatThrownBy(() -> Baseline.load(dir.resolve("neither.json"))).hasMessageContaining("not a leakgate baseline");
        Files.writeString(dir.resolve("short.json"), "{\"leakgate\": \"baseline\", \"version\": 2, \"entries\": [{\"fingerprint\": \"abc\"}]}");
        assertThatThrownBy(() -> Baseline.load(dir.resolve("short.json"))).hasMessageContaining("entry 0")
                .hasMessageContaining("32 hex digits");
        Files.writeString(dir.resolve("old.json"), "{\"leakgate\": \"baseline\", \"version\": 1, \"entries\": "
                + "[{\"fingerprint\": \"c15a18b64b5ec2beb2b10a0a632c7228\"}]}");
        assertThatThrownBy(() -> Baseline.load(dir.resolve("old.json"))).hasMessageContaining("made by an older leakgate")
                .hasMessageContaining("recreate it with 'leakgate baseline create --report ");
    }

    @Test
    void aMessageEntryKeepsItsKindAndAFileEntryHasNoKindField() throws Exception {
        Finding inFile = findings().get(0);
        byte[] message = "Rotate\n\nAWS_ACCESS_KEY_ID=AKIAHBMUAPTT2ZN5X2PD\n".getBytes(StandardCharsets.UTF_8);
        Finding inMessage = new Detector(new RuleIndex(new ConfigLoader().loadDefault()))
                .scan(message, message.length, "<commit-message>").get(0).withKind(LocationKind.COMMIT_MESSAGE);
        Path file = dir.resolve("b.json");
        Baseline.of(List.of(inFile, inMessage)).write(file);
        JsonNode entries = new ObjectMapper().readTree(Files.readString(file)).get("entries");
        assertThat(entries.get(0).get("path").asText()).isEqualTo("<commit-message>");
        assertThat(entries.get(0).get("kind").asText()).isEqualTo("commit-message");
        assertThat(entries.get(1).get("path").asText()).isEqualTo("Dockerfile");
        assertThat(entries.get(1).has("kind")).isFalse();
        Baseline back = Baseline.load(file);
        assertThat(back.get(inMessage.fingerprint()).kind()).isEqualTo(LocationKind.COMMIT_MESSAGE);
        assertThat(back.get(inFile.fingerprint()).kind()).isEqualTo(LocationKind.FILE);

        Files.writeString(dir.resolve("odd.json"), "{\"leakgate\": \"baseline\", \"version\": 2, \"entries\": [{\"fingerprint\": \""
                + inFile.fingerprint() + "\", \"kind\": \"wiki-page\"}]}");
        assertThatThrownBy(() -> Baseline.load(dir.resolve("odd.json"))).hasMessageContaining("entry 0")
                .hasMessageContaining("unknown 'kind' 'wiki-page'");
    }

    @Test
    void shortSecretsGetNoHintAtAll() {
        assertThat(Baseline.hint("hunter2hunter2")).isEqualTo("…");
        assertThat(Baseline.hint("0123456789abcdefXYZ")).isEqualTo("0123…");
    }
}
