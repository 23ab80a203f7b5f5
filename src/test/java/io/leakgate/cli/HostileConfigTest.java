package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    private static final String RULE = "[[rules]]\nid = \"r\"\nregex = '''key=(\\w+)'''\nkeywords = [\"key\"]\n";

    @Test
    void aNegativeSpanIsExitTwoNamingTheLine() throws Exception {
        assertRefused(scanWith(RULE + "span = -3\n"), "bad.toml:5: rule 'r': 'span' must be an integer from 0 to 16384");
    }

    @ParameterizedTest(name = "useDefault = {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"\"yes\"", "1", "[true]"})
    void useDefaultThatIsNotABooleanIsExitTwo(String value) throws Exception {
        assertRefused(scanWith("[extend]\nuseDefault = " + value + "\n"),
                "bad.toml:2: [extend] 'useDefault' must be true or false");
    }

    @Test
    void aConfigThatEndsUpWithNoRulesIsExitTwo() throws Exception {
        assertRefused(scanWith(""), "bad.toml: defines no rules");
        assertRefused(scanWith("# nothing yet\n"), "bad.toml: defines no rules");
        assertRefused(scanWith("[extend]\nuseDefault = false\n"), "bad.toml:2: defines no rules");
        assertRefused(scanWith(RULE + "\n[extend]\ndisabledRules = [\"r\"]\n"), "bad.toml:7: defines no rules");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "secretGroup = \"1\"                 | bad.toml:5: rule 'r': 'secretGroup' must be an integer",
        "secretGroup = true                  | bad.toml:5: rule 'r': 'secretGroup' must be an integer",
        "entropy = \"3.5\"                   | bad.toml:5: rule 'r': 'entropy' must be a number",
        "entropy = 9                         | bad.toml:5: rule 'r': 'entropy' must be a number from 0 to 8",
        "entropy = -1                        | bad.toml:5: rule 'r': 'entropy' must be a number from 0 to 8",
        "span = \"2\"                        | bad.toml:5: rule 'r': 'span' must be an integer",
        "tags = \"x\"                        | bad.toml:5: rule 'r': 'tags' must be an array of strings",
        "severity = 3                        | bad.toml:5: rule 'r': 'severity' must be a string",
        "description = false                 | bad.toml:5: rule 'r': 'description' must be a string",
        "examples = [{ text = 1 }]           | bad.toml:5: rule 'r': each entry of 'examples'",
        "[rules.allowlist]/description = 1   | bad.toml:6: rule allowlist: 'description' must be a string",
        "[rules.allowlist]/condition = true  | bad.toml:6: rule allowlist: 'condition' must be a string",
    })
    void aRuleFieldOfTheWrongTypeIsExitTwoNamingTheLine(String line, String message) throws Exception {
        assertRefused(scanWith(RULE + line.replace('/', '\n') + "\n"), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "title = 1                               | bad.toml:1: 'title' must be a string",
        "extend = 1                              | bad.toml:1: [extend] must be a table",
        "[extend]/path = 3                       | bad.toml:2: [extend] 'path' must be a string",
        "[extend]/disabledRules = \"r\"          | bad.toml:2: [extend] 'disabledRules' must be an array of strings",
        "[extend]/disabledRules = [1]            | bad.toml:2: [extend] 'disabledRules' must be an array of strings",
        "[allowlist]/regexTarget = 2             | bad.toml:2: global allowlist: 'regexTarget' must be a string",
    })
    void aTopLevelFieldOfTheWrongTypeIsExitTwoNamingTheLine(String toml, String message) throws Exception {
        assertRefused(scanWith(toml.replace('/', '\n') + "\n" + RULE), message);
    }
}
