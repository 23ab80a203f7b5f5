package io.leakgate.finding;

import java.util.List;

/**
 * What a scan found and what it covered.
 *
 * @param targets how many files or blobs were scanned
 * @param bytes   how many bytes were scanned
 */
public record ScanResult(List<Finding> findings, List<Skipped> skipped, long targets, long bytes,
        long nanos) {
    public ScanResult {
        findings = List.copyOf(findings);
        skipped = List.copyOf(skipped);
    }
}
