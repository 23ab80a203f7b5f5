package io.leakgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.detect.ExampleCheck;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bundled pack: every rule carries examples both ways, and every example behaves. */
class BundledRulesTest {
    private final RuleSet pack;

    BundledRulesTest() throws Exception {
        pack = new ConfigLoader().loadDefault();
    }

    @Test
    void everyRuleFindsItsExamplesAndNoneOfItsNegativeExamples() {
        ExampleCheck.Outcome outcome = ExampleCheck.run(pack, true);
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.examples()).isGreaterThan(2 * pack.rules().size());
    }

    @Test
    void everyRuleHasKeywordsSeverityTagsAndADescription() {
        for (Rule r : pack.rules()) {
            assertThat(r.keywords().isEmpty() && r.regex() != null).as(r.id() + " has no keywords").isFalse();
            assertThat(r.tags()).as(r.id() + " tags").isNotEmpty();
            assertThat(r.description()).as(r.id() + " description").isNotEqualTo(r.id());
        }
    }

    @Test
    void ruleIdsAreUniqueKebabCase() {
        Set<String> ids = new HashSet<>();
        for (Rule r : pack.rules()) {
            assertThat(r.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(ids.add(r.id())).as(r.id()).isTrue();
        }
    }

    @Test
    void awsDocumentationKeysAreNotFindings() {
        ExampleCheck.Outcome outcome = ExampleCheck.run(new RuleSet(pack.rules(), pack.allowlists(), "pack"), false);
        assertThat(outcome.failures()).isEmpty();
        String docs = "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
        byte[] b = docs.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        io.leakgate.detect.Detector d = new io.leakgate.detect.Detector(new io.leakgate.detect.RuleIndex(pack));
        assertThat(d.scan(b, b.length, "README.md")).isEmpty();
    }
}
