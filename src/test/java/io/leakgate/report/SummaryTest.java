package io.leakgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.finding.Finding;
import io.leakgate.finding.ScanResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    static ScanResult result(List<Finding> findings) {
        return new ScanResult(findings, List.of(), 214, 1_363_149, 410_000_000);
    }

    @Test
    void withoutBaselineOrIgnoreFilesTheLineSaysNothingAboutNewFindings() throws Exception {
        Finding f = SarifReportTest.find("a.env", "AWS_ACCESS_KEY_ID=" + SarifReportTest.KEY_ID + "\n");
        assertThat(Summary.line(result(List.of(f)), Suppressed.NONE))
                .isEqualTo("1 finding (1 critical) · scanned 214 files, 1.3 MiB in 0.41 s");
        assertThat(Summary.line(result(List.of()))).isEqualTo("no secrets found · scanned 214 files, 1.3 MiB in 0.41 s");
    }

    @Test
    void withAPolicyTheLineCountsNewBaselinedAndIgnoredFindings() throws Exception {
        Finding f = SarifReportTest.find("a.env", "AWS_ACCESS_KEY_ID=" + SarifReportTest.KEY_ID + "\n");
        assertThat(Summary.line(result(List.of(f, f)), Suppressed.of(3, 1)))
                .isEqualTo("2 new findings (2 critical), 3 baselined, 1 ignored · scanned 214 files, 1.3 MiB in 0.41 s");
        assertThat(Summary.line(result(List.of()), Suppressed.of(2, 0)))
                .isEqualTo("no new secrets found (2 baselined) · scanned 214 files, 1.3 MiB in 0.41 s");
        assertThat(Summary.line(result(List.of()), Suppressed.of(0, 0)))
                .isEqualTo("no new secrets found (0 baselined) · scanned 214 files, 1.3 MiB in 0.41 s");
    }
}
