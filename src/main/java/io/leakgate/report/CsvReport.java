package io.leakgate.report;

import io.leakgate.finding.Finding;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * CSV as RFC 4180 has it: a header row, CRLF line ends, fields quoted when they hold a comma, a
 * quote or a line break, quotes doubled. A cell that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, tab or CR) gets a leading apostrophe, since paths come from
 * the scanned repository and may be written by anyone; for the same reason control characters
 * are escaped ({@link Printable}), so that a report shown in a terminal cannot drive it. The
 * {@code kind} column, last so that readers of the older columns are not disturbed, tells a file
 * from a commit or tag message. Content that was not scanned follows the findings as rows whose
 * rule is {@code skipped}, the reason in {@code tags} and {@code description}.
 */
final class CsvReport implements Report {
    static final List<String> HEADER = List.of("rule", "severity", "path", "line", "column", "endLine",
            "endColumn", "secret", "fingerprint", "commit", "author", "email", "date", "tags", "description", "kind");

    private final Redactor redactor;

    CsvReport(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public void write(ScanResult result, Suppressed suppressed, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        row(w, HEADER);
        for (Finding f : result.findings()) {
            Provenance p = f.provenance();
            row(w, List.of(f.rule().id(), f.rule().severity().label(), f.path(),
                    Integer.toString(f.line()), Integer.toString(f.column()),
                    Integer.toString(f.endLine()), Integer.toString(f.endColumn()),
                    redactor.apply(f.secret()), f.fingerprint(),
                    p == null ? "" : nullToEmpty(p.commit()), p == null ? "" : nullToEmpty(p.author()),
                    p == null ? "" : nullToEmpty(p.email()), p == null ? "" : nullToEmpty(p.date()),
                    String.join(" ", f.tags()), f.rule().description(), f.kind().label()));
        }
        // Content that was not scanned is listed too, as rows whose rule is "skipped".
        for (Skipped s : NotScanned.listed(result)) {
            row(w, List.of("skipped", "", s.path(), "", "", "", "", "", "", "", "", "", "",
                    s.reason().name().toLowerCase(Locale.ROOT), NotScanned.why(s), ""));
        }
        w.flush();
    }

    private static void row(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(field(fields.get(i)));
        }
        w.write("\r\n");
    }

    static String field(String value) {
        String v = Printable.of(value);
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
