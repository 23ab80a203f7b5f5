package io.leakgate.report;

import io.leakgate.detect.ScanResult;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a scan's outcome in one format. */
public interface Report {
    void write(ScanResult result, OutputStream out) throws IOException;
}
