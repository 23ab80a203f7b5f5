package io.leakgate.finding;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A team's fingerprint key, from the environment: {@code LEAKGATE_FINGERPRINT_KEY} holds it, or
 * {@code LEAKGATE_FINGERPRINT_KEY_FILE} names a file that does. Without one, fingerprints are
 * only slow to guess at; with one, they cannot be checked against guesses by anyone who lacks it.
 */
public final class FingerprintKey {
    public static final String ENV = "LEAKGATE_FINGERPRINT_KEY";
    public static final String FILE_ENV = "LEAKGATE_FINGERPRINT_KEY_FILE";
    /** Shorter keys are passwords, which a guesser could find as easily as the secrets. */
    static final int MIN_BYTES = 16;

    /** Read once: every fingerprint of a run must be made with the same key. */
    private static final class Loaded {
        static final byte[] KEY;
        static final String PROBLEM;

        static {
            byte[] key = null;
            String problem = null;
            try {
                key = read(System.getenv());
            } catch (LeakgateException e) {
                problem = e.getMessage();
            }
            KEY = key;
            PROBLEM = problem;
        }
    }

    private FingerprintKey() {
    }

    /** Fails with a message a person can act on when a key is set but unusable; call it before scanning. */
    public static void check() throws LeakgateException {
        if (Loaded.PROBLEM != null) {
            throw new LeakgateException(Loaded.PROBLEM);
        }
    }

    /** The key, or null when none is set. */
    static byte[] current() {
        if (Loaded.PROBLEM != null) {
            throw new IllegalStateException(Loaded.PROBLEM);
        }
        return Loaded.KEY;
    }

    /** The key the environment sets, or null; surrounding whitespace (a file's newline) is not part of it. */
    static byte[] read(Map<String, String> env) throws LeakgateException {
        String text = env.get(ENV);
        String file = env.get(FILE_ENV);
        if (text != null && file != null) {
            throw new LeakgateException("set " + ENV + " or " + FILE_ENV + ", not both");
        }
        String from = ENV;
        if (file != null) {
            from = FILE_ENV + " (" + file + ")";
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new LeakgateException(FILE_ENV + ": cannot read " + file + ": " + e.getMessage());
            }
        }
        if (text == null) {
            return null;
        }
        byte[] key = text.strip().getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_BYTES) {
            throw new LeakgateException(from + ": a fingerprint key needs at least " + MIN_BYTES
                    + " bytes of random text (make one with 'openssl rand -hex 32')");
        }
        return key;
    }
}
