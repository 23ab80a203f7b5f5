package io.leakgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Location;
import io.leakgate.finding.Provenance;
import io.leakgate.rules.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FindingFilterTest {
    static final String KEY_ID = "AKIAYVP4CIPPOWONZTGT";
    static final String OTHER_KEY_ID = "AKIAHBMUAPTT2ZN5X2PD";
    static final String COMMIT = "3f1c0de0a5b8e2c4d6f8091a2b3c4d5e6f708192";
    static Detector detector;

    @BeforeAll
    static void loadRules() throws Exception {
        detector = new Detector(new RuleIndex(new ConfigLoader().loadDefault()));
    }

    static List<Finding> scan(String path, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return detector.scan(b, b.length, path);
    }

    @Test
    void baselinedFindingStaysBaselinedWhenItsLineMoves() {
        List<Finding> before = scan("Dockerfile", "FROM alpine\nENV AWS_ACCESS_KEY=" + KEY_ID + "\n");
        Baseline baseline = Baseline.of(before);
        List<Finding> after = scan("Dockerfile", "FROM alpine\n# a comment\n\nRUN true\nENV AWS_ACCESS_KEY=" + KEY_ID + "\n");
        assertThat(after.get(0).line()).isEqualTo(5);
        Triage t = new FindingFilter(baseline, List.of()).apply(after);
        assertThat(t.fresh()).isEmpty();
        assertThat(t.baselined()).hasSize(1);
        assertThat(t.stale()).isEmpty();
    }

    @Test
    void anotherSecretInTheSameFileIsNewAndAGoneSecretIsStale() {
        Baseline baseline = Baseline.of(scan("Dockerfile", "ENV AWS_ACCESS_KEY=" + KEY_ID + "\n"));
        Triage t = new FindingFilter(baseline, List.of()).apply(scan("Dockerfile", "ENV AWS_ACCESS_KEY=" + OTHER_KEY_ID + "\n"));
        assertThat(t.fresh()).extracting(Finding::secret).containsExactly(OTHER_KEY_ID);
        assertThat(t.stale()).extracting(Baseline.Entry::path).containsExactly("Dockerfile");
    }

    @Test
    void aPartialScanHoldsBackTheSameFindingsButCallsNothingStale() throws Exception {
        Baseline baseline = Baseline.of(scan("Dockerfile", "ENV AWS_ACCESS_KEY=" + KEY_ID + "\n"));
        IgnoreFile ignore = IgnoreFile.parse(".leakgateignore", "v2-0123456789abcdef0123456789abcdef\n");
        List<Finding> range = scan("b.env", "AWS_ACCESS_KEY_ID=" + OTHER_KEY_ID + "\n");
        Triage whole = new FindingFilter(baseline, List.of(ignore)).apply(range);
        assertThat(whole.stale()).hasSize(1);
        assertThat(whole.unusedIgnores()).hasSize(1);
        Triage part = new FindingFilter(baseline, List.of(ignore)).partial().apply(range);
        assertThat(part.fresh()).isEqualTo(whole.fresh());
        assertThat(part.stale()).isEmpty();
        assertThat(part.unusedIgnores()).isEmpty();
    }

    @Test
    void theSameSecretCopiedToAnotherFileIsNew() {
        Baseline baseline = Baseline.of(scan("a.env", "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n"));
        Triage t = new FindingFilter(baseline, List.of()).apply(scan("b.env", "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n"));
        assertThat(t.fresh()).hasSize(1);
    }

    @Test
    void historyFindingIsHeldBackOnlyWhenEveryPlaceItWasSeenIsAccepted() {
        Finding inA = scan("a.env", "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n").get(0)
                .withProvenance(new Provenance(COMMIT, "Dana", "d@example.invalid", "2026-11-02T10:15:00Z", "x"));
        Finding alsoInB = inA.withOthers(List.of(new Location("b.env", 3, null)));
        FindingFilter acceptsA = new FindingFilter(Baseline.of(List.of(inA)), List.of());
        assertThat(acceptsA.apply(List.of(inA)).baselined()).hasSize(1);
        assertThat(acceptsA.apply(List.of(alsoInB)).fresh()).hasSize(1);
        FindingFilter acceptsBoth = new FindingFilter(Baseline.of(List.of(alsoInB)), List.of());
        assertThat(acceptsBoth.baseline().size()).isEqualTo(2);
        assertThat(acceptsBoth.apply(List.of(alsoInB)).baselined()).hasSize(1);
    }

    @Test
    void ignoreFileFingerprintHoldsAFindingBackAsIgnoredAndUnusedLinesAreListed() throws Exception {
        Finding f = scan("Dockerfile", "ENV AWS_ACCESS_KEY=" + KEY_ID + "\n").get(0);
        IgnoreFile ignore = IgnoreFile.parse(".leakgateignore", "# accepted test key\n" + f.fingerprint()
                + "  # fixture\nv2-0123456789abcdef0123456789abcdef\n");
        Triage t = new FindingFilter(null, List.of(ignore)).apply(List.of(f));
        assertThat(t.fresh()).isEmpty();
        assertThat(t.ignored()).containsExactly(f);
        assertThat(t.unusedIgnores()).extracting(IgnoreFile.Entry::source).containsExactly(".leakgateignore:3");
    }

    @Test
    void gitleaksLineMatchesRulePathAndLineAndTheCommitWhenTheFindingHasOne() throws Exception {
        Finding f = scan("deploy/.env", "X=1\nAWS_ACCESS_KEY_ID=" + KEY_ID + "\n").get(0);
        assertThat(f.line()).isEqualTo(2);
        IgnoreFile dirStyle = IgnoreFile.parse(".gitleaksignore", "deploy/.env:" + f.rule().id() + ":2\n");
        Triage t = new FindingFilter(null, List.of(dirStyle)).apply(List.of(f));
        assertThat(t.ignored()).hasSize(1);
        assertThat(t.lineBased().values()).containsExactly(f.fingerprint());

        IgnoreFile otherLine = IgnoreFile.parse(".gitleaksignore", "deploy/.env:" + f.rule().id() + ":3\n");
        assertThat(new FindingFilter(null, List.of(otherLine)).apply(List.of(f)).fresh()).hasSize(1);

        IgnoreFile withCommit = IgnoreFile.parse(".gitleaksignore", COMMIT + ":deploy/.env:" + f.rule().id() + ":2\n");
        assertThat(new FindingFilter(null, List.of(withCommit)).apply(List.of(f)).ignored())
                .as("a directory scan has no commit to compare").hasSize(1);
        Finding inOtherCommit = f.withProvenance(
                new Provenance("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Dana", "d@example.invalid", "2026", "x"));
        assertThat(new FindingFilter(null, List.of(withCommit)).apply(List.of(inOtherCommit)).fresh()).hasSize(1);
        Finding inThatCommit = f.withProvenance(new Provenance(COMMIT, "Dana", "d@example.invalid", "2026", "x"));
        assertThat(new FindingFilter(null, List.of(withCommit)).apply(List.of(inThatCommit)).ignored()).hasSize(1);
    }

    @Test
    void noPolicyReportsEverything() {
        List<Finding> all = scan("Dockerfile", "ENV AWS_ACCESS_KEY=" + KEY_ID + "\n");
        assertThat(FindingFilter.NONE.active()).isFalse();
        assertThat(FindingFilter.NONE.apply(all).fresh()).isEqualTo(all);
    }
}
