package io.leakgate.rules;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A text a rule must (or must not) find, with the path it is scanned under.
 *
 * @param path the file name the text is scanned as; rules with a {@code path} pattern need one
 * @param hex  whether {@code text} holds the content as hex digits (binary content, such as a key
 *             store's first bytes) rather than the text itself
 */
public record Example(String path, String text, boolean hex) {
    public static final String DEFAULT_PATH = "example.txt";

    public Example(String path, String text) {
        this(path, text, false);
    }

    /** The bytes scanned: the text in UTF-8, or the bytes the hex digits spell. */
    public byte[] content() {
        return hex ? HexFormat.of().parseHex(text) : text.getBytes(StandardCharsets.UTF_8);
    }
}
