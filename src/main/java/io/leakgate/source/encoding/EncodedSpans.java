package io.leakgate.source.encoding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    /** Shortest base64 run decoded: 15 bytes, as short as a credential worth decoding gets. */
    static final int MIN_BASE64 = 20;
    /** Shortest hex run decoded: 10 bytes (runs are found at the base64 length). */
    static final int MIN_HEX = MIN_BASE64;
    /** Longest run decoded: longer ones are files (fonts, images, archives) written inline. */
    static final int MAX_RUN = 1 << 20;
    /** How far a percent-encoded token reaches around its first escape. */
    private static final int MAX_TOKEN = 1024;
    /** Shortest percent-decoded token worth scanning. */
    private static final int MIN_PERCENT = 8;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long PERCENTS = 0x2525252525252525L;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

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
        List<Span> out = runs(b, len, percents(b, len, null));
        if (out == null) {
            return List.of();
        }
        out.sort((x, y) -> Integer.compare(x.start(), y.start()));
        return out;
    }

    /**
     * The base64 and hex runs. Probing as a string search skips: a run long enough to decode that
     * ends at or after position {@code i} covers {@code i}'s {@link #MIN_BASE64} - 1 predecessors
     * too, so reading back from {@code i} to the first byte outside the alphabet tells where the
     * next such run can start at the earliest, and most of a text's bytes are never read.
     */
    private static List<Span> runs(byte[] b, int len, List<Span> out) {
        int i = MIN_BASE64 - 1;
        while (i < len) {
            int floor = i - MIN_BASE64 + 1;
            int j = i;
            while (j >= floor && CLASS[b[j] & 0xff] != 0) {
                j--;
            }
            if (j >= floor) {
                i = j + MIN_BASE64;
                continue;
            }
            int start = floor;
            while (start > 0 && CLASS[b[start - 1] & 0xff] != 0) {
                start--;
            }
            int end = i + 1;
            while (end < len && CLASS[b[end] & 0xff] != 0) {
                end++;
            }
            Span s = run(b, len, start, end);
            if (s != null) {
                out = add(out, s);
            }
            i = end + MIN_BASE64;
        }
        return out;
    }

    /** The decoded run {@code b[start, end)}: hex when it is all hex digits, else base64; null when it is neither or no text. */
    private static Span run(byte[] b, int len, int start, int end) {
        int run = end - start;
        if (run > MAX_RUN) {
            return null;
        }
        int flags = STD | URL | HEX;
        for (int k = start; k < end && flags != 0; k++) {
            flags &= CLASS[b[k] & 0xff];
        }
        if ((flags & HEX) != 0) {
            return run >= MIN_HEX && (run & 1) == 0 ? hex(b, start, end) : null;
        }
        if ((flags & (STD | URL)) == 0) {
            return null;
        }
        int padded = end;
        while (padded < len && padded - end < 2 && b[padded] == '=') {
            padded++;
        }
        return base64(b, start, end, padded, (flags & STD) != 0);
    }

    /**
     * The percent-encoded tokens: a token is the run of non-blank, unquoted bytes around an
     * escape. The {@code %} signs are found eight bytes at a time.
     */
    private static List<Span> percents(byte[] b, int len, List<Span> out) {
        int i = 0;
        while (i < len) {
            int at = nextPercent(b, len, i);
            if (at < 0) {
                break;
            }
            if (at + 2 < len && isHex(b[at + 1]) && isHex(b[at + 2])) {
                int end = tokenEnd(b, len, at);
                Span s = percent(b, tokenStart(b, at), end);
                if (s != null) {
                    out = add(out, s);
                }
                i = end;
            } else {
                i = at + 1;
            }
        }
        return out;
    }

    /** The index of the first {@code %} at or after {@code from}, or -1. */
    static int nextPercent(byte[] b, int len, int from) {
        int i = from;
        for (; i + 8 <= len; i += 8) {
            long x = (long) LONGS.get(b, i) ^ PERCENTS;
            long zero = (x - ONES) & ~x & HIGHS;
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < len; i++) {
            if (b[i] == '%') {
                return i;
            }
        }
        return -1;
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
