package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canary keys are reported as such, in plain words, in both report formats. */
class CanaryReportTest {
    /** Fake key id whose encoded account, 052310077262, is a public canarytokens account. */
    private static final String CANARY_KEY_ID = "AKIAAYLPMN5HGU6JDYSH";

    @TempDir
    Path dir;

    @Test
    void textReportWarnsThatTestingACanaryKeyAlertsWhoeverPlantedIt() throws Exception {
        Files.writeString(dir.resolve("credentials"), "[default]\naws_access_key_id = " + CANARY_KEY_ID + "\n");
        Cli.Run run = Cli.run(dir, "scan", "--no-color", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("aws-access-key-id")
                .contains("canary token")
                .contains("052310077262")
                .contains("alerts whoever planted it")
                .doesNotContain(CANARY_KEY_ID);
    }

    @Test
    void jsonReportCarriesTheCanaryTagAndTheDecodedAccount() throws Exception {
        Files.writeString(dir.resolve(".env"), "AWS_ACCESS_KEY_ID=" + CANARY_KEY_ID + "\n");
        Cli.Run run = Cli.run(dir, "scan", "--format", "json", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode finding = new ObjectMapper().readTree(run.out()).path("findings").get(0);
        assertThat(finding.path("rule").asText()).isEqualTo("aws-access-key-id");
        assertThat(finding.path("tags").toString()).contains("\"canary\"");
        assertThat(finding.path("attributes").path("aws-account").asText()).isEqualTo("052310077262");
    }

    @Test
    void ordinaryKeyShowsItsAccountWithoutACanaryWarning() throws Exception {
        Files.writeString(dir.resolve(".env"), "AWS_ACCESS_KEY_ID=ASIAY34FZKBOKMUTVV7A\n");
        Cli.Run run = Cli.run(dir, "scan", "--no-color", ".");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("aws account 609629065308").doesNotContain("canary");
    }
}
