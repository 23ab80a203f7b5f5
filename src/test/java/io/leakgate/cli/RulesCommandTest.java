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
    void checkFailsWhenTwoRulesReportTheSameSecretUntilOneGivesWay() throws Exception {
        String rules = """
                [[rules]]
                id = "house-token"
                description = "House token"
                regex = '''hk_[a-z0-9]{8}'''
                keywords = ["hk_"]
                examples = ["Authorization: Bearer hk_q7v2m9x4"]
                negative_examples = ["t = hk_short"]

                [[rules]]
                id = "bearer-header"
                description = "Bearer token in an Authorization header"
                regex = '''Authorization: Bearer ([A-Za-z0-9_]{8,})'''
                keywords = ["authorization"]
                %s
                examples = ["Authorization: Bearer Zq8vT2mLx4Rw"]
                negative_examples = ["Authorization: Bearer ${TOKEN}"]
                """;
        Files.writeString(dir.resolve("r.toml"), rules.formatted(""));
        Cli.Run twice = Cli.run(dir, "rules", "check", "--config", "r.toml");
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.out()).contains("FAIL house-token example is also reported by 'bearer-header' at the same place")
                .contains("1 failures");

        Files.writeString(dir.resolve("r.toml"), rules.formatted("specificity = \"context\""));
        Cli.Run once = Cli.run(dir, "rules", "check", "--config", "r.toml");
        assertThat(once.exit()).as(once.out()).isZero();

        Files.writeString(dir.resolve("r.toml"), rules.formatted("givesWayTo = [\"house-token\"]"));
        assertThat(Cli.run(dir, "rules", "check", "--config", "r.toml").exit()).isZero();
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
