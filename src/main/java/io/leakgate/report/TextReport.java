package io.leakgate.report;

import io.leakgate.finding.Finding;
import io.leakgate.finding.Location;
import io.leakgate.finding.LocationKind;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Severity;
import io.leakgate.finding.Skipped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The report for people at a terminal: grouped by file, redacted, coloured only on a TTY. */
final class TextReport implements Report {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";

    private final Redactor redactor;
    private final boolean colour;

    TextReport(Redactor redactor, boolean colour) {
        this.redactor = redactor;
        this.colour = colour;
    }

    @Override
    public void write(ScanResult result, Suppressed suppressed, OutputStream stream) throws IOException {
        Lines out = new Lines(stream);
        String current = null;
        for (Finding f : result.findings()) {
            // A message is named by its commit or tag: its path is the same for every message.
            // A tag's name comes from the tag object, which may hold any byte.
            String place = printable(f.place());
            if (!place.equals(current)) {
                if (current != null) {
                    out.println();
                }
                current = place;
                out.println(paint(BOLD, current));
            }
            String location = place + ":" + f.line() + ":" + f.column();
            out.println("  " + paint(CYAN, location) + "  " + severity(f.rule().severity())
                    + "  " + paint(BOLD, printable(f.rule().id())) + "  " + printable(f.rule().description()));
            // A rule that recognises the file itself (a key store by name or first bytes) has no
            // secret span to show; its content may be binary, so it is named, never printed.
            StringBuilder detail = new StringBuilder("      secret ")
                    .append(f.secret().isEmpty() ? "(the whole file)" : printable(redactor.apply(f.secret())))
                    .append(paint(DIM, "  fingerprint " + f.fingerprint()));
            out.println(detail.toString());
            Provenance p = f.provenance();
            if (p != null) {
                String object = f.kind() == LocationKind.TAG_MESSAGE ? "tag " : "commit ";
                out.println(paint(DIM, "      " + object + printable(p.commit().substring(0, Math.min(12, p.commit().length()))
                        + " " + p.author() + " <" + p.email() + "> " + p.date() + "  " + p.subject())));
            }
            if (!f.others().isEmpty()) {
                out.println(paint(DIM, "      also " + others(f)));
            }
            facts(out, f.attributes());
            String account = f.attributes().get("aws-account");
            if (f.tags().contains("canary")) {
                String why = f.attributes().get("canary");
                out.println(paint(YELLOW, "      canary token" + (why != null ? " (" + printable(why) + ")" : "")
                        + ": testing or using this key alerts whoever planted it"));
            } else if (account != null) {
                out.println(paint(DIM, "      aws account " + printable(account)));
            }
        }
        Map<Skipped.Reason, Integer> counts = new TreeMap<>();
        boolean listed = false;
        for (Skipped s : result.skipped()) {
            counts.merge(s.reason(), 1, Integer::sum);
            if (s.reason() != Skipped.Reason.MEDIA) {
                if (!listed && !result.findings().isEmpty()) {
                    out.println();
                }
                listed = true;
                out.println(paint(YELLOW, "skipped ") + printable(s.path()) + " (" + s.reason().text()
                        + (s.size() >= 0 ? ", " + Summary.bytes(s.size()) : "")
                        + (s.detail() != null ? ": " + printable(s.detail()) : "") + ")");
            }
        }
        if (!result.findings().isEmpty() || listed) {
            out.println();
        }
        out.println(Summary.line(result, suppressed));
        out.flush();
    }

    /** "in 2 other places: b.env:2 (1a2b3c4d5e6f), …": the first few, then a count. */
    private static String others(Finding f) {
        int n = f.others().size();
        StringBuilder sb = new StringBuilder("in ").append(n).append(n == 1 ? " other place: " : " other places: ");
        for (int i = 0; i < Math.min(3, n); i++) {
            Location l = f.others().get(i);
            sb.append(i == 0 ? "" : ", ").append(printable(l.place())).append(':').append(l.line());
            if (l.provenance() != null) {
                String c = l.provenance().commit();
                sb.append(" (").append(printable(c.substring(0, Math.min(12, c.length())))).append(')');
            }
        }
        if (n > 3) {
            sb.append(", …");
        }
        return sb.toString();
    }

    /** Attributes such as an image's layer and build step, one line; flags as sentences. */
    private void facts(Lines out, Map<String, String> attributes) throws IOException {
        if (attributes.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder();
        List<Map.Entry<String, String>> ordered = new ArrayList<>(attributes.entrySet());
        ordered.sort(Comparator.comparingInt((Map.Entry<String, String> a) -> {
            int i = ORDER.indexOf(a.getKey());
            return i < 0 ? ORDER.size() : i;
        }).thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, String> a : ordered) {
            String key = a.getKey();
            // The AWS account and the canary verdict get lines of their own, below.
            // The tag's name is in the place already.
            if (key.equals("layerIndex") || key.equals("aws-account") || key.equals("canary")
                    || key.equals(LocationKind.TAG_ATTRIBUTE)
                    || "true".equals(a.getValue()) && FLAGS.containsKey(key)) {
                continue;
            }
            String value = a.getValue();
            if (key.equals("layer") && attributes.containsKey("layerIndex")) {
                value = attributes.get("layerIndex") + " " + value;
            }
            line.append(line.length() == 0 ? "" : " · ").append(printable(words(key))).append(' ').append(printable(value));
        }
        if (line.length() > 0) {
            out.println(paint(DIM, "      " + line));
        }
        for (Map.Entry<String, String> flag : FLAGS.entrySet()) {
            if ("true".equals(attributes.get(flag.getKey()))) {
                out.println(paint(YELLOW, "      " + flag.getValue()));
            }
        }
    }

    /** Attributes shown first, in this order; others follow by name. */
    private static final List<String> ORDER = List.of("image", "layer", "step", "createdBy");

    private static final Map<String, String> FLAGS = Map.of(
            "removedInLaterLayer", "removed in a later layer, still in the image",
            "replacedInLaterLayer", "replaced in a later layer, still in the image",
            "notInAnyImage", "named by no image manifest, still in the archive",
            "overwrittenInArchive", "an earlier archive entry of the same name, still in the archive");

    /** {@code createdBy} becomes {@code created by}. */
    private static String words(String key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                b.append(' ').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Lines to a stream that, unlike a {@link java.io.PrintStream}, report a failed write (a full
     * disk, a closed pipe), so that a report that was not written is never called written.
     */
    private static final class Lines {
        private final Writer w;

        Lines(OutputStream stream) {
            w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        }

        void println(String line) throws IOException {
            w.write(line);
            println();
        }

        void println() throws IOException {
            w.write(System.lineSeparator());
        }

        void flush() throws IOException {
            w.flush();
        }
    }

    /** Values come from the scanned content: no control character reaches the terminal. */
    private static String printable(String s) {
        return Printable.of(String.valueOf(s));
    }

    private String severity(Severity s) {
        String label = String.format("%-8s", s.label());
        return switch (s) {
            case CRITICAL, HIGH -> paint(RED, label);
            case MEDIUM -> paint(YELLOW, label);
            default -> paint(DIM, label);
        };
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
