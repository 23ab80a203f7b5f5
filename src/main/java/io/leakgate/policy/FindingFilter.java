package io.leakgate.policy;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Fingerprint;
import io.leakgate.finding.ScanResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which findings are new: a finding is held back when every place it was seen is in the
 * baseline or matched by an ignore file. A secret that is accepted in one file but also turns up
 * in another is reported, since the new copy is a new leak. Every mode (scan, history, hooks)
 * runs its findings through the same filter.
 */
public final class FindingFilter {
    /** No baseline and no ignore files: every finding is new. */
    public static final FindingFilter NONE = new FindingFilter(null, List.of());

    private final Baseline baseline;
    private final List<IgnoreFile> ignoreFiles;
    private final boolean complete;

    /** @param baseline the accepted findings, or null for none */
    public FindingFilter(Baseline baseline, List<IgnoreFile> ignoreFiles) {
        this(baseline, ignoreFiles, true);
    }

    private FindingFilter(Baseline baseline, List<IgnoreFile> ignoreFiles, boolean complete) {
        this.baseline = baseline;
        this.ignoreFiles = List.copyOf(ignoreFiles);
        this.complete = complete;
    }

    /**
     * The same policy for a scan that covers only part of what the baseline covers (a commit
     * range, a pushed change, staged files): entries it does not see are not stale, so its
     * triage reports no stale entries and no unused ignore lines.
     */
    public FindingFilter partial() {
        return new FindingFilter(baseline, ignoreFiles, false);
    }

    /**
     * The policy for a scan of {@code root}: the baseline file if one is given, the ignore files
     * named explicitly, and {@code .leakgateignore} and {@code .gitleaksignore} found in root.
     *
     * @param baselineFile null for no baseline
     * @param root         the scanned directory, or null (standard input, a bare repository)
     */
    public static FindingFilter load(Path baselineFile, List<Path> ignoreFiles, Path root) throws LeakgateException {
        Baseline b = baselineFile == null ? null : Baseline.load(baselineFile);
        List<IgnoreFile> files = new ArrayList<>();
        for (Path p : ignoreFiles) {
            files.add(IgnoreFile.load(p));
        }
        Set<Path> explicit = new HashSet<>();
        ignoreFiles.forEach(p -> explicit.add(p.toAbsolutePath().normalize()));
        for (IgnoreFile found : IgnoreFile.discover(root)) {
            if (!explicit.contains(Path.of(found.name()).toAbsolutePath().normalize())) {
                files.add(found);
            }
        }
        return new FindingFilter(b, files);
    }

    /** Whether a baseline or any ignore file is in force. */
    public boolean active() {
        return baseline != null || !ignoreFiles.isEmpty();
    }

    public Baseline baseline() {
        return baseline;
    }

    public List<IgnoreFile> ignoreFiles() {
        return ignoreFiles;
    }

    public Triage apply(ScanResult result) {
        return apply(result.findings());
    }

    public Triage apply(List<Finding> findings) {
        if (!active()) {
            // Matching needs every finding's fingerprint, which is slow to derive on purpose.
            return new Triage(findings, List.of(), List.of(), List.of(), List.of(), Map.of());
        }
        Fingerprint.deriveAll(findings, true);
        List<Finding> fresh = new ArrayList<>();
        List<Finding> baselined = new ArrayList<>();
        List<Finding> ignored = new ArrayList<>();
        Set<String> seenFingerprints = new HashSet<>();
        Set<IgnoreFile.Entry> usedIgnores = new HashSet<>();
        Map<IgnoreFile.GitleaksEntry, String> lineBased = new LinkedHashMap<>();
        for (Finding f : findings) {
            boolean allHeld = true;
            boolean anyBaselined = false;
            for (Spot s : Spot.of(f)) {
                seenFingerprints.add(s.fingerprint());
                boolean held = false;
                if (baseline != null && baseline.contains(s.fingerprint())) {
                    held = true;
                    anyBaselined = true;
                }
                for (IgnoreFile file : ignoreFiles) {
                    for (IgnoreFile.Entry e : file.entries()) {
                        if (e.matches(s)) {
                            held = true;
                            usedIgnores.add(e);
                            if (e instanceof IgnoreFile.GitleaksEntry g) {
                                lineBased.putIfAbsent(g, s.fingerprint());
                            }
                        }
                    }
                }
                allHeld &= held;
            }
            if (!allHeld) {
                fresh.add(f);
            } else if (anyBaselined) {
                baselined.add(f);
            } else {
                ignored.add(f);
            }
        }
        List<Baseline.Entry> stale = new ArrayList<>();
        if (baseline != null && complete) {
            for (Baseline.Entry e : baseline.entries()) {
                if (!seenFingerprints.contains(e.fingerprint())) {
                    stale.add(e);
                }
            }
        }
        List<IgnoreFile.Entry> unused = new ArrayList<>();
        for (IgnoreFile file : complete ? ignoreFiles : List.<IgnoreFile>of()) {
            for (IgnoreFile.Entry e : file.entries()) {
                if (!usedIgnores.contains(e)) {
                    unused.add(e);
                }
            }
        }
        return new Triage(fresh, baselined, ignored, stale, unused, lineBased);
    }
}
