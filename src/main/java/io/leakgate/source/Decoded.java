package io.leakgate.source;

import io.leakgate.finding.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places what the decoders found back into the text they decoded: a finding in decoded text is
 * reported over the whole encoded span, with how it was encoded, and one secret gives one
 * finding: a decoded finding the text already shows (a token next to a {@code %3D}) gives way
 * to the plain one, and a plain finding of the encoded span itself ("base64 under data:") gives
 * way to what the span turned out to hold.
 */
final class Decoded {
    /** A finding in the text a span decodes to, located in that text. */
    record Hit(int start, int end, String how, Finding finding) {
    }

    private Decoded() {
    }

    static List<Finding> merge(List<Finding> plain, List<Hit> hits, byte[] text) {
        if (hits.isEmpty()) {
            return plain;
        }
        List<Finding> decoded = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Cursor cursor = new Cursor(text);
        for (Hit h : hits) {
            long from = cursor.at(h.start());
            long to = cursor.at(h.end() - 1);
            Finding f = h.finding();
            if (shown(plain, f, from, to) || !seen.add(f.rule().id() + '\0' + f.secret() + '\0' + from)) {
                continue;
            }
            decoded.add(new Finding(f.rule(), f.path(), line(from), column(from), line(to), column(to), f.secret(),
                    null, f.tags(), f.provenance(), Map.of(), f.others(), f.kind())
                    .withFacts(List.of(), attributes(f, h.how())));
            spans.add(new long[] {from, to});
        }
        if (decoded.isEmpty()) {
            return plain;
        }
        List<Finding> out = new ArrayList<>(plain.size() + decoded.size());
        for (Finding p : plain) {
            long at = pack(p.line(), p.column());
            boolean inside = false;
            for (long[] s : spans) {
                inside |= at >= s[0] && at <= s[1];
            }
            if (!inside) {
                out.add(p);
            }
        }
        out.addAll(decoded);
        out.sort((a, b) -> Long.compare(pack(a.line(), a.column()), pack(b.line(), b.column())));
        return out;
    }

    private static Map<String, String> attributes(Finding f, String how) {
        Map<String, String> a = new java.util.LinkedHashMap<>(f.attributes());
        a.put(ContentScan.DECODED_ATTRIBUTE, how);
        return a;
    }

    /** Whether a plain finding inside the span already reports this rule and secret. */
    private static boolean shown(List<Finding> plain, Finding f, long from, long to) {
        for (Finding p : plain) {
            long at = pack(p.line(), p.column());
            if (at >= from && at <= to && p.rule().id().equals(f.rule().id()) && p.secret().equals(f.secret())) {
                return true;
            }
        }
        return false;
    }

    /** Line and column of offsets in the text as the detector counts them (columns in characters), packed; cheap when asked in order. */
    private static final class Cursor {
        private final byte[] text;
        private int off;
        private int line = 1;
        private int column = 1;

        Cursor(byte[] text) {
            this.text = text;
        }

        long at(int target) {
            if (target < off) {
                off = 0;
                line = 1;
                column = 1;
            }
            for (; off < target; off++) {
                if (text[off] == '\n') {
                    line++;
                    column = 1;
                } else if ((text[off] & 0xC0) != 0x80) {
                    column++;
                }
            }
            return pack(line, column);
        }
    }

    private static long pack(int line, int column) {
        return ((long) line << 32) | column;
    }

    private static int line(long packed) {
        return (int) (packed >>> 32);
    }

    private static int column(long packed) {
        return (int) packed;
    }
}
