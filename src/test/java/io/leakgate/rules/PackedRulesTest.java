package io.leakgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The packed bundled pack must say exactly what rules/*.toml says. */
class PackedRulesTest {
    @Test
    void packedPackLoadsToTheSameRulesAsTheTomlFiles() throws Exception {
        ConfigLoader loader = new ConfigLoader();
        RuleSet toml = loader.loadDefaultToml();
        RuleSet packed = loader.loadDefault();
        assertThat(packed.rules()).hasSameSizeAs(toml.rules()).hasSizeGreaterThan(150);
        assertThat(packed.rules().toString()).isEqualTo(toml.rules().toString());
        assertThat(packed.allowlists().toString()).isEqualTo(toml.allowlists().toString());
        assertThat(packed.canaryAwsAccounts()).isEqualTo(toml.canaryAwsAccounts());
    }

    @Test
    void scanningLoaderReadsTheSameRulesWithoutTheirExamples() throws Exception {
        RuleSet full = new ConfigLoader().loadDefault();
        RuleSet lean = ConfigLoader.forScanning().loadDefault();
        assertThat(lean.rules()).hasSameSizeAs(full.rules());
        assertThat(lean.rules()).allSatisfy(r -> {
            assertThat(r.examples()).isEmpty();
            assertThat(r.negativeExamples()).isEmpty();
        });
        assertThat(full.rules()).allSatisfy(r -> assertThat(r.examples()).isNotEmpty());
        for (int i = 0; i < full.rules().size(); i++) {
            Rule f = full.rules().get(i);
            Rule l = lean.rules().get(i);
            Rule withoutExamples = new Rule(f.id(), f.description(), f.regex(), f.secretGroup(), f.entropy(),
                    f.keywords(), f.path(), f.tags(), f.severity(), f.allowlists(), java.util.List.of(),
                    java.util.List.of(), f.span(), f.validate(), f.claims(), f.specificity(), f.givesWayTo(), f.required(),
                    f.skipReport(), f.magic());
            assertThat(l.toString()).isEqualTo(withoutExamples.toString());
        }
        assertThat(lean.allowlists().toString()).isEqualTo(full.allowlists().toString());
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        RuleSet set = new ConfigLoader().loadText("t.toml", """
                [[rules]]
                id = "x"
                description = "X token"
                regex = '''x_([a-z]{8})'''
                secretGroup = 1
                entropy = 2.5
                keywords = ["x_"]
                path = '''\\.env$'''
                tags = ["x", "token"]
                severity = "low"
                span = 3
                claims = '''(?i)x[_.-]?token'''
                specificity = "context"
                givesWayTo = ["y"]
                examples = [{ path = "a.env", text = "x_abcdefgh" }]
                negative_examples = ["nothing"]
                [[rules.required]]
                id = "y"
                withinLines = 2
                withinColumns = 7
                [[rules.allowlists]]
                condition = "AND"
                regexTarget = "line"
                regexes = ['''test''']
                paths = ['''^docs/''']
                stopwords = ["fake"]
                commits = ["0123456789abcdef0123456789abcdef01234567"]
                [[rules]]
                id = "y"
                regex = '''y_[a-z]{4}'''
                keywords = ["y_"]
                skipReport = true
                [[rules]]
                id = "z"
                magic = ["feedfeed000000??", "ceCE??ce"]
                path = '''\\.jks$'''
                examples = [{ path = "a.jks", hex = "feedfeed00000002" }]
                negative_examples = [{ path = "a.jks", text = "feedfeed" }]
                [[allowlists]]
                targetRules = ["x"]
                paths = ['''^vendor/''']
                """);
        assertThat(set.rules().get(0).required()).containsExactly(new Requirement("y", 2, 7));
        assertThat(set.rules().get(1).skipReport()).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackedRules.write(set, out);
        RuleSet back = PackedRules.read(new ByteArrayInputStream(out.toByteArray()), "t", true);
        assertThat(back.rules().toString()).isEqualTo(set.rules().toString());
        assertThat(back.allowlists().toString()).isEqualTo(set.allowlists().toString());
        assertThat(back.canaryAwsAccounts()).isEqualTo(set.canaryAwsAccounts()).isNotEmpty();
    }

    @Test
    void theBundledPacksTablesAreThoseOfItsRulesAndItsRulesDecodeOnlyWhenAsked() throws Exception {
        RuleSet packed = ConfigLoader.forScanning().loadDefault();
        assertThat(packed.tables()).as("written with the pack").isNotNull();
        assertThat(packed.rules()).isInstanceOf(PackedRuleList.class);
        java.lang.reflect.Field decoded = PackedRuleList.class.getDeclaredField("decoded");
        decoded.setAccessible(true);
        Rule[] before = ((Rule[]) decoded.get(packed.rules())).clone();
        assertThat(before).as("nothing decoded by loading").containsOnlyNulls();
        Rule one = packed.rules().get(7);
        assertThat(((Rule[]) decoded.get(packed.rules()))).filteredOn(java.util.Objects::nonNull).containsExactly(one);

        RuleTables written = packed.tables();
        RuleTables computed = RuleTables.of(packed.rules(), packed.allowlists());
        assertThat(written.keywords()).isEqualTo(computed.keywords()).isNotEmpty();
        assertThat(written.keywordRules()).isDeepEqualTo(computed.keywordRules());
        assertThat(written.unkeyed()).isEqualTo(computed.unkeyed());
        assertThat(written.pathOnly()).isEqualTo(computed.pathOnly()).isNotEmpty();
        assertThat(written.claiming()).isEqualTo(computed.claiming()).isNotEmpty();
        assertThat(written.byLocation()).isEqualTo(computed.byLocation()).isNotEmpty();
    }
}
