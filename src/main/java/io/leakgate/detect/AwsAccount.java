package io.leakgate.detect;

/**
 * The AWS account an access key id belongs to, decoded offline. Key ids created since 2019 carry
 * their account: the 16 characters after the 4-letter prefix are base32; the first 6 decoded
 * bytes, read big-endian, hold the account id shifted left by 7 bits. Older key ids (fifth
 * character {@code I} or {@code J}) carry no account.
 */
final class AwsAccount {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private AwsAccount() {
    }

    /** The 12-digit account id, or null for an old-style or malformed key id. */
    static String of(String keyId) {
        if (keyId.length() != 20) {
            return null;
        }
        char fifth = keyId.charAt(4);
        if (fifth == 'I' || fifth == 'J') {
            return null;
        }
        // 10 base32 characters = 50 bits cover the first 6 bytes (48 bits)
        long bits = 0;
        for (int i = 4; i < 14; i++) {
            int v = BASE32.indexOf(keyId.charAt(i));
            if (v < 0) {
                return null;
            }
            bits = (bits << 5) | v;
        }
        long z = bits >>> 2;
        long account = (z & 0x7fffffffff80L) >>> 7;
        return String.format("%012d", account);
    }
}
