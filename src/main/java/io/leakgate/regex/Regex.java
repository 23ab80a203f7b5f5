package io.leakgate.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/** A compiled RE2 regex: linear-time matching over characters, bytes through {@link ByteWindow}. */
public final class Regex {
    private final Pattern pattern;

    private Regex(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * Compiles {@code source} as it stands; {@link LazyPattern#compileNow} first checks that the
     * program stays small, which a regex from a user's config needs.
     *
     * @throws RegexSyntaxException when {@code source} is not RE2
     */
    public static Regex compile(String source) {
        try {
            return new Regex(Pattern.compile(source));
        } catch (PatternSyntaxException e) {
            throw new RegexSyntaxException(e.getMessage());
        }
    }

    public RegexMatcher matcher(CharSequence text) {
        return new RegexMatcher(pattern.matcher(text));
    }

    /** How many capturing groups the regex has. */
    public int groupCount() {
        return pattern.groupCount();
    }

    public String source() {
        return pattern.pattern();
    }

    Pattern pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
