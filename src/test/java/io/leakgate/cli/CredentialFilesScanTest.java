package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-aware detection end to end: a credential file's weak password is reported, the same line in a README is not. */
class CredentialFilesScanTest {
    private static final String PGPASS = "db.acme.internal:5432:shop:shop:shop123\n";
    private static final String GIT_CREDENTIALS = "https://jdoe:Summer@2024#x@git.acme.io\n";
    private static final String SITEMANAGER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <FileZilla3>
              <Servers>
                <Server>
                  <Host>ftp.acme.io</Host>
                  <Port>21</Port>
                  <User>deploy</User>
                  <Pass encoding="base64">RnQ4I2txQDJMbQ==</Pass>
                </Server>
              </Servers>
            </FileZilla3>
            """;
    private static final String LARAVEL_ENV = """
            APP_NAME=Shop
            APP_KEY=base64:TKKNQFTEfl3rlhfGXqOzLBJ3nyPmRYY8t/pQt5LpjxE=
            DB_PASSWORD=shop2024
            """;
    private static final String DOCKERCFG =
            "{\"https://index.docker.io/v1/\":{\"auth\":\"ZGVwbG95OkZ0OCNrcUAyTG0=\",\"email\":\"ci@acme.io\"}}\n";

    @TempDir
    Path dir;

    @Test
    void reportsEachCredentialFileByItsRuleAndNotTheSameLinesInAReadme() throws Exception {
        Files.writeString(dir.resolve(".pgpass"), PGPASS);
        Files.writeString(dir.resolve(".git-credentials"), GIT_CREDENTIALS);
        Files.createDirectories(dir.resolve("FileZilla"));
        Files.writeString(dir.resolve("FileZilla/sitemanager.xml"), SITEMANAGER);
        Files.writeString(dir.resolve(".env"), LARAVEL_ENV);
        Files.writeString(dir.resolve(".dockercfg"), DOCKERCFG);
        Files.writeString(dir.resolve("README.md"),
                "Set up:\n\n" + PGPASS + GIT_CREDENTIALS + SITEMANAGER + LARAVEL_ENV + DOCKERCFG);

        Cli.Run run = Cli.run(dir, "scan", "--format", "json", ".");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        List<String> found = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(run.out()).get("findings")) {
            found.add(f.get("path").asText() + ":" + f.get("line").asInt() + " " + f.get("rule").asText());
            for (JsonNode l : f.path("locations")) {
                found.add(l.get("path").asText() + " (another location)");
            }
        }
        // In the README, the file rules stay silent; only the generic rule may report the two
        // random-looking values (an app key, a base64 auth), as it would anywhere.
        found.removeIf(f -> f.startsWith("README.md:") && f.endsWith(" generic-secret"));
        assertThat(found).containsExactlyInAnyOrder(
                ".pgpass:1 pgpass-password",
                ".git-credentials:1 git-credentials",
                "FileZilla/sitemanager.xml:8 filezilla-password",
                ".env:2 laravel-app-key",
                ".env:3 env-file-password",
                ".dockercfg:1 docker-config-file-auth");
        assertThat(run.out()).doesNotContain("shop123").doesNotContain("Summer@2024#x").doesNotContain("shop2024");
    }
}
