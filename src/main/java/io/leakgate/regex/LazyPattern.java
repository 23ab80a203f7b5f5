package io.leakgate.regex;

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
    private volatile Regex compiled;

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
     * What {@link #literals} would give for {@code source}, found on its parse tree (null when
     * the tree cannot be read): parsing costs about as much as compiling, so the bundled pack
     * stores the answer, made at build time.
     *
     * @throws RegexSyntaxException when {@code source} is not RE2
     */
    public static String[] literals(String source) {
        RegexNode tree = Re2jInternals.parse(source);
        return tree == null ? null : RequiredLiterals.of(tree);
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

    /**
     * The compiled regex.
     *
     * @throws RegexSyntaxException when the source is not RE2
     */
    public Regex get() {
        Regex p = compiled;
        if (p == null) {
            p = Regex.compile(source);
            compiled = p;
        }
        return p;
    }

    /**
     * Compiles now; throws {@link RegexSyntaxException} when the source is not RE2, and
     * {@link RegexTooLargeException} when its program would exceed {@link #MAX_INSTRUCTIONS} or
     * its groups nest deeper than {@link #MAX_NESTING}, before compiling: RE2J compiles such a
     * program until the heap or the stack runs out.
     */
    public Regex compileNow() {
        if (compiled == null) {
            // Checked on the text, before parsing: the parse tree of such a regex is itself the hazard.
            if (nesting(source) > MAX_NESTING) {
                throw new RegexTooLargeException("regex nests groups more than " + MAX_NESTING + " deep");
            }
            long n = instructions(source, Long.MAX_VALUE / 4);
            if (n > MAX_INSTRUCTIONS) {
                throw new RegexTooLargeException("regex too large (" + n + " instructions, limit "
                        + MAX_INSTRUCTIONS + ")");
            }
        }
        return get();
    }

    /**
     * About how many instructions RE2J's program for {@code source} would have, at most
     * {@code cap} and never fewer than it has: counted on the parse tree, or bounded from the
     * text when the tree cannot be read.
     */
    static long instructions(String source, long cap) {
        RegexNode tree = Re2jInternals.parse(source);
        return tree == null ? ProgramSize.ofText(source, cap) : ProgramSize.of(tree, cap);
    }

    /**
     * The most instructions a configured regex may compile to: the bundled pack's largest
     * program is a few thousand, and RE2's default memory budget allows a few hundred thousand.
     */
    static final int MAX_INSTRUCTIONS = 100_000;
    /** As RE2's parser: deeper nesting overflows the stack of a recursive parser or compiler. */
    static final int MAX_NESTING = 1000;

    /** How deeply the groups of {@code regex} nest, escapes and character classes skipped. */
    static int nesting(String regex) {
        int depth = 0;
        int max = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                max = Math.max(max, ++depth);
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            }
        }
        return max;
    }

    @Override
    public String toString() {
        return source;
    }
}
