package io.leakgate.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.google.re2j.ProgramAccess;
import java.lang.System.Logger.Level;

/**
 * The one door to {@link ProgramAccess}, RE2J's accessor. When it does not link (a sealed,
 * signed, modular or different re2j), this answers null once and for all, and leakgate falls back
 * to plain RE2J matching: no prefilter automaton, no analysis of the parse tree.
 */
final class Re2jInternals {
    /** Set by tests to take the fallback path. */
    static volatile boolean forceFallback;
    /** Cleared for good at the first link failure. */
    private static volatile boolean linked = true;

    private Re2jInternals() {
    }

    /** Whether the accessor is in use. */
    static boolean available() {
        return linked && !forceFallback;
    }

    /**
     * The parse tree of {@code regex}, or null without the accessor.
     *
     * @throws RegexSyntaxException when {@code regex} is not RE2
     */
    static RegexNode parse(String regex) {
        if (!available()) {
            return null;
        }
        try {
            return ProgramAccess.parse(regex);
        } catch (PatternSyntaxException e) {
            throw new RegexSyntaxException(e.getMessage());
        } catch (LinkageError e) {
            unlinked(e);
            return null;
        }
    }

    /** {@code pattern}'s program over bytes, or null without the accessor. */
    static ByteProgram program(Pattern pattern) {
        if (!available()) {
            return null;
        }
        try {
            return ProgramAccess.program(pattern);
        } catch (LinkageError e) {
            unlinked(e);
            return null;
        }
    }

    private static synchronized void unlinked(LinkageError e) {
        if (linked) {
            linked = false;
            // Library code prints nothing; this reaches a person only when debug logging is on.
            System.getLogger(Re2jInternals.class.getPackageName()).log(Level.DEBUG,
                    "RE2J's internals are not accessible (" + e + "); matching with plain RE2J,"
                            + " without the prefilter automaton and with conservative windows");
        }
    }
}
