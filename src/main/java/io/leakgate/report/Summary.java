package io.leakgate.report;

import io.leakgate.finding.Finding;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Severity;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The one line that closes every run: what was scanned, what was found, how long it took. */
public final class Summary {
    private Summary() {
    }

    public static String line(ScanResult r) {
        return line(r, Suppressed.NONE);
    }

    /**
     * With a baseline or ignore file in force the line says which findings are new:
     * {@code 2 new findings (1 critical, 1 high), 3 baselined, 1 ignored · scanned 12 files, …}.
     */
    public static String line(ScanResult r, Suppressed held) {
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Finding f : r.findings()) {
            bySeverity.merge(f.rule().severity(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        int n = r.findings().size();
        String fresh = held.applied() ? "new " : "";
        sb.append(n == 0 ? "no " + fresh + "secrets found" : n + " " + fresh + (n == 1 ? "finding" : "findings"));
        if (n > 0) {
            sb.append(" (");
            boolean first = true;
            Severity[] order = Severity.values();
            for (int i = order.length - 1; i >= 0; i--) {
                Integer c = bySeverity.get(order[i]);
                if (c != null) {
                    sb.append(first ? "" : ", ").append(c).append(' ').append(order[i].label());
                    first = false;
                }
            }
            sb.append(')');
        }
        if (held.applied()) {
            sb.append(n == 0 ? " (" : ", ").append(held.baselined()).append(" baselined");
            if (held.ignored() > 0) {
                sb.append(", ").append(held.ignored()).append(" ignored");
            }
            sb.append(n == 0 ? ")" : "");
        }
        sb.append(" · scanned ").append(r.targets()).append(r.targets() == 1 ? " file" : " files")
                .append(", ").append(bytes(r.bytes()))
                .append(String.format(Locale.ROOT, " in %.2f s", r.nanos() / 1e9));
        if (!r.skipped().isEmpty()) {
            sb.append(" · ").append(r.skipped().size()).append(" skipped");
        }
        return sb.toString();
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        double v = b;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
