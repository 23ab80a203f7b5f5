package io.leakgate.policy;

import io.leakgate.finding.Finding;
import io.leakgate.finding.Fingerprint;
import io.leakgate.finding.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * One place a finding's secret was seen, as baselines and ignore files match it.
 *
 * @param commit the commit that introduced it there, or null outside history scans
 */
public record Spot(String rule, String path, int line, String commit, String fingerprint) {
    /** The finding's own place first, then its other locations. */
    static List<Spot> of(Finding f) {
        List<Spot> out = new ArrayList<>(1 + f.others().size());
        out.add(new Spot(f.rule().id(), f.path(), f.line(),
                f.provenance() == null ? null : f.provenance().commit(), f.fingerprint()));
        for (Location l : f.others()) {
            out.add(new Spot(f.rule().id(), l.path(), l.line(), l.provenance() == null ? null : l.provenance().commit(),
                    Fingerprint.of(f.rule().id(), l.path(), f.secret())));
        }
        return out;
    }
}
