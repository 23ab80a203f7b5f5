package io.leakgate.detect;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The checksum GitHub introduced for its tokens in 2021 and npm adopted for its access tokens:
 * {@code prefix_} + 30 random base62 characters + the CRC32 of those 30 characters, base62
 * encoded (alphabet {@code 0-9A-Za-z}) and left-padded with zeros to 6 characters.
 */
final class TokenChecksum {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private TokenChecksum() {
    }

    /** True when the token (prefix up to its last '_', then the body) carries a correct checksum. */
    static boolean valid(String token) {
        int underscore = token.lastIndexOf('_');
        String body = token.substring(underscore + 1);
        if (body.length() != 36) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(body.substring(0, 30).getBytes(StandardCharsets.US_ASCII));
        return encode(crc.getValue()).equals(body.substring(30));
    }

    /** Base62 of a CRC32 value, 6 characters. */
    static String encode(long value) {
        char[] out = new char[6];
        long v = value;
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }
}
