package io.leakgate.detect;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds a canarytokens host ({@code *.canarytokens.com}, {@code .net}, {@code .org}) near a
 * match: a kubeconfig {@code server:}, a MySQL dump's {@code MASTER_HOST}, a URL. Credentials
 * next to one are tripwires.
 */
final class CanaryContext {
    /** How far before and after the match to look. */
    static final int REACH = 2048;
    private static final byte[] NAME = "canarytokens.".getBytes(StandardCharsets.US_ASCII);
    private static final String[] TLDS = {"com", "net", "org"};

    private CanaryContext() {
    }

    /** The canarytokens host named within {@link #REACH} bytes of [from, to), or null. */
    static String host(byte[] buf, int len, int from, int to) {
        int start = Math.max(0, from - REACH);
        int stop = Math.min(len, to + REACH);
        outer:
        for (int i = start; i + NAME.length + 3 <= stop; i++) {
            for (int j = 0; j < NAME.length; j++) {
                if (lower(buf[i + j]) != NAME[j]) {
                    continue outer;
                }
            }
            int t = i + NAME.length;
            for (String tld : TLDS) {
                if (lower(buf[t]) == tld.charAt(0) && lower(buf[t + 1]) == tld.charAt(1)
                        && lower(buf[t + 2]) == tld.charAt(2)
                        && (t + 3 >= len || !isHostChar(buf[t + 3]) || buf[t + 3] == '.')) {
                    int h = i;
                    while (h > 0 && isHostChar(buf[h - 1])) {
                        h--;
                    }
                    return new String(buf, h, t + 3 - h, StandardCharsets.US_ASCII)
                            .toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static boolean isHostChar(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '.';
    }
}
