package com.google.re2j;

/**
 * leakgate's read-only view of a compiled RE2J program, so leakgate's prefilter automaton
 * ({@code io.leakgate.detect.LazyDfa}) can be built from the very instructions RE2J executes and
 * agree with it exactly. RE2J keeps its program package-private; this class lives in RE2J's package
 * for that reason only and exposes nothing but copies.
 */
public final class ProgramAccess {
    public static final int ALT = Inst.ALT;
    public static final int ALT_MATCH = Inst.ALT_MATCH;
    public static final int CAPTURE = Inst.CAPTURE;
    public static final int EMPTY_WIDTH = Inst.EMPTY_WIDTH;
    public static final int FAIL = Inst.FAIL;
    public static final int MATCH = Inst.MATCH;
    public static final int NOP = Inst.NOP;
    /** Any instruction that consumes one character; its byte set says which. */
    public static final int CONSUME = 100;

    public static final int EMPTY_BEGIN_LINE = Utils.EMPTY_BEGIN_LINE;
    public static final int EMPTY_END_LINE = Utils.EMPTY_END_LINE;
    public static final int EMPTY_BEGIN_TEXT = Utils.EMPTY_BEGIN_TEXT;
    public static final int EMPTY_END_TEXT = Utils.EMPTY_END_TEXT;
    public static final int EMPTY_WORD_BOUNDARY = Utils.EMPTY_WORD_BOUNDARY;
    public static final int EMPTY_NO_WORD_BOUNDARY = Utils.EMPTY_NO_WORD_BOUNDARY;

    private ProgramAccess() {
    }

    /**
     * A copy of a program, restricted to inputs whose characters are all in 0..255.
     *
     * @param op per instruction: one of the constants above ({@link #CONSUME} for RE2J's four rune ops)
     * @param out per instruction: the next instruction (unused for MATCH and FAIL)
     * @param arg per instruction: the alternative for ALT/ALT_MATCH, the EMPTY_* flags for EMPTY_WIDTH
     * @param bytes per CONSUME instruction: four 64-bit words, bit c set when the instruction
     *     consumes character c exactly as RE2J's matcher decides it; null for other instructions
     */
    public record ByteProgram(int start, int[] op, int[] out, int[] arg, long[][] bytes) {
    }

    /**
     * About how many instructions RE2J's program for {@code regex} would have, counted on the
     * parse tree before compiling, at most {@code cap}: RE2J expands a counted repeat into
     * copies, so nested repeats such as {@code ((a{100}){100}){100}} make a program of millions
     * of instructions, and compiling one is what exhausts the heap. Throws RE2J's
     * {@code PatternSyntaxException} when {@code regex} is not RE2.
     */
    public static long instructions(String regex, long cap) {
        return Math.min(cap, 2 + size(Parser.parse(regex, RE2.PERL), cap));
    }

    private static long size(Regexp re, long cap) {
        switch (re.op) {
            case LITERAL:
                return Math.max(1, re.runes.length);
            case CAPTURE:
            case STAR:
            case PLUS:
            case QUEST:
                return Math.min(cap, 2 + size(re.subs[0], cap));
            case REPEAT: {
                if (re.max == 0) {
                    return 1;
                }
                // x{n} is n copies, x{n,} n copies and a loop, x{n,m} m copies, each optional past n
                long copies = re.max < 0 ? Math.max(re.min, 1) + 1L : re.max;
                long each = 1 + size(re.subs[0], cap);
                return each > cap / copies ? cap : Math.min(cap, copies * each);
            }
            case CONCAT:
            case ALTERNATE: {
                long total = re.subs.length;
                for (Regexp sub : re.subs) {
                    total = Math.min(cap, total + size(sub, cap));
                }
                return total;
            }
            default:
                return 1;
        }
    }

    /** Copies {@code pattern}'s program as RE2J's NFA runs it over characters 0..255. */
    public static ByteProgram of(Pattern pattern) {
        Prog prog = pattern.re2().prog;
        int n = prog.numInst();
        int[] op = new int[n];
        int[] out = new int[n];
        int[] arg = new int[n];
        long[][] bytes = new long[n][];
        for (int pc = 0; pc < n; pc++) {
            Inst inst = prog.getInst(pc);
            out[pc] = inst.out;
            arg[pc] = inst.arg;
            switch (inst.op) {
                case Inst.RUNE, Inst.RUNE1, Inst.RUNE_ANY, Inst.RUNE_ANY_NOT_NL -> {
                    op[pc] = CONSUME;
                    long[] set = new long[4];
                    for (int c = 0; c < 256; c++) {
                        if (consumes(inst, c)) {
                            set[c >>> 6] |= 1L << c;
                        }
                    }
                    bytes[pc] = set;
                }
                default -> op[pc] = inst.op;
            }
        }
        return new ByteProgram(prog.start, op, out, arg, bytes);
    }

    /** The same test RE2J's Machine.step applies per instruction kind. */
    private static boolean consumes(Inst inst, int c) {
        return switch (inst.op) {
            case Inst.RUNE -> inst.matchRune(c);
            case Inst.RUNE1 -> c == inst.runes[0];
            case Inst.RUNE_ANY -> true;
            case Inst.RUNE_ANY_NOT_NL -> c != '\n';
            default -> false;
        };
    }

    /** Literal sets larger than this are not worth testing before the regex itself. */
    private static final int MAX_LITERALS = 64;
    /** Character classes with more members than this are not spelled out. */
    private static final int MAX_CLASS = 8;

    /**
     * Strings of which every match of {@code regex} contains at least one, compared ASCII
     * case-insensitively (lower-cased here), or null when no such set is known. A text that is
     * all ASCII and contains none of them cannot match; text with other characters must be given
     * to the regex, because case folding reaches beyond ASCII (K also matches the Kelvin sign).
     *
     * @throws PatternSyntaxException when {@code regex} is not RE2
     */
    public static String[] requiredLiterals(String regex) {
        java.util.Set<String> need = required(Parser.parse(regex, RE2.PERL));
        if (need == null) {
            return null;
        }
        // A string holding another member adds nothing: the shorter one is found in it anyway.
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String s : need) {
            boolean redundant = false;
            for (String t : need) {
                redundant |= !t.equals(s) && s.contains(t);
            }
            if (!redundant) {
                kept.add(s);
            }
        }
        return kept.toArray(new String[0]);
    }

    /** A set one of which every match of {@code re} contains; null when none is known. */
    private static java.util.Set<String> required(Regexp re) {
        java.util.Set<String> exact = exact(re);
        if (exact != null) {
            return exact.contains("") ? null : exact;
        }
        switch (re.op) {
            case CAPTURE:
            case PLUS:
                return required(re.subs[0]);
            case REPEAT:
                return re.min >= 1 ? required(re.subs[0]) : null;
            case CONCAT: {
                // Runs of parts matching known strings multiply out; of those and the other
                // parts' sets, the one whose shortest string is longest tests best.
                java.util.Set<String> best = null;
                java.util.Set<String> run = java.util.Set.of("");
                for (Regexp sub : re.subs) {
                    java.util.Set<String> e = exact(sub);
                    java.util.Set<String> product = e == null ? null : product(run, e);
                    if (product != null) {
                        run = product;
                        continue;
                    }
                    best = better(best, run.contains("") ? null : run);
                    run = e == null ? java.util.Set.of("") : e;
                    if (e == null) {
                        best = better(best, required(sub));
                    }
                }
                return better(best, run.contains("") ? null : run);
            }
            case ALTERNATE:
                return union(re.subs, ProgramAccess::required);
            default:
                return null;
        }
    }

    /**
     * The strings {@code re} matches, lower-cased, when they are few and all ASCII; empty-width
     * assertions count as the empty string (they add no characters). Null otherwise.
     */
    private static java.util.Set<String> exact(Regexp re) {
        switch (re.op) {
            case LITERAL: {
                StringBuilder b = new StringBuilder();
                for (int r : re.runes) {
                    if (r > 127) {
                        return null;
                    }
                    b.append(lower(r));
                }
                return java.util.Set.of(b.toString());
            }
            case CHAR_CLASS: {
                java.util.Set<String> chars = new java.util.TreeSet<>();
                for (int i = 0; i + 1 < re.runes.length; i += 2) {
                    if (re.runes[i + 1] > 127 || re.runes[i + 1] - re.runes[i] >= MAX_CLASS) {
                        return null;
                    }
                    for (int r = re.runes[i]; r <= re.runes[i + 1]; r++) {
                        chars.add(String.valueOf(lower(r)));
                    }
                }
                return chars.isEmpty() || chars.size() > MAX_CLASS ? null : chars;
            }
            case EMPTY_MATCH:
            case BEGIN_LINE:
            case END_LINE:
            case BEGIN_TEXT:
            case END_TEXT:
            case WORD_BOUNDARY:
            case NO_WORD_BOUNDARY:
                return java.util.Set.of("");
            case CAPTURE:
                return exact(re.subs[0]);
            case QUEST: {
                java.util.Set<String> e = exact(re.subs[0]);
                if (e == null) {
                    return null;
                }
                java.util.Set<String> out = new java.util.TreeSet<>(e);
                out.add("");
                return out;
            }
            case CONCAT: {
                java.util.Set<String> out = java.util.Set.of("");
                for (Regexp sub : re.subs) {
                    java.util.Set<String> e = exact(sub);
                    out = e == null ? null : product(out, e);
                    if (out == null) {
                        return null;
                    }
                }
                return out;
            }
            case ALTERNATE:
                return union(re.subs, ProgramAccess::exact);
            default:
                return null;
        }
    }

    /** The union of {@code of} over the alternatives; null when one has none or there are too many. */
    private static java.util.Set<String> union(Regexp[] subs,
            java.util.function.Function<Regexp, java.util.Set<String>> of) {
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (Regexp sub : subs) {
            java.util.Set<String> s = of.apply(sub);
            if (s == null) {
                return null;
            }
            all.addAll(s);
        }
        return all.size() > MAX_LITERALS ? null : all;
    }

    private static char lower(int r) {
        return (char) (r >= 'A' && r <= 'Z' ? r + 32 : r);
    }

    /** Every a + b, or null when there would be too many. */
    private static java.util.Set<String> product(java.util.Set<String> a, java.util.Set<String> b) {
        if ((long) a.size() * b.size() > MAX_LITERALS) {
            return null;
        }
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return out;
    }

    private static java.util.Set<String> better(java.util.Set<String> a, java.util.Set<String> b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int sa = shortest(a);
        int sb = shortest(b);
        return sb > sa || sb == sa && b.size() < a.size() ? b : a;
    }

    private static int shortest(java.util.Set<String> strings) {
        int min = Integer.MAX_VALUE;
        for (String s : strings) {
            min = Math.min(min, s.length());
        }
        return min;
    }
}
