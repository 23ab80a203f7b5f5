package io.leakgate.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An offline check a rule asks for in its {@code validate} field. A failed check drops the
 * finding; some checks also add facts to it (the AWS account a key id belongs to).
 */
public enum Validation {
    /** GitHub tokens: the last 6 characters are the base62 CRC32 of the 30 random ones. */
    GITHUB_CRC32("github-crc32"),
    /** npm access tokens: same checksum scheme as GitHub's. */
    NPM_CRC32("npm-crc32"),
    /** AWS access key ids: decode the account id; tag keys of known canary accounts. */
    AWS_ACCOUNT("aws-account"),
    /** JSON Web Tokens: header and payload decode to JSON objects, the header names an alg. */
    JWT("jwt"),
    /** PEM blocks: the body is valid base64 of a plausible key length. */
    PEM_BODY("pem-body"),
    /** WireGuard keys: base64 of exactly 32 bytes. */
    WIREGUARD_KEY("wireguard-key");

    private final String label;

    Validation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The validation with this name, or null. */
    public static Validation parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Validation v : values()) {
            if (v.label.equals(n)) {
                return v;
            }
        }
        return null;
    }

    /** The valid names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Validation::label).collect(Collectors.joining(", "));
    }
}
