package io.leakgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.SharedCorpus;
import org.junit.jupiter.api.Test;

/**
 * Regression floors for the default pack on gitleaks' labelled samples (../shared/corpus). The
 * figures themselves are measured and reported by bench/quality; these floors only stop a change
 * from quietly making the pack worse.
 */
@org.junit.jupiter.api.Tag(SharedCorpus.TAG)
class QualityFloorTest {
    private static final String CORPUS = "corpus/gitleaks-samples.jsonl";

    @Test
    void defaultPackKeepsItsRecallAndPrecisionOnGitleaksSamples() throws Exception {
        SharedCorpus.require(CORPUS);
        Quality.Score s = Quality.scoreDefaultPack(SharedCorpus.file(CORPUS));

        // Measured: 98.35%, 95.13%, 99.31%, 5.88% and 9.89% (bench/quality).
        assertThat(s.recallOfChecksumValid()).as("recall of checksum-valid covered positives").isGreaterThanOrEqualTo(0.98);
        assertThat(s.recall()).as("recall of all covered positives").isGreaterThanOrEqualTo(0.95);
        assertThat(s.precision()).as("precision").isGreaterThanOrEqualTo(0.99);
        assertThat(s.falseAlarmRateExcludingCrossLabelled()).as("negatives flagged").isLessThanOrEqualTo(0.065);
        assertThat(s.falseAlarmRate()).as("negatives flagged, cross-labelled included").isLessThanOrEqualTo(0.105);
    }
}
