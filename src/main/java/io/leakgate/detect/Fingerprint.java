package io.leakgate.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A finding's identity for baselines and ignore files: a hash of the rule, the path and the
 * secret, so it survives edits that move the secret to another line, and never reveals it.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(String ruleId, String path, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ruleId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(secret.getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest();
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
