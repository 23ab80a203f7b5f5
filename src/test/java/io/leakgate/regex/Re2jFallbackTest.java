package io.leakgate.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.detect.Detector;
import io.leakgate.detect.ExampleCheck;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.Example;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Without RE2J's internals (a sealed, modular or different re2j), leakgate matches with plain RE2J:
 * no prefilter automaton, no parse tree, the widest windows. It must find exactly what it finds
 * with them.
 */
class Re2jFallbackTest {
    @Test
    void withoutTheAccessorThereIsNoAutomatonNoTreeAndTheWidestWindow() throws Exception {
        assertThat(LazyDfa.of(Regex.compile("abc"))).isNotNull();
        assertThat(LazyPattern.literals("\\.npmrc$")).containsExactly(".npmrc");
        assertThat(WindowSpan.of("password=\\S+", List.of("password"))).isZero();
        inFallback(() -> {
            assertThat(Re2jInternals.available()).isFalse();
            assertThat(LazyDfa.of(Regex.compile("abc"))).isNull();
            assertThat(LazyPattern.literals("\\.npmrc$")).isNull();
            assertThat(WindowSpan.of("password=\\S+", List.of("password"))).isEqualTo(WindowSpan.WIDE);
            return null;
        });
    }

    @Test
    void withoutTheAccessorOversizedAndBrokenRegexesAreStillRefusedBeforeCompiling() throws Exception {
        inFallback(() -> {
            assertThatThrownBy(() -> new LazyPattern("((a{100}){100}){100}").compileNow())
                    .isInstanceOf(RegexTooLargeException.class).hasMessageContaining("regex too large");
            assertThatThrownBy(() -> new LazyPattern("(".repeat(2000) + ")".repeat(2000)).compileNow())
                    .isInstanceOf(RegexTooLargeException.class).hasMessageContaining("nests groups");
            assertThatThrownBy(() -> new LazyPattern("a(b").compileNow())
                    .isInstanceOf(RegexSyntaxException.class).hasMessageContaining("missing closing )");
            return null;
        });
    }

    @Test
    void theBoundFromTheTextNeverUnderstatesTheProgramOfAnyBundledPattern() throws Exception {
        for (LazyPattern p : bundledPatterns()) {
            long bound = ProgramSize.ofText(p.source(), Long.MAX_VALUE);
            assertThat(bound).as(p.source()).isLessThanOrEqualTo(LazyPattern.MAX_INSTRUCTIONS)
                    .isGreaterThanOrEqualTo(LazyPattern.instructions(p.source(), Long.MAX_VALUE))
                    .isGreaterThanOrEqualTo(Re2jInternals.program(p.compileNow().pattern()).op().length);
        }
        for (String nested : List.of("((a{100}){100}){100}", "(?:x{10,20}y?){300}", "[a-z]{1000}(?:\\d{50}){30}")) {
            assertThat(ProgramSize.ofText(nested, Long.MAX_VALUE)).as(nested)
                    .isGreaterThanOrEqualTo(LazyPattern.instructions(nested, Long.MAX_VALUE));
        }
    }

    @Test
    void theBundledRulesFindTheSameOnEveryExampleWithoutTheAccessor() throws Exception {
        RuleSet packed = new ConfigLoader().loadDefault();
        List<Example> examples = new ArrayList<>();
        for (Rule r : packed.rules()) {
            examples.addAll(r.examples());
            examples.addAll(r.negativeExamples());
        }
        // One detector each over all examples, so rules see enough text to get their automaton.
        List<String> expected = scanAll(new Detector(new RuleIndex(packed)), examples);
        List<String> actual = inFallback(() -> {
            RuleSet same = new ConfigLoader().loadDefault();
            return scanAll(new Detector(new RuleIndex(same)), examples);
        });
        assertThat(expected.stream().filter(s -> !s.endsWith(": none"))).hasSizeGreaterThan(packed.rules().size());
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void rulesLoadedWithoutTheAccessorGetTheWidestWindowsAndStillPassTheirExamples() throws Exception {
        ExampleCheck.Outcome outcome = inFallback(() -> {
            RuleSet toml = new ConfigLoader().loadDefaultToml();
            assertThat(toml.rules()).filteredOn(r -> r.regex() != null && r.span() == Rule.WIDE_SPAN)
                    .hasSizeGreaterThan(toml.rules().size() / 2);
            return ExampleCheck.run(toml, true);
        });
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.examples()).isGreaterThan(3000);
    }

    private static List<String> scanAll(Detector detector, List<Example> examples) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            byte[] bytes = e.content();
            List<String> found = new ArrayList<>();
            for (Finding f : detector.scan(bytes, bytes.length, e.path())) {
                found.add(f.rule().id() + " " + f.line() + ":" + f.column() + "-" + f.endLine() + ":"
                        + f.endColumn() + " " + f.secret());
            }
            out.add(i + " " + e.path() + ": " + (found.isEmpty() ? "none" : String.join(", ", found)));
        }
        return out;
    }

    /** Every pattern of the bundled TOML pack: rules' regexes, paths and claims, and allowlists'. */
    static List<LazyPattern> bundledPatterns() throws Exception {
        RuleSet toml = new ConfigLoader().loadDefaultToml();
        List<LazyPattern> patterns = new ArrayList<>();
        for (Rule r : toml.rules()) {
            patterns.add(r.regex());
            patterns.add(r.path());
            patterns.add(r.claims());
            r.allowlists().forEach(a -> {
                patterns.addAll(a.regexes());
                patterns.addAll(a.paths());
            });
        }
        toml.allowlists().forEach(a -> {
            patterns.addAll(a.regexes());
            patterns.addAll(a.paths());
        });
        patterns.removeIf(java.util.Objects::isNull);
        return patterns;
    }

    private static <T> T inFallback(Callable<T> body) throws Exception {
        Re2jInternals.forceFallback = true;
        try {
            return body.call();
        } finally {
            Re2jInternals.forceFallback = false;
        }
    }
}
