package io.leakgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.SharedCorpus;
import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's existing .gitleaks.toml must load unchanged and behave as gitleaks' tests expect. */
@org.junit.jupiter.api.Tag(SharedCorpus.TAG)
class GitleaksCompatibilityTest {
    private static final String CONFIG = "corpus/gitleaks-default.toml";
    private static final String SAMPLES = "corpus/gitleaks-samples.jsonl";
    private static RuleSet gitleaks;
    private static final java.util.Map<String, Detector> DETECTORS = new java.util.HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        SharedCorpus.require(CONFIG);
        gitleaks = new ConfigLoader().load(SharedCorpus.file(CONFIG));
    }

    @Test
    void everyRuleOfGitleaksDefaultConfigLoadsAndCompiles() {
        assertThat(gitleaks.rules()).hasSize(222);
        for (Rule r : gitleaks.rules()) {
            if (r.regex() != null) {
                assertThat(r.regex().get()).as(r.id()).isNotNull();
            }
        }
        assertThat(gitleaks.allowlists()).isNotEmpty();
    }

    @Test
    void gitleaksRulesFindGitleaksOwnTruePositiveSamples() {
        SharedCorpus.require(SAMPLES);
        List<String> misses = new ArrayList<>();
        int positives = 0;
        for (SharedCorpus.Sample s : SharedCorpus.gitleaksSamples()) {
            if (!s.secret()) {
                continue;
            }
            positives++;
            if (!finds(s)) {
                misses.add(s.rule() + " <- " + s.text().substring(0, Math.min(60, s.text().length())));
            }
        }
        assertThat(misses).as("missed %d of %d", misses.size(), positives).isEmpty();
    }

    @Test
    void gitleaksRulesLeaveGitleaksOwnNegativeSamplesAlone() {
        SharedCorpus.require(SAMPLES);
        List<String> flagged = new ArrayList<>();
        for (SharedCorpus.Sample s : SharedCorpus.gitleaksSamples()) {
            if (!s.secret() && finds(s)) {
                flagged.add(s.rule() + " <- " + s.text().substring(0, Math.min(60, s.text().length())));
            }
        }
        assertThat(flagged).isEmpty();
    }

    /**
     * Like gitleaks' own rule tests, each sample is scanned with its rule alone (plus the global
     * allowlists), so a more specific rule claiming the same text does not hide the result.
     */
    private static boolean finds(SharedCorpus.Sample s) {
        Detector detector = DETECTORS.computeIfAbsent(s.rule(), id -> new Detector(new RuleIndex(
                new RuleSet(gitleaks.rule(id).map(List::of).orElse(List.of()), gitleaks.allowlists(), id))));
        byte[] bytes = s.text().getBytes(StandardCharsets.UTF_8);
        String path = s.path() != null ? s.path() : "sample.txt";
        for (Finding f : detector.scan(bytes, bytes.length, path)) {
            if (f.rule().id().equals(s.rule())) {
                return true;
            }
        }
        return false;
    }
}
