package io.leakgate.report;

/**
 * Shortens a secret so a reader can recognise it without being able to use it: a long secret
 * keeps its first eight and last four characters ({@code AKIAYVP4…ZTGT}); short secrets show
 * less, or nothing.
 */
public final class Redactor {
    private final boolean reveal;

    public Redactor(boolean reveal) {
        this.reveal = reveal;
    }

    public String apply(String secret) {
        if (reveal || secret.isEmpty()) {
            return secret;
        }
        int n = secret.codePointCount(0, secret.length());
        int head;
        int tail;
        if (n >= 20) {
            head = 8;
            tail = 4;
        } else if (n >= 12) {
            head = 4;
            tail = 2;
        } else if (n >= 6) {
            head = 2;
            tail = 0;
        } else {
            return "…";
        }
        int headEnd = secret.offsetByCodePoints(0, head);
        int tailStart = secret.offsetByCodePoints(secret.length(), -tail);
        return secret.substring(0, headEnd) + "…" + secret.substring(tailStart);
    }
}
