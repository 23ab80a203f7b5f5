package io.leakgate.rules;

import com.google.re2j.Pattern;

/**
 * An RE2J pattern compiled on first use. A hook starts a JVM per push; compiling every rule's
 * regex up front would cost more than scanning a small push, so rules that never see their
 * keyword never compile. User-supplied configs call {@link #compileNow()} at load time so a bad
 * regex is reported before any scanning starts.
 */
public final class LazyPattern {
    private final String source;
    private volatile Pattern compiled;

    public LazyPattern(String source) {
        this.source = source;
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
