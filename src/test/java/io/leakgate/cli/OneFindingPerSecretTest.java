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

/**
 * One secret at one place is one finding, whatever rules see it; stand-ins and template
 * expressions are no finding for any rule; gitleaks' composite rules load and behave.
 */
class OneFindingPerSecretTest {
    /** Random, with a correct CRC32: what GitHub and npm issue. */
    private static final String GITHUB = "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";
    private static final String NPM = "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";
    /** The same shape with a checksum that fails: typed by hand. */
    private static final String GITHUB_BAD_CHECKSUM = "ghp_Vx9rT2kLmQ8sW4zN7bJ1cY5hF3dG6aP0eK2u";

    @TempDir
    Path dir;

    @Test
    void aTokenInACurlAuthorizationHeaderIsOneFindingOfItsOwnRule() throws Exception {
        write("deploy.sh", "curl -H 'Authorization: token " + GITHUB + "' https://api.github.com/user\n");
        assertThat(rules(scanJson())).containsExactly("github-pat");
    }

    @Test
    void anNpmrcTokenLineIsOneFinding() throws Exception {
        write(".npmrc", "//registry.npmjs.org/:_authToken=" + NPM + "\n");
        assertThat(rules(scanJson())).containsExactly("npm-access-token");
    }

    @Test
    void aGithubLookAlikeWhoseChecksumFailsIsReportedByNoRule() throws Exception {
        write("build.sh", String.join("\n",
                "git clone https://deploy:" + GITHUB_BAD_CHECKSUM + "@github.com/acme/private.git",
                "curl -H 'Authorization: token " + GITHUB_BAD_CHECKSUM + "' https://api.github.com/user",
                "export GITHUB_TOKEN=" + GITHUB_BAD_CHECKSUM,
                "github_secret = \"" + GITHUB_BAD_CHECKSUM + "\"",
                ""));
        Cli.Run run = Cli.run(dir, "scan", ".");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("no secrets found");
    }

    @Test
    void placeholdersAndTemplateExpressionsAreNoFindings() throws Exception {
        write("deploy/.env", String.join("\n",
                "GITHUB_TOKEN=<YOUR_GITHUB_TOKEN>",
                "github_token=${GITHUB_TOKEN}",
                "DB_PASSWORD=__DB_PASSWORD__",
                "ADMIN_PASSWORD=@@PASSWORD@@",
                "SMTP_PASSWORD=${SMTP_PASSWORD:-changeme}",
                "API_SECRET=$MY_API_SECRET_VALUE",
                ""));
        write("roles/app/templates/aws.cfg.j2", String.join("\n",
                "[default]",
                "aws_access_key_id = {{ aws_access_key_id }}",
                "aws_secret_access_key = {{ vault_aws_secret_access_key }}",
                ""));
        write("chart/templates/secret.yaml", String.join("\n",
                "apiVersion: v1",
                "kind: Secret",
                "metadata:",
                "  name: app",
                "stringData:",
                "  DB_PASSWORD: \"{{ .Values.db.password }}\"",
                "  API_TOKEN: '{{ required \"token\" .Values.apiToken }}'",
                ""));
        write("src/main/resources/application.properties", String.join("\n",
                "spring.datasource.url=jdbc:postgresql://db:5432/app",
                "spring.datasource.password=${SPRING_DATASOURCE_PASSWORD}",
                ""));
        write("main.tf", String.join("\n",
                "provider \"aws\" {",
                "  access_key = var.access_key",
                "  secret_key = var.secret_key",
                "}",
                "resource \"x\" \"y\" { password = \"${var.db_password}\" }",
                ""));
        write("README.md", String.join("\n",
                "Connect with `mongodb://<username>:<password>@cluster0.mongodb.net/test`.",
                "    docker login -u ci -p {{ .Env.REGISTRY_PASSWORD }} registry.acme.net",
                "    CREATE USER 'app'@'%' IDENTIFIED BY '@@PASSWORD@@';",
                ""));
        Cli.Run run = Cli.run(dir, "scan", ".");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("no secrets found");
    }

    @Test
    void patternsAndCodeSeenInOrdinaryLibrariesAreNoFindings() throws Exception {
        write("src/MediaType.java", "class MediaType {\n    static final String TOKEN = \"[0-9A-Za-z!#$%&'*+.^_`|~-]+\";\n}\n");
        write("lib/MediaType.kt", "private const val TOKEN = \"([a-zA-Z0-9-!#$%&'*+.^_`{|}~]+)\"\n");
        write("lib/connection.js", String.join("\n",
                " *     db.createConnection('mongodb://val:psw@127.0.0.1:27017/mydb').pass; // \"psw\"",
                "      const _password = xor(password, scramble, serverKey);",
                ""));
        Cli.Run run = Cli.run(dir, "scan", ".");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("no secrets found");
    }

    @Test
    void aCompositeRuleReportsOnlyWhenItsRequiredRuleMatchesNearby() throws Exception {
        write(".gitleaks.toml", """
                [[rules]]
                id = "acme-client-id"
                description = "ACME client id"
                regex = '''acme_id_[a-z0-9]{12}'''
                keywords = ["acme_id_"]
                skipReport = true

                [[rules]]
                id = "acme-client-secret"
                description = "ACME client secret, next to its client id"
                regex = '''acme_secret_([a-z0-9]{24})'''
                keywords = ["acme_secret_"]
                [[rules.required]]
                id = "acme-client-id"
                withinLines = 2

                [[rules]]
                id = "acme-region-key"
                description = "ACME key on the line of a region"
                regex = '''acme_key_[a-z0-9]{16}'''
                keywords = ["acme_key_"]
                [[rules.required]]
                id = "acme-region"
                withinColumns = 40

                [[rules]]
                id = "acme-region"
                description = "ACME region"
                regex = '''acme-(?:eu|us)-[0-9]'''
                keywords = ["acme-"]
                skipReport = true
                """);
        write("near.env", "ACME_CLIENT=acme_id_k3j9x0q2m8z1\n\nACME_SECRET=acme_secret_p4w8r2t6y0u3i7o1a5s9d3f7\n");
        write("far.env", "ACME_CLIENT=acme_id_k3j9x0q2m8z1\n\n\n\nACME_SECRET=acme_secret_h2j6k0l4z8x3c7v1b5n9m3q7\n");
        write("alone.env", "ACME_SECRET=acme_secret_g5f1d7s3a9p2o8i4u6y0t2r4\n");
        write("region.env", "key: acme_key_a8s7d6f5g4h3j2k1, region: acme-eu-1\nkey: acme_key_z9x8c7v6b5n4m3q2\n"
                + "region: acme-us-2\n");
        JsonNode report = scanJson();
        List<String> found = new ArrayList<>();
        for (JsonNode f : report.get("findings")) {
            found.add(f.get("rule").asText() + "@" + f.get("path").asText() + ":" + f.get("line").asInt());
        }
        assertThat(found).containsExactlyInAnyOrder("acme-client-secret@near.env:3", "acme-region-key@region.env:1");
    }

    @Test
    void aRuleRequiringAnUndefinedRuleIsAConfigErrorWithItsLine() throws Exception {
        write("r.toml", """
                [[rules]]
                id = "acme-client-secret"
                regex = '''acme_secret_([a-z0-9]{24})'''
                keywords = ["acme_secret_"]
                [[rules.required]]
                id = "acme-client-id"
                withinLines = 2
                """);
        Cli.Run run = Cli.run(dir, "scan", "--config", "r.toml", ".");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("r.toml:").contains("rule 'acme-client-secret' requires rule 'acme-client-id'")
                .doesNotContain("Exception");
    }

    private JsonNode scanJson() throws Exception {
        Cli.Run run = Cli.run(dir, "scan", "-f", "json", ".");
        assertThat(run.exit()).as(run.err()).isIn(0, 1);
        return new ObjectMapper().readTree(run.out());
    }

    private static List<String> rules(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("findings").forEach(f -> out.add(f.get("rule").asText()));
        return out;
    }

    private void write(String path, String text) throws Exception {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
