package io.leakgate.source.git;

import io.leakgate.detect.Finding;
import io.leakgate.detect.Location;
import io.leakgate.detect.Provenance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Turns hits into findings: one finding per (rule, secret). At each path the secret was
 * introduced by the oldest commit among the blobs there that hold it; the oldest of those
 * places is the finding's own location, the others are listed with it.
 */
final class Grouping {
    private Grouping() {
    }

    static List<Finding> group(Iterable<Hit> hits, String[] paths, IntFunction<Provenance> provenance) {
        Map<String, Map<Integer, Hit>> bySecret = new LinkedHashMap<>();
        for (Hit h : hits) {
            String key = h.finding().rule().id() + '\0' + h.finding().secret();
            Map<Integer, Hit> byPath = bySecret.computeIfAbsent(key, k -> new HashMap<>());
            byPath.merge(h.path(), h, (a, b) -> earlier(a, b) ? a : b);
        }
        List<Finding> out = new ArrayList<>(bySecret.size());
        Map<Integer, Provenance> cache = new HashMap<>();
        IntFunction<Provenance> prov = c -> cache.computeIfAbsent(c, provenance::apply);
        for (Map<Integer, Hit> byPath : bySecret.values()) {
            List<Hit> places = new ArrayList<>(byPath.values());
            // oldest first: the walk numbers commits newest first
            places.sort(Comparator.comparingInt(Hit::commit).reversed().thenComparing(h -> paths[h.path()]));
            Hit first = places.get(0);
            List<Location> others = new ArrayList<>(places.size() - 1);
            for (int i = 1; i < places.size(); i++) {
                Hit h = places.get(i);
                others.add(new Location(paths[h.path()], h.finding().line(), prov.apply(h.commit())));
            }
            out.add(first.finding().withPath(paths[first.path()]).withProvenance(prov.apply(first.commit()))
                    .withOthers(others));
        }
        out.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)
                .thenComparingInt(Finding::column).thenComparing(f -> f.rule().id()));
        return out;
    }

    private static boolean earlier(Hit a, Hit b) {
        if (a.commit() != b.commit()) {
            return a.commit() > b.commit();
        }
        if (a.finding().line() != b.finding().line()) {
            return a.finding().line() < b.finding().line();
        }
        return a.finding().column() <= b.finding().column();
    }
}
