package io.leakgate.detect;

import io.leakgate.finding.Finding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Dockerfile as its parser reads it: an instruction continued with a trailing escape character
 * ({@code \}, or the one a {@code # escape=} directive names) is one logical line. Rules are
 * single-line regexes, so the detector scans this joined view and the findings are mapped back to
 * lines and columns of the file as written. Built only for Dockerfile paths that continue lines.
 */
final class DockerfileLines {
    private final byte[] joined;
    private final int length;
    /** Offsets in {@link #joined} where bytes were cut out, ascending. */
    private final int[] cutAt;
    /** Bytes cut out up to and including the cut at the same index. */
    private final int[] cutTotal;

    private DockerfileLines(byte[] joined, int length, int[] cutAt, int[] cutTotal) {
        this.joined = joined;
        this.length = length;
        this.cutAt = cutAt;
        this.cutTotal = cutTotal;
    }

    /** True for {@code Dockerfile}, {@code Dockerfile.prod}, {@code app.dockerfile}, {@code Containerfile}. */
    static boolean isDockerfile(String path) {
        if (path == null) {
            return false;
        }
        int from = Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1;
        int n = path.length() - from;
        return named(path, from, n, "dockerfile") || named(path, from, n, "containerfile")
                || n > 11 && path.regionMatches(true, path.length() - 11, ".dockerfile", 0, 11)
                || n > 14 && path.regionMatches(true, path.length() - 14, ".containerfile", 0, 14);
    }

    /** {@code name} or {@code name.anything}, without allocating: this runs for every file scanned. */
    private static boolean named(String path, int from, int n, String name) {
        int k = name.length();
        return n >= k && path.regionMatches(true, from, name, 0, k) && (n == k || path.charAt(from + k) == '.');
    }

    /** The joined view of a Dockerfile, or null when the path is no Dockerfile or nothing continues. */
    static DockerfileLines of(String path, byte[] content, int length) {
        if (!isDockerfile(path)) {
            return null;
        }
        byte escape = escapeCharacter(content, length);
        byte[] out = null;
        int o = 0;
        int copiedTo = 0;
        List<int[]> cuts = new ArrayList<>();
        int removed = 0;
        boolean continued = false;
        int i = 0;
        while (i < length) {
            int lineEnd = i;
            while (lineEnd < length && content[lineEnd] != '\n') {
                lineEnd++;
            }
            int cutFrom = -1;
            if (continued && isCommentOrBlank(content, i, lineEnd)) {
                // Docker drops comment and empty lines inside a continued instruction.
                cutFrom = lineEnd >= length ? -1 : lineEnd > i && content[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            } else {
                int e = lineEnd;
                if (e > i && content[e - 1] == '\r') {
                    e--;
                }
                while (e > i && (content[e - 1] == ' ' || content[e - 1] == '\t')) {
                    e--;
                }
                continued = e > i && content[e - 1] == escape && lineEnd < length;
                if (continued) {
                    cutFrom = e - 1;
                }
            }
            if (cutFrom >= 0) {
                int cutEnd = lineEnd + 1;
                if (out == null) {
                    out = new byte[length];
                }
                System.arraycopy(content, copiedTo, out, o, cutFrom - copiedTo);
                o += cutFrom - copiedTo;
                copiedTo = cutEnd;
                removed += cutEnd - cutFrom;
                cuts.add(new int[] {o, removed});
            }
            i = lineEnd + 1;
        }
        if (out == null) {
            return null;
        }
        System.arraycopy(content, copiedTo, out, o, length - copiedTo);
        o += length - copiedTo;
        int[] at = new int[cuts.size()];
        int[] total = new int[cuts.size()];
        for (int k = 0; k < at.length; k++) {
            at[k] = cuts.get(k)[0];
            total[k] = cuts.get(k)[1];
        }
        return new DockerfileLines(out, o, at, total);
    }

    byte[] bytes() {
        return joined;
    }

    int length() {
        return length;
    }

    /** The findings of the joined view, with lines and columns of the original content. */
    List<Finding> remap(List<Finding> findings, byte[] original, int originalLength) {
        if (findings.isEmpty()) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            int start = original(offset(f.line(), f.column()));
            int last = original(offset(f.endLine(), f.endColumn()));
            int[] s = lineColumn(original, originalLength, start);
            int[] e = lineColumn(original, originalLength, last);
            out.add(new Finding(f.rule(), f.path(), s[0], s[1], e[0], e[1], f.secret(), null,
                    f.tags(), f.provenance(), f.attributes(), f.others()));
        }
        return out;
    }

    /** Byte offset in the joined view of a 1-based line and character column. */
    private int offset(int line, int column) {
        int pos = 0;
        for (int l = 1; l < line && pos < length; pos++) {
            if (joined[pos] == '\n') {
                l++;
            }
        }
        for (int c = 1; pos < length; pos++) {
            if ((joined[pos] & 0xC0) != 0x80) {
                if (c == column) {
                    break;
                }
                c++;
            }
        }
        return pos;
    }

    private int original(int joinedOffset) {
        int k = Arrays.binarySearch(cutAt, joinedOffset);
        if (k < 0) {
            k = -k - 2;
        } else {
            // a cut exactly here: the byte at this offset comes after the cut
            while (k + 1 < cutAt.length && cutAt[k + 1] == joinedOffset) {
                k++;
            }
        }
        return joinedOffset + (k >= 0 ? cutTotal[k] : 0);
    }

    private static int[] lineColumn(byte[] buf, int len, int pos) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(pos, len);
        for (int i = 0; i < end; i++) {
            if (buf[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int col = 1;
        for (int i = lineStart; i < end; i++) {
            if ((buf[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return new int[] {line, col};
    }

    /** The escape character: {@code \} unless a leading parser directive says {@code # escape=`}. */
    private static byte escapeCharacter(byte[] b, int len) {
        int i = 0;
        while (i < len) {
            int end = i;
            while (end < len && b[end] != '\n') {
                end++;
            }
            int p = skipBlanks(b, i, end);
            if (p >= end || b[p] != '#') {
                break;
            }
            p = skipBlanks(b, p + 1, end);
            if (end - p >= 6 && new String(b, p, 6, java.nio.charset.StandardCharsets.US_ASCII)
                    .equalsIgnoreCase("escape")) {
                p = skipBlanks(b, p + 6, end);
                if (p < end && b[p] == '=') {
                    p = skipBlanks(b, p + 1, end);
                    if (p < end && (b[p] == '`' || b[p] == '\\')) {
                        return b[p];
                    }
                }
            }
            i = end + 1;
        }
        return '\\';
    }

    private static boolean isCommentOrBlank(byte[] b, int from, int to) {
        int p = skipBlanks(b, from, to);
        return p >= to || b[p] == '#' || (b[p] == '\r' && p + 1 >= to);
    }

    private static int skipBlanks(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

}
