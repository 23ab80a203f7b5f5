package io.leakgate.regex;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.rules.Allowlist;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.Example;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LazyPatternTest {
    @Test
    void requiredLiteralsComeFromTheRegexStructure() {
        assertThat(LazyPattern.literals("(?i)(?:^|/)\\.?npmrc$")).containsExactly("npmrc");
        assertThat(LazyPattern.literals("\\.tfstate(?:\\.backup)?$")).containsExactly(".tfstate");
        assertThat(LazyPattern.literals("(?i)\\.(?:p12|pfx)$")).containsExactlyInAnyOrder(".p12", ".pfx");
        assertThat(LazyPattern.literals("(?i)\\.ya?ml$")).containsExactlyInAnyOrder(".yaml", ".yml");
        assertThat(LazyPattern.literals("x{0,2}ABC[0-9]+")).containsExactly("abc");
        assertThat(LazyPattern.literals("key-[a-f0-9]{32}|token_[A-Z]{8}")).containsExactlyInAnyOrder("key-", "token_");
        assertThat(LazyPattern.literals("a*")).isNull();
        assertThat(LazyPattern.literals("(?:foo|.*)")).isNull();
        assertThat(LazyPattern.literals("^$")).isNull();
        assertThat(LazyPattern.literals("contrase\u00f1a")).as("non-ASCII literals are not used").isNull();
    }

    @Test
    void everyBundledPatternCompilesFarBelowTheProgramLimitAndTheCountNeverUnderstatesTheProgram()
            throws Exception {
        List<LazyPattern> patterns = Re2jFallbackTest.bundledPatterns();
        assertThat(patterns).hasSizeGreaterThan(300);
        for (LazyPattern p : patterns) {
            long counted = LazyPattern.instructions(p.source(), Long.MAX_VALUE);
            assertThat(counted).as(p.source()).isLessThanOrEqualTo(LazyPattern.MAX_INSTRUCTIONS / 10)
                    .isGreaterThanOrEqualTo(Re2jInternals.program(p.compileNow().pattern()).op().length);
        }
    }

    @Test
    void textBeyondAsciiGoesToTheRegexBecauseCaseFoldingReachesThere() {
        // RE2 folds K to the Kelvin sign and s to the long s: no ASCII literal test can rule those out.
        LazyPattern key = new LazyPattern("(?i)key", LazyPattern.literals("(?i)key"));
        assertThat(key.find("\u212Aey")).isTrue();
        assertThat(key.find("KEY")).isTrue();
        assertThat(key.find("kez")).isFalse();
        LazyPattern pass = new LazyPattern("(?i)pass", LazyPattern.literals("(?i)pass"));
        assertThat(pass.find("pa\u017Fs")).isTrue();
    }

    @Test
    void findAgreesWithTheRegexOnEveryBundledPatternAndASampleOfTheTexts() throws Exception {
        assertFindAgrees(600);
    }

    /** Every pattern on every text: the whole cross product, which the corpus profile runs. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void findAgreesWithTheRegexOnEveryBundledPatternAndText() throws Exception {
        assertFindAgrees(Integer.MAX_VALUE);
    }

    /** @param perPattern how many of the texts each pattern is tried on (the first few always, then a random sample) */
    private static void assertFindAgrees(int perPattern) throws Exception {
        RuleSet packed = ConfigLoader.forScanning().loadDefault();
        RuleSet toml = new ConfigLoader().loadDefaultToml();
        List<LazyPattern> patterns = new ArrayList<>();
        for (Rule r : packed.rules()) {
            if (r.path() != null) {
                patterns.add(r.path());
            }
            if (r.claims() != null) {
                patterns.add(r.claims());
            }
            for (Allowlist a : r.allowlists()) {
                patterns.addAll(a.paths());
                patterns.addAll(a.regexes());
            }
        }
        for (Allowlist a : packed.allowlists()) {
            patterns.addAll(a.paths());
            patterns.addAll(a.regexes());
        }
        assertThat(patterns).filteredOn(p -> p.literals() != null).as("the pack carries literals")
                .hasSizeGreaterThan(patterns.size() * 3 / 4);
        List<String> texts = new ArrayList<>(List.of("", "README.md", "SRC/App.JAVA", "deploy/.NPMRC",
                "x/\u212Aey.txt", "caf\u00e9/.pgpass", "tests/fixtures/a.json", "Dockerfile.prod"));
        for (Rule r : toml.rules()) {
            for (Example e : r.examples()) {
                texts.add(e.path());
                texts.addAll(List.of(e.text().split("[\\s\"'=:]+")));
            }
            for (Example e : r.negativeExamples()) {
                texts.add(e.path());
                texts.addAll(List.of(e.text().split("[\\s\"'=:]+")));
            }
        }
        Random random = new Random(3);
        int n = texts.size();
        for (int i = 0; i < n; i++) {
            String t = texts.get(i);
            if (!t.isEmpty()) {
                texts.add(flipCase(t, random));
            }
        }
        int matched = 0;
        int fixed = 8;
        for (LazyPattern p : patterns) {
            List<String> sample = texts;
            if (perPattern < texts.size()) {
                sample = new ArrayList<>(texts.subList(0, fixed));
                for (int i = fixed; i < perPattern; i++) {
                    sample.add(texts.get(fixed + random.nextInt(texts.size() - fixed)));
                }
            }
            for (String t : sample) {
                boolean expected = p.get().matcher(t).find();
                assertThat(p.find(t)).as("%s on %s", p.source(), t).isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
        }
        assertThat(matched).as("the texts exercise matches, not only misses").isGreaterThan(100);
    }

    private static String flipCase(String s, Random random) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }
}
