package io.leakgate.source.git;

import java.time.Instant;

/**
 * Which commits a history scan covers: by default every commit reachable from any ref.
 *
 * @param range  {@code A..B} (commits reachable from B and not from A) or one revision and its
 *               ancestors; null for all refs
 * @param branch one branch (or any revision) and its ancestors; null for all refs
 * @param since  only commits committed at or after this instant; null for no limit
 */
public record HistoryScope(String range, String branch, Instant since) {
    /** Every commit reachable from any ref. */
    public static HistoryScope all() {
        return new HistoryScope(null, null, null);
    }
}
