package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
    @TempDir
    Path dir;

    @Test
    void checkPassesOnTheBundledPack() {
        Cli.Run run = Cli.run(dir, "rules", "check", "--require-examples");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("0 failures").contains("bundled default pack");
    }

    @Test
    void checkReportsExamplesThatMisbehaveAndExitsOne() throws Exception {
        Files.writeString(dir.resolve("r.toml"), """
                [[rules]]
                id = "house-token"
                description = "House token"
                regex = '''hk_[a-z0-9]{8}'''
                keywords = ["hk_"]
                examples = ["t = hk_abcd1234", "t = hk_short"]
                negative_examples = ["t = hk_zzzz9999"]
                """);
        Cli.Run run = Cli.run(dir, "rules", "check", "--config", "r.toml");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL house-token example was not found: t = hk_short")
                .contains("FAIL house-token negative_example was found: t = hk_zzzz9999")
                .contains("1 rules, 3 examples, 2 failures");
    }

    @Test
    void listPrintsEveryActiveRule() {
        Cli.Run run = Cli.run(dir, "rules", "list");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("aws-access-key-id").contains("critical").contains("rules from bundled default pack");
    }

    @Test
    void listPrintsEachRulesKeywordsAsItsHelpPromises() throws Exception {
        Files.writeString(dir.resolve("r.toml"), """
                [[rules]]
                id = "house-token"
                description = "House token"
                regex = '''hk_[a-z0-9]{8}'''
                keywords = ["hk_", "house"]
                """);
        Cli.Run help = Cli.run(dir, "rules", "list", "--help");
        assertThat(help.out()).contains("keywords");
        Cli.Run run = Cli.run(dir, "rules", "list", "--config", "r.toml");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("house-token\\s+\\S+\\s+hk_, house\\s+House token");
    }
}
