package io.leakgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void readsOurFieldsAndGitleaksFields() throws Exception {
        RuleSet set = loader.loadText("c.toml", """
                title = "x"
                [[rules]]
                id = "a"
                description = "A token"
                regex = '''a_([a-z]{8})'''
                secretGroup = 1
                entropy = 2.0
                keywords = ["A_"]
                tags = ["t"]
                severity = "low"
                examples = ["a_abcdefgh", { path = "x/.npmrc", text = "a_bcdefghi" }]
                negative_examples = ["a_"]
                [rules.allowlist]
                stopwords = ["test"]
                [[allowlists]]
                targetRules = ["a"]
                paths = ['''^docs/''']
                """);
        Rule a = set.rule("a").orElseThrow();
        assertThat(a.keywords()).containsExactly("a_");
        assertThat(a.severity()).isEqualTo(Severity.LOW);
        assertThat(a.examples()).extracting(Example::path).containsExactly(Example.DEFAULT_PATH, "x/.npmrc");
        assertThat(a.allowlists()).hasSize(1);
        assertThat(set.allowlists()).hasSize(1);
        assertThat(set.allowlists().get(0).targetRules()).containsExactly("a");
    }

    @Test
    void malformedTomlNamesFileAndLine() {
        assertThatThrownBy(() -> loader.loadText("c.toml", "[[rules]]\nid = \"a\"\nregex = '''x\n"))
                .isInstanceOf(LeakgateException.class).hasMessageStartingWith("c.toml:")
                .hasMessageContaining("not valid TOML");
    }

    @Test
    void secretGroupOutOfRangeNamesTheRuleAndLine() {
        assertThatThrownBy(() -> loader.loadText("c.toml",
                "[[rules]]\nid = \"a\"\nregex = '''(x)'''\nsecretGroup = 2\nkeywords = [\"x\"]\n"))
                .hasMessage("c.toml:4: rule 'a': secretGroup 2 is out of range (the regex has 1 groups)");
    }

    @Test
    void lookaroundIsRejectedBecauseRe2HasNone() {
        assertThatThrownBy(() -> loader.loadText("c.toml", "[[rules]]\nid = \"a\"\nregex = '''x(?=y)'''\n"))
                .hasMessageStartingWith("c.toml:3: rule 'a': 'regex' is not a valid RE2 regex");
    }

    @Test
    void unknownSeverityAndUnknownFieldsAreErrors() {
        assertThatThrownBy(() -> loader.loadText("c.toml", "[[rules]]\nid = \"a\"\nregex = 'x'\nseverity = \"urgent\"\n"))
                .hasMessageContaining("c.toml:4:").hasMessageContaining("unknown severity 'urgent'");
        assertThatThrownBy(() -> loader.loadText("c.toml", "[[rules]]\nid = \"a\"\nregex = 'x'\n[[rules.allowlists]]\nregex = ['x']\n"))
                .hasMessageContaining("c.toml:5:").hasMessageContaining("unknown field 'regex'");
        assertThatThrownBy(() -> loader.loadText("c.toml", "titel = 'x'\n"))
                .hasMessage("c.toml:1: config: unknown field 'titel'");
    }

    @Test
    void ruleWithoutRegexOrPathIsAnError() {
        assertThatThrownBy(() -> loader.loadText("c.toml", "[[rules]]\nid = \"a\"\n"))
                .hasMessage("c.toml:2: rule 'a' needs a 'regex', a 'path' or a 'magic'");
    }

    @Test
    void magicMustBeHexBytesAndCannotBeCombinedWithARegex() {
        assertThatThrownBy(() -> loader.loadText("c.toml", "[[rules]]\nid = \"a\"\nmagic = [\"feedfeeg\"]\n"))
                .hasMessage("c.toml:3: rule 'a': each 'magic' entry must be hex digits, two per byte, with ?? for"
                        + " any byte (got 'feedfeeg')");
        assertThatThrownBy(() -> loader.loadText("c.toml", "[[rules]]\nid = \"a\"\nmagic = [\"fee\"]\n"))
                .hasMessageContaining("each 'magic' entry must be hex digits, two per byte");
        assertThatThrownBy(() -> loader.loadText("c.toml", "[[rules]]\nid = \"a\"\nmagic = []\n"))
                .hasMessageContaining("each 'magic' entry must be hex digits, two per byte");
        assertThatThrownBy(() -> loader.loadText("c.toml",
                "[[rules]]\nid = \"a\"\nregex = 'x'\nkeywords = [\"x\"]\nmagic = [\"feedfeed\"]\n"))
                .hasMessage("c.toml:5: rule 'a': a rule with 'magic' reports the file itself and takes no 'regex'");
    }

    @Test
    void hexExamplesAreReadAsBytes() throws Exception {
        RuleSet set = loader.loadText("c.toml", """
                [[rules]]
                id = "a"
                magic = ["feedfeed"]
                examples = [{ path = "k.jks", hex = "FEEDFEED00000002" }]
                negative_examples = [{ hex = "00feedfeed" }]
                """);
        assertThat(set.rules().get(0).examples().get(0).content())
                .containsExactly(0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2);
        assertThat(set.rules().get(0).negativeExamples().get(0).path()).isEqualTo(Example.DEFAULT_PATH);
        assertThatThrownBy(() -> loader.loadText("c.toml",
                "[[rules]]\nid = \"a\"\nmagic = [\"feedfeed\"]\nexamples = [{ hex = \"xyz\" }]\n"))
                .hasMessageContaining("'examples' must be a string or a table");
    }

    @Test
    void extendUseDefaultAddsBundledRulesAndDisabledRulesRemovesThem() throws Exception {
        RuleSet defaults = loader.loadDefault();
        String first = defaults.rules().get(0).id();
        RuleSet set = loader.loadText("c.toml", "[extend]\nuseDefault = true\ndisabledRules = [\"" + first + "\"]\n"
                + "[[rules]]\nid = \"mine\"\nregex = 'mine_[0-9]{8}'\nkeywords = [\"mine_\"]\n");
        assertThat(set.rules()).hasSize(defaults.rules().size());
        assertThat(set.rule(first)).isEmpty();
        assertThat(set.rule("mine")).isPresent();
    }

    @Test
    void extendPathLoadsAnotherFileAndOverridesByIdKeepingUnsetFields() throws Exception {
        Files.writeString(dir.resolve("base.toml"),
                "[[rules]]\nid = \"a\"\nregex = 'a_[0-9]{8}'\nkeywords = [\"a_\"]\nseverity = \"low\"\n");
        Files.writeString(dir.resolve("child.toml"),
                "[extend]\npath = \"base.toml\"\n[[rules]]\nid = \"a\"\nseverity = \"critical\"\n");
        RuleSet set = loader.load(dir.resolve("child.toml"));
        Rule a = set.rule("a").orElseThrow();
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.regex().source()).isEqualTo("a_[0-9]{8}");
    }

    @Test
    void missingConfigFileIsAClearError() {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.toml"))).hasMessageEndingWith("config file not found");
    }

    @Test
    void spanWidensForRegexesThatCrossLines() throws Exception {
        RuleSet set = loader.loadText("c.toml", """
                [[rules]]
                id = "line"
                regex = '''tok_[a-z]{8}'''
                keywords = ["tok_"]
                [[rules]]
                id = "spaces"
                regex = '''tok_\\s*[a-z]{8}'''
                keywords = ["tok_"]
                [[rules]]
                id = "block"
                regex = '''BEGIN[\\s\\S]*END'''
                keywords = ["begin"]
                [[rules]]
                id = "context"
                regex = '''pat[a-z]{8}'''
                keywords = ["airtable"]
                """);
        assertThat(set.rules()).extracting(Rule::span).containsExactly(0, 1, Rule.WIDE_SPAN, 2);
    }
}
