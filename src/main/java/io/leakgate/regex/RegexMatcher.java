package io.leakgate.regex;

import com.google.re2j.Matcher;

/** Matches one {@link Regex} against a text; reusable through {@link #reset}. Not thread safe. */
public final class RegexMatcher {
    private final Matcher matcher;

    RegexMatcher(Matcher matcher) {
        this.matcher = matcher;
    }

    public RegexMatcher reset(CharSequence text) {
        matcher.reset(text);
        return this;
    }

    /** Whether the whole text matches. */
    public boolean matches() {
        return matcher.matches();
    }

    /** Finds the next match after the previous one. */
    public boolean find() {
        return matcher.find();
    }

    /** Resets, then finds the first match starting at or after {@code start}. */
    public boolean find(int start) {
        return matcher.find(start);
    }

    public int start() {
        return matcher.start();
    }

    public int end() {
        return matcher.end();
    }

    /** Where group {@code g} of the last match starts, -1 when it took no part. */
    public int start(int g) {
        return matcher.start(g);
    }

    public int end(int g) {
        return matcher.end(g);
    }

    public String group(int g) {
        return matcher.group(g);
    }

    public int groupCount() {
        return matcher.groupCount();
    }
}
