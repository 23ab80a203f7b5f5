package io.leakgate.source.git;

import io.leakgate.regex.Regex;
import io.leakgate.rules.Allowlist;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups paths that the rules cannot tell apart: two paths in one class match the same rule path
 * patterns and the same allowlist path patterns, so a blob scanned under one of them yields the
 * same findings under the other. A blob held at several paths is then scanned once per class,
 * usually once, instead of once per path.
 */
final class PathClasses {
    private final List<Regex> patterns = new ArrayList<>();
    /** Per class id, which patterns its paths match: the same for the same rules in every run. */
    private final List<String> signatures = new ArrayList<>();

    PathClasses(RuleSet rules) {
        for (Rule r : rules.rules()) {
            if (r.path() != null) {
                patterns.add(r.path().get());
            }
            for (Allowlist a : r.allowlists()) {
                a.paths().forEach(p -> patterns.add(p.get()));
            }
        }
        for (Allowlist a : rules.allowlists()) {
            a.paths().forEach(p -> patterns.add(p.get()));
        }
    }

    /** The class of each path id. */
    int[] classify(String[] paths) {
        int[] classes = new int[paths.length];
        signatures.clear();
        if (patterns.isEmpty()) {
            signatures.add("");
            return classes;
        }
        Map<BitSet, Integer> ids = new HashMap<>();
        for (int i = 0; i < paths.length; i++) {
            BitSet key = new BitSet(patterns.size());
            for (int p = 0; p < patterns.size(); p++) {
                if (patterns.get(p).matcher(paths[i]).find()) {
                    key.set(p);
                }
            }
            classes[i] = ids.computeIfAbsent(key, k -> {
                signatures.add(java.util.HexFormat.of().formatHex(k.toByteArray()));
                return ids.size();
            });
        }
        return classes;
    }

    /** The signature of class {@code id} from the last {@link #classify}: stable across runs of the same rules. */
    String signature(int id) {
        return signatures.get(id);
    }
}
