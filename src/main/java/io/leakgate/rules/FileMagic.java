package io.leakgate.rules;

import java.util.List;
import java.util.Locale;

/**
 * Byte patterns one of which a file must start with, such as a key store's or a password
 * database's magic number: how a rule recognises a file whose content is binary. Each pattern is
 * hex digits, two per byte, with {@code ??} for a byte that may be anything (a length field).
 */
public final class FileMagic {
    private final List<String> patterns;
    private final byte[][] bytes;
    /** Per pattern and byte: whether that byte must equal {@link #bytes}. */
    private final boolean[][] fixed;

    private FileMagic(List<String> patterns, byte[][] bytes, boolean[][] fixed) {
        this.patterns = patterns;
        this.bytes = bytes;
        this.fixed = fixed;
    }

    /**
     * Parses the patterns.
     *
     * @throws IllegalArgumentException naming the first pattern that is not hex digits in pairs
     *                                  (or {@code ??}) starting with a fixed byte; "" for none at all
     */
    static FileMagic parse(List<String> patterns) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("");
        }
        byte[][] bytes = new byte[patterns.size()][];
        boolean[][] fixed = new boolean[patterns.size()][];
        List<String> normal = patterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        for (int i = 0; i < normal.size(); i++) {
            String p = normal.get(i);
            if (p.isEmpty() || p.length() % 2 != 0 || !p.matches("(?:[0-9a-f]{2}|\\?\\?)+") || p.startsWith("??")) {
                throw new IllegalArgumentException(patterns.get(i));
            }
            bytes[i] = new byte[p.length() / 2];
            fixed[i] = new boolean[p.length() / 2];
            for (int b = 0; b < bytes[i].length; b++) {
                String pair = p.substring(2 * b, 2 * b + 2);
                fixed[i][b] = !pair.equals("??");
                bytes[i][b] = fixed[i][b] ? (byte) Integer.parseInt(pair, 16) : 0;
            }
        }
        return new FileMagic(normal, bytes, fixed);
    }

    /** The patterns as written, in lower case. */
    public List<String> patterns() {
        return patterns;
    }

    /** Whether {@code content[0, length)} starts with one of the patterns. */
    public boolean matches(byte[] content, int length) {
        outer:
        for (int i = 0; i < bytes.length; i++) {
            byte[] want = bytes[i];
            if (length < want.length) {
                continue;
            }
            for (int b = 0; b < want.length; b++) {
                if (fixed[i][b] && content[b] != want[b]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileMagic m && m.patterns.equals(patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
