package io.leakgate.source.encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds spans of content written in base64 (standard or URL-safe, padded or not), hex or
 * percent-encoding, and decodes those whose decoded bytes look like text. One pass over the
 * bytes with a class table finds the candidates; a candidate is decoded only when it is long
 * enough, and its first bytes are checked before the rest is decoded, so binary payloads
 * (images, digests, integrity hashes) cost little and yield nothing.
 */
public final class EncodedSpans {
    /**
     * A decoded span: {@code content[start, end)} in the scanned text decodes to {@code decoded}.
     *
     * @param encoding {@code base64}, {@code hex} or {@code percent}
     */
    public record Span(int start, int end, String encoding, byte[] decoded) {
    }

    /** Shortest base64 run decoded: 12 bytes, shorter than any credential worth decoding. */
    static final int MIN_BASE64 = 16;
    /** Shortest hex run decoded: 8 bytes. */
    static final int MIN_HEX = 16;
    /** Longest run decoded: longer ones are files (fonts, images, archives) written inline. */
    static final int MAX_RUN = 1 << 20;
    /** How far a percent-encoded token reaches around its first escape. */
    private static final int MAX_TOKEN = 4096;
    /** Shortest percent-decoded token worth scanning. */
    private static final int MIN_PERCENT = 8;

    private static final byte STD = 1;
    private static final byte URL = 2;
    private static final byte HEX = 4;
    private static final byte[] CLASS = new byte[256];
    /** Bytes that end a percent-encoded token: whitespace, quotes, brackets. */
    private static final boolean[] TOKEN_END = new boolean[256];

    static {
        for (int c = 'A'; c <= 'Z'; c++) {
            CLASS[c] = STD | URL;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            CLASS[c] = STD | URL;
        }
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] = STD | URL | HEX;
        }
        for (int c = 'a'; c <= 'f'; c++) {
            CLASS[c] |= HEX;
            CLASS[c - 'a' + 'A'] |= HEX;
        }
        CLASS['+'] = STD;
        CLASS['/'] = STD;
        CLASS['-'] = URL;
        CLASS['_'] = URL;
        for (char c : " \t\r\n\"'`<>()[]{},;\\|".toCharArray()) {
            TOKEN_END[c] = true;
        }
        for (int c = 0; c < 0x20; c++) {
            TOKEN_END[c] = true;
        }
    }

    private EncodedSpans() {
    }

    /** The decodable spans of {@code b[0, len)}, in order. */
    public static List<Span> find(byte[] b, int len) {
        List<Span> out = null;
        int i = 0;
        while (i < len) {
            int c = CLASS[b[i] & 0xff];
            if (c == 0) {
                if (b[i] == '%' && i + 2 < len && isHex(b[i + 1]) && isHex(b[i + 2])) {
                    int end = tokenEnd(b, len, i);
                    Span s = percent(b, tokenStart(b, i), end);
                    if (s != null) {
                        out = add(out, s);
                    }
                    i = end;
                    continue;
                }
                i++;
                continue;
            }
            int start = i;
            int flags = c;
            while (++i < len && (c = CLASS[b[i] & 0xff]) != 0) {
                flags &= c;
            }
            int run = i - start;
            if (run < MIN_BASE64 || run > MAX_RUN) {
                continue;
            }
            Span s;
            if ((flags & HEX) != 0) {
                s = run >= MIN_HEX && (run & 1) == 0 ? hex(b, start, i) : null;
            } else if ((flags & (STD | URL)) != 0) {
                int end = i;
                while (end < len && end - i < 2 && b[end] == '=') {
                    end++;
                }
                s = base64(b, start, i, end, (flags & STD) != 0);
                i = end;
            } else {
                s = null;
            }
            if (s != null) {
                out = add(out, s);
            }
        }
        return out == null ? List.of() : out;
    }

    private static List<Span> add(List<Span> out, Span s) {
        List<Span> o = out == null ? new ArrayList<>() : out;
        o.add(s);
        return o;
    }

    /** Decodes {@code b[start, runEnd)} as base64 when its first bytes already look like text. */
    private static Span base64(byte[] b, int start, int runEnd, int end, boolean std) {
        int run = runEnd - start;
        if (run % 4 == 1) {
            return null;
        }
        byte[] head = new byte[12];
        if (decode64(b, start, start + MIN_BASE64, std, head) != 12 || !Text.looksLike(head, 12)) {
            return null;
        }
        byte[] out = new byte[run * 3 / 4];
        int n = decode64(b, start, runEnd, std, out);
        if (n < 0 || !Text.looksLike(out, n)) {
            return null;
        }
        return new Span(start, end, "base64", n == out.length ? out : java.util.Arrays.copyOf(out, n));
    }

    /** Decodes whole quartets and a final partial one; the number of bytes written, or -1. */
    private static int decode64(byte[] b, int from, int to, boolean std, byte[] out) {
        int n = 0;
        int acc = 0;
        int bits = 0;
        for (int i = from; i < to; i++) {
            int v = value64(b[i], std);
            if (v < 0) {
                return -1;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (n == out.length) {
                    return n;
                }
                out[n++] = (byte) (acc >> bits);
            }
        }
        return n;
    }

    private static int value64(byte c, boolean std) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == (std ? '+' : '-')) {
            return 62;
        }
        if (c == (std ? '/' : '_')) {
            return 63;
        }
        return -1;
    }

    private static Span hex(byte[] b, int start, int end) {
        byte[] out = new byte[(end - start) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (hexValue(b[start + 2 * i]) << 4 | hexValue(b[start + 2 * i + 1]));
            if (i == 7 && !Text.looksLike(out, 8)) {
                return null;
            }
        }
        return Text.looksLike(out, out.length) ? new Span(start, end, "hex", out) : null;
    }

    private static Span percent(byte[] b, int start, int end) {
        byte[] out = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            if (b[i] == '%' && i + 2 < end && isHex(b[i + 1]) && isHex(b[i + 2])) {
                out[n++] = (byte) (hexValue(b[i + 1]) << 4 | hexValue(b[i + 2]));
                i += 2;
            } else {
                out[n++] = b[i];
            }
        }
        if (n < MIN_PERCENT || !Text.looksLike(out, n)) {
            return null;
        }
        return new Span(start, end, "percent", java.util.Arrays.copyOf(out, n));
    }

    private static int tokenStart(byte[] b, int at) {
        int floor = Math.max(0, at - MAX_TOKEN);
        int i = at;
        while (i > floor && !TOKEN_END[b[i - 1] & 0xff]) {
            i--;
        }
        return i;
    }

    private static int tokenEnd(byte[] b, int len, int at) {
        int ceiling = Math.min(len, at + MAX_TOKEN);
        int i = at;
        while (i < ceiling && !TOKEN_END[b[i] & 0xff]) {
            i++;
        }
        return i;
    }

    private static boolean isHex(byte c) {
        return (CLASS[c & 0xff] & HEX) != 0;
    }

    private static int hexValue(byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
