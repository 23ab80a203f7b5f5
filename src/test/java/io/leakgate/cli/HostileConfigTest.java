package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Configs written to hurt: each one is exit code 2 with one line naming the file and line. */
@Timeout(150)
class HostileConfigTest {
    private static final String NESTED = "((((a{100}){100}){100}){100})";

    @TempDir
    Path dir;

    private Cli.Run scanWith(String config) throws Exception {
        Files.writeString(dir.resolve("bad.toml"), config);
        Files.writeString(dir.resolve("app.env"), "nothing here\n");
        return Cli.run(dir, "scan", "--config", "bad.toml", "app.env");
    }

    private static void assertRefused(Cli.Run run, String... mentions) {
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("leakgate: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.err().lines().count()).isEqualTo(1);
        assertThat(run.err()).contains(mentions);
    }

    @Test
    void aRuleRegexOfNestedRepeatsIsRefusedAtLoadTime() throws Exception {
        Cli.Run run = scanWith("[[rules]]\nid = \"nested\"\nkeywords = [\"a\"]\nregex = '''" + NESTED + "'''\n");

        assertRefused(run, "bad.toml:4: rule 'nested': regex too large (", "instructions, limit ");
    }

    @Test
    void nestedRepeatsInAnAllowlistOrAPathAreRefusedToo() throws Exception {
        assertRefused(scanWith("[[rules]]\nid = \"r\"\nregex = '''key=\\w+'''\nkeywords = [\"key\"]\n"
                + "[[rules.allowlists]]\nregexes = ['''" + NESTED + "''']\n"), "bad.toml:6:", "regex too large");
        assertRefused(scanWith("[[rules]]\nid = \"r\"\nregex = '''key=\\w+'''\npath = '''" + NESTED + "'''\n"),
                "bad.toml:4: rule 'r': 'path' regex too large");
        assertRefused(scanWith("[extend]\nuseDefault = true\n\n[allowlist]\npaths = ['''" + NESTED + "''']\n"),
                "bad.toml:5:", "regex too large");
    }

    @Test
    void groupsNestedDeeperThanRe2AllowsAreRefused() throws Exception {
        String deep = "(".repeat(20_000) + "a" + ")".repeat(20_000);

        assertRefused(scanWith("[[rules]]\nid = \"deep\"\nkeywords = [\"a\"]\nregex = '''" + deep + "'''\n"),
                "bad.toml:4: rule 'deep': regex nests groups more than 1000 deep");
    }

    @Test
    void rulesCheckRefusesTheSameConfig() throws Exception {
        Files.writeString(dir.resolve("bad.toml"), "[[rules]]\nid = \"nested\"\nregex = '''" + NESTED + "'''\n");

        assertRefused(Cli.run(dir, "rules", "check", "--config", "bad.toml"), "bad.toml:3: rule 'nested': regex too large");
    }
}
