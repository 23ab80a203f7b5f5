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
}
