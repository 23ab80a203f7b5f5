package io.leakgate.regex;

/**
 * A regex whose program would be too large to compile safely, or whose groups nest too deeply
 * to parse: refused at load time, as RE2 refuses such programs. The message reads on after
 * "rule 'id': ".
 */
public final class RegexTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    RegexTooLargeException(String message) {
        super(message);
    }
}
