package io.leakgate.rules;

import com.google.re2j.Pattern;
import com.google.re2j.ProgramAccess;

/**
 * An RE2J pattern compiled on first use. A hook starts a JVM per push; compiling every rule's
 * regex up front would cost more than scanning a small push, so rules that never see their
 * keyword never compile. User-supplied configs call {@link #compileNow()} at load time so a bad
 * regex is reported before any scanning starts.
 */
public final class LazyPattern {
    private final String source;
    /** Lower-case strings one of which every match contains (see {@link #literals}), or null. */
    private final String[] literals;
    private volatile Pattern compiled;

    public LazyPattern(String source) {
        this(source, null);
    }

    /**
     * @param literals strings (lower-case ASCII) one of which every match contains, ASCII
     *                 case-insensitively, as {@link #literals} finds them; null when unknown
     */
    public LazyPattern(String source, String[] literals) {
        this.source = source;
        this.literals = literals;
    }

    /**
     * What {@link #literals} would give for {@code source}: parsing costs about as much as
     * compiling, so the bundled pack stores the answer, made at build time.
     */
    public static String[] literals(String source) {
        return ProgramAccess.requiredLiterals(source);
    }

    String[] literals() {
        return literals;
    }

    /**
     * Whether the pattern finds a match in {@code text}. An all-ASCII text that holds none of
     * the pattern's required literals is answered without compiling or running the regex: most
     * path patterns name a file (".npmrc", "id_rsa") that most paths do not contain.
     */
    public boolean find(String text) {
        if (literals != null && !mayHold(text, literals)) {
            return false;
        }
        return get().matcher(text).find();
    }

    private static boolean mayHold(String text, String[] literals) {
        char[] lower = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 127) {
                return true;
            }
            if (c >= 'A' && c <= 'Z') {
                if (lower == null) {
                    lower = text.toCharArray();
                }
                lower[i] = (char) (c + 32);
            }
        }
        String folded = lower == null ? text : new String(lower);
        for (String literal : literals) {
            if (folded.contains(literal)) {
                return true;
            }
        }
        return false;
    }

    public String source() {
        return source;
    }

    public Pattern get() {
        Pattern p = compiled;
        if (p == null) {
            p = Pattern.compile(source);
            compiled = p;
        }
        return p;
    }

    /** Compiles now; throws RE2J's {@code PatternSyntaxException} when the source is not RE2. */
    public Pattern compileNow() {
        return get();
    }

    @Override
    public String toString() {
        return source;
    }
}
