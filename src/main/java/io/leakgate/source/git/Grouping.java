package io.leakgate.source.git;

import io.leakgate.finding.Finding;
import io.leakgate.finding.Location;
import io.leakgate.finding.Provenance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Turns hits into findings: one finding per (rule, secret). At each path the secret was
 * introduced by the oldest commit among the blobs there that hold it; each commit or tag message
 * that holds it is a place too. The oldest of those places is the finding's own location, the
 * others are listed with it.
 */
final class Grouping {
    private Grouping() {
    }

    static List<Finding> group(Iterable<Hit> hits, String[] paths, IntFunction<Provenance> provenance) {
        Map<String, Map<Object, Hit>> bySecret = new LinkedHashMap<>();
        for (Hit h : hits) {
            String id = h.finding().attributes().get(BlobMemory.SECRET_ID);
            String key = h.finding().rule().id() + '\0' + (id != null ? id : h.finding().secret());
            Map<Object, Hit> byPlace = bySecret.computeIfAbsent(key, k -> new HashMap<>());
            byPlace.merge(place(h), h, (a, b) -> earlier(a, b) ? a : b);
        }
        List<Finding> out = new ArrayList<>(bySecret.size());
        Map<Integer, Provenance> cache = new HashMap<>();
        IntFunction<Provenance> prov = c -> cache.computeIfAbsent(c, provenance::apply);
        for (Map<Object, Hit> byPlace : bySecret.values()) {
            List<Hit> places = new ArrayList<>(byPlace.values());
            // oldest first: the walk numbers commits newest first (and a tag's message, which
            // has no commit, comes after them); in one commit, its files before its message
            places.sort(Comparator.comparingInt(Hit::commit).reversed()
                    .thenComparing(h -> h.finding().kind()).thenComparing(h -> name(h, paths)));
            Hit first = places.get(0);
            List<Location> others = new ArrayList<>(places.size() - 1);
            for (int i = 1; i < places.size(); i++) {
                Hit h = places.get(i);
                others.add(new Location(name(h, paths), h.finding().line(), provenance(h, prov), h.finding().kind()));
            }
            Finding own = first.path() >= 0 ? first.finding().withPath(name(first, paths)) : first.finding();
            out.add(own.withProvenance(provenance(first, prov)).withOthers(others));
        }
        out.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)
                .thenComparingInt(Finding::column).thenComparing(f -> f.rule().id()));
        return out;
    }

    /**
     * Where a hit is, for keeping one hit per place: a path of the history, or one message. Each
     * message is a place of its own: the same key pasted into two commits' messages is two
     * places to rewrite.
     */
    private static Object place(Hit h) {
        if (h.path() >= 0) {
            return h.member().isEmpty() ? (Object) h.path() : h.path() + h.member();
        }
        Provenance p = h.finding().provenance();
        return h.finding().kind().label() + ' ' + (p != null ? p.commit() : Integer.toString(h.commit()));
    }

    private static String name(Hit h, String[] paths) {
        return h.path() >= 0 ? paths[h.path()] + h.member() : h.finding().path();
    }

    /** A message's finding arrives with its commit or tag; a blob's gets the commit of its place. */
    private static Provenance provenance(Hit h, IntFunction<Provenance> prov) {
        Provenance own = h.finding().provenance();
        return own != null || h.commit() < 0 ? own : prov.apply(h.commit());
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
