package io.leakgate.regex;

/** A regex that is not RE2; the message is RE2J's, naming the error and the regex. */
public final class RegexSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    RegexSyntaxException(String message) {
        super(message);
    }
}
