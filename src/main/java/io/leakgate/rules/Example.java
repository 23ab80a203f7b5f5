package io.leakgate.rules;

/**
 * A text a rule must (or must not) find, with the path it is scanned under.
 *
 * @param path the file name the text is scanned as; rules with a {@code path} pattern need one
 */
public record Example(String path, String text) {
    public static final String DEFAULT_PATH = "example.txt";
}
