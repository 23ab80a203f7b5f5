package io.leakgate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code .pre-commit-hooks.yaml} and the README's example of it, read without the framework
 * ({@code PreCommitFrameworkIT} runs them with it).
 */
class PreCommitManifestTest {
    /** Stage names pre-commit has understood since 2.x and still accepts: 3.2's new names are not among them. */
    static final Set<String> STAGES_EVERY_VERSION_TAKES = Set.of("commit", "push", "merge-commit", "commit-msg",
            "prepare-commit-msg", "post-checkout", "post-commit", "post-merge", "post-rewrite", "manual");

    @Test
    void everyHookUsesStageNamesOlderPreCommitsTakeAndNamesTheVersionItNeeds() throws Exception {
        JsonNode hooks = new ObjectMapper(new YAMLFactory()).readTree(Path.of(".pre-commit-hooks.yaml").toFile());
        assertThat(hooks.isArray()).isTrue();
        assertThat(hooks).hasSize(2);
        for (JsonNode hook : hooks) {
            String id = hook.get("id").asText();
            for (JsonNode stage : hook.get("stages")) {
                assertThat(STAGES_EVERY_VERSION_TAKES).as(id).contains(stage.asText());
            }
            assertThat(hook.path("minimum_pre_commit_version").asText()).as(id).matches("2\\.\\d+\\.\\d+");
            assertThat(hook.get("entry").asText()).as(id).startsWith("leakgate ");
        }
    }

    @Test
    void theReadmesExampleNamesARevThatCanExist() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```yaml\\n(repos:.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("a .pre-commit-config.yaml example in README.md").isTrue();
        JsonNode repo = new ObjectMapper(new YAMLFactory()).readTree(m.group(1)).get("repos").get(0);
        String rev = repo.get("rev").asText();
        // No release is tagged yet: the example names a commit, and says how to get one.
        assertThat(rev).isEqualTo("COMMIT_SHA");
        assertThat(readme.replaceAll("\\s+", " ")).contains("pre-commit autoupdate --bleeding-edge --freeze");
    }
}
