package io.leakgate.source.git;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Finding;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a history scan may remember between runs: the findings of each blob scanned before by the
 * same rules, under one class of paths ({@link PathClasses}). A blob whose every place is
 * remembered is not read again; its remembered findings stand in for a scan. Keys are
 * {@code <blob id>:<path class>}.
 */
public interface BlobMemory {
    /** The remembered findings of each key that was scanned before; keys not scanned are absent. */
    Map<String, List<Finding>> recall(Collection<String> keys) throws LeakgateException;

    /**
     * Records what one blob held when scanned in full under one path class, and returns the
     * findings in the form they are remembered and carried into the result (see {@link #carried}).
     * Called from several threads.
     */
    List<Finding> remember(String key, List<Finding> findings);

    /**
     * A finding read afresh that is not remembered (a message, a blob scanned only in part), in
     * the form the remembered ones take, so that the two group together. Findings are grouped by
     * rule and {@link #SECRET_ID} when they carry one, by rule and secret otherwise.
     */
    Finding carried(Finding finding);

    /** The attribute that identifies a secret when a finding's secret is kept only redacted. */
    String SECRET_ID = "secret-id";

    /** Remembers nothing: every blob is read. */
    BlobMemory NONE = new BlobMemory() {
        @Override
        public Map<String, List<Finding>> recall(Collection<String> keys) {
            return Map.of();
        }

        @Override
        public List<Finding> remember(String key, List<Finding> findings) {
            return findings;
        }

        @Override
        public Finding carried(Finding finding) {
            return finding;
        }
    };
}
