package io.leakgate.report;

import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import java.util.List;

/**
 * The skipped entries a report lists one by one, and how each is described, so that no format
 * drops unscanned content silently. Media files are only counted, as in the text report: they
 * are many and cannot hold a text secret.
 */
final class NotScanned {
    private NotScanned() {
    }

    static List<Skipped> listed(ScanResult result) {
        return result.skipped().stream().filter(s -> s.reason() != Skipped.Reason.MEDIA).toList();
    }

    /** "not scanned: could not be read, 1.2 KiB: zip entry compressed with LZMA…". */
    static String why(Skipped s) {
        return "not scanned: " + s.reason().text() + (s.size() >= 0 ? ", " + Summary.bytes(s.size()) : "")
                + (s.detail() != null ? ": " + s.detail() : "");
    }
}
