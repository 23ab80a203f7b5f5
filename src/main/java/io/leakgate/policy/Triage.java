package io.leakgate.policy;

import io.leakgate.finding.Finding;
import io.leakgate.finding.ScanResult;
import java.util.List;
import java.util.Map;

/**
 * A policy's verdict on a list of findings.
 *
 * @param fresh          findings to report: new, neither baselined nor ignored
 * @param baselined      findings held back because the baseline accepts them
 * @param ignored        findings held back by an ignore file
 * @param stale          baseline entries that matched no finding: the secret is gone, or was not
 *                       in what was scanned (meaningful only for a scan of everything the
 *                       baseline covers, not for a scan of a commit range)
 * @param unusedIgnores  ignore-file lines that matched no finding (same caveat)
 * @param lineBased      gitleaks-style ignore lines that matched, with the fingerprint that would
 *                       keep matching after the secret moves to another line
 */
public record Triage(List<Finding> fresh, List<Finding> baselined, List<Finding> ignored,
        List<Baseline.Entry> stale, List<IgnoreFile.Entry> unusedIgnores,
        Map<IgnoreFile.GitleaksEntry, String> lineBased) {
    public Triage {
        fresh = List.copyOf(fresh);
        baselined = List.copyOf(baselined);
        ignored = List.copyOf(ignored);
        stale = List.copyOf(stale);
        unusedIgnores = List.copyOf(unusedIgnores);
        lineBased = Map.copyOf(lineBased);
    }

    /** The scan result with only the fresh findings: what reports show. */
    public ScanResult reported(ScanResult all) {
        return new ScanResult(fresh, all.skipped(), all.targets(), all.bytes(), all.nanos());
    }
}
