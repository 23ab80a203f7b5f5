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

/** Token formats that providers replaced years ago but that old repositories and dotfiles still hold. */
class LegacyTokenFormsTest {
    @TempDir
    Path dir;

    @Test
    void reportsFortyHexGithubTokensUnderGithubNamesAndInHubConfigButNotCommitIds() throws Exception {
        Files.writeString(dir.resolve("brew.env"), "export HOMEBREW_GITHUB_API_TOKEN=9b0e8ce3f7d5c34a0a86c2f1b6e8d97043a5ef12\n"
                + "GITHUB_SHA=6f2a4a2c89bc9cca20b4e8af0a8b4a91f2e0e8d1\n");
        Files.createDirectories(dir.resolve(".config"));
        Files.writeString(dir.resolve(".config/hub"), "github.com:\n- user: octocat\n"
                + "  oauth_token: 6f2a4a2c89bc9cca20b4e8af0a8b4a91f2e0e8d1\n  protocol: https\n");

        List<String> found = findings(Cli.run(dir, "scan", "--format", "json", "."));

        assertThat(found).containsExactlyInAnyOrder("brew.env:1:github-legacy-token",
                ".config/hub:3:github-legacy-config-token");
    }

    @Test
    void reportsTheTokenOfAPre2014SlackWebhookUrl() throws Exception {
        Files.writeString(dir.resolve("notify.yml"),
                "url: https://acme.slack.com/services/hooks/incoming-webhook?token=Zk3q9XwR2bT7mLp4vN8cY1dA\n");

        List<String> found = findings(Cli.run(dir, "scan", "--format", "json", "."));

        assertThat(found).containsExactly("notify.yml:1:slack-legacy-webhook-url");
    }

    private static List<String> findings(Cli.Run run) throws Exception {
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        List<String> out = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(run.out()).get("findings")) {
            out.add(f.get("path").asText() + ":" + f.get("line").asInt() + ":" + f.get("rule").asText());
        }
        return out;
    }
}
