package io.leakgate.report;

import io.leakgate.finding.ScanResult;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a scan's outcome in one format. */
public interface Report {
    /**
     * @param result     what the scan found that is new: findings the policy held back are not in it
     * @param suppressed how many findings the policy held back
     */
    void write(ScanResult result, Suppressed suppressed, OutputStream out) throws IOException;

    /** Writes a result to which no baseline or ignore file applied. */
    default void write(ScanResult result, OutputStream out) throws IOException {
        write(result, Suppressed.NONE, out);
    }
}
