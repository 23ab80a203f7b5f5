package io.leakgate.fleet;

import java.util.Locale;

/** What a person decided about a finding; every finding starts open. */
public enum TriageStatus {
    OPEN, ACCEPTED, FALSE_POSITIVE, REVOKED;

    /** The name on the command line and in the datastore: {@code open}, {@code false-positive}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The status with this label, or null. */
    public static TriageStatus ofLabel(String label) {
        for (TriageStatus s : values()) {
            if (s.label().equalsIgnoreCase(label)) {
                return s;
            }
        }
        return null;
    }
}
