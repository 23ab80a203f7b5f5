package io.leakgate.rules;

import java.util.Locale;

/**
 * How a rule recognises a secret, from least to most specific. Where rules of different
 * specificity find the same text, the most specific one alone decides whether it is a secret.
 */
public enum Specificity {
    /** Any high-entropy value under a secret-looking name. */
    GENERIC,
    /** A value recognised by where it sits: a header, a URL's password, a credential file's field. */
    CONTEXT,
    /** The credential's own format: a prefix, a length, an alphabet, a checksum. */
    FORMAT;

    /** The specificity of a rule that does not state one: gitleaks' convention for generic rules, else format. */
    static Specificity implied(String id, java.util.List<String> tags) {
        return id.startsWith("generic") || tags.contains("generic") ? GENERIC : FORMAT;
    }

    /** The value named {@code name} in a config ("generic", "context", "format"), or null. */
    static Specificity parse(String name) {
        for (Specificity s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(name)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
