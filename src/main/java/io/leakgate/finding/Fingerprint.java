package io.leakgate.finding;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A finding's identity for baselines and ignore files, derived from the rule, the path and the
 * secret so that it survives edits that move the secret to another line. The derivation is slow
 * and salted (PBKDF2), and keyed when a team key is set ({@link FingerprintKey}), so that a
 * committed baseline is not a cheap oracle for guessing a weak secret.
 */
public final class Fingerprint {
    /** Prefix of a fingerprint made without a team key. */
    public static final String PLAIN = "v2-";
    /** Prefix of a fingerprint made with a team key. */
    public static final String KEYED = "v2k-";

    /**
     * PBKDF2-HMAC-SHA256 rounds: each guess at a secret costs an attacker as much as one
     * fingerprint costs us, and every finding a report lists needs one, so this is a balance
     * (the README gives the cost).
     */
    static final int ITERATIONS = 30_000;

    /** Salt prefix: with the rule and path after it, no table of guesses serves another scheme or place. */
    private static final byte[] DOMAIN = "leakgate fingerprint v2\0".getBytes(StandardCharsets.UTF_8);

    /**
     * Fingerprints already derived in this process: reports, baselines and ignore files ask for
     * the same ones several times, and each derivation is slow on purpose. A pure function's
     * results (the key is fixed for the process), dropped wholesale when the map grows large.
     */
    private static final Map<Place, String> MEMO = new ConcurrentHashMap<>();
    private static final int MEMO_LIMIT = 1 << 16;

    private record Place(String ruleId, String path, String secret) {
    }

    private Fingerprint() {
    }

    /** The fingerprint of {@code secret} found by {@code ruleId} in {@code path}, with the process's key. */
    public static String of(String ruleId, String path, String secret) {
        Place place = new Place(ruleId, path, secret);
        String known = MEMO.get(place);
        if (known != null) {
            return known;
        }
        String made = derive(FingerprintKey.current(), ruleId, path, secret);
        if (MEMO.size() >= MEMO_LIMIT) {
            MEMO.clear();
        }
        MEMO.put(place, made);
        return made;
    }

    /**
     * Derives, on every core, the fingerprints these findings will be asked for, so that a report
     * of many findings does not pay for them one after another.
     *
     * @param everyPlace also the fingerprint at each of a finding's other locations, which
     *                   baselines and ignore files match
     */
    public static void deriveAll(List<Finding> findings, boolean everyPlace) {
        List<Place> places = new ArrayList<>();
        for (Finding f : findings) {
            places.add(new Place(f.rule().id(), f.path(), f.secret()));
            if (everyPlace) {
                for (Location l : f.others()) {
                    places.add(new Place(f.rule().id(), l.path(), f.secret()));
                }
            }
        }
        if (places.size() > 1) {
            places.parallelStream().forEach(p -> of(p.ruleId(), p.path(), p.secret()));
        }
    }

    /** Whether fingerprints made now carry a team key. */
    public static boolean keyed() {
        return FingerprintKey.current() != null;
    }

    /**
     * Why a fingerprint read from a baseline or ignore file can never match one made now (it
     * was made with a team key and none is set, or the other way round), or null when it can.
     */
    public static String mismatch(String fingerprint) {
        boolean madeWithKey = fingerprint.startsWith(KEYED);
        if (madeWithKey && !keyed()) {
            return "made with a team fingerprint key, but none is set (" + FingerprintKey.ENV + " or "
                    + FingerprintKey.FILE_ENV + ")";
        }
        if (!madeWithKey && keyed()) {
            return "made without a fingerprint key, but " + FingerprintKey.ENV + " or " + FingerprintKey.FILE_ENV
                    + " is set: recreate it with the key, or unset it";
        }
        return null;
    }

    /**
     * PBKDF2-HMAC-SHA256 of the secret (its UTF-8 bytes), salted with a domain string, the rule
     * and the path; then, with a key, HMAC-SHA256 under the key, so that without the key no
     * guess can be checked at all. 128 bits of the result, in hex, after the scheme's prefix.
     *
     * @param key the team key, or null
     */
    static String derive(byte[] key, String ruleId, String path, String secret) {
        byte[] rule = ruleId.getBytes(StandardCharsets.UTF_8);
        byte[] where = path.getBytes(StandardCharsets.UTF_8);
        byte[] salt = new byte[DOMAIN.length + rule.length + 1 + where.length];
        System.arraycopy(DOMAIN, 0, salt, 0, DOMAIN.length);
        System.arraycopy(rule, 0, salt, DOMAIN.length, rule.length);
        System.arraycopy(where, 0, salt, DOMAIN.length + rule.length + 1, where.length);
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, ITERATIONS, 256);
        try {
            byte[] slow = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            if (key != null) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                slow = mac.doFinal(slow);
            }
            return (key == null ? PLAIN : KEYED) + HexFormat.of().formatHex(slow, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 and HmacSHA256 are required by every Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
