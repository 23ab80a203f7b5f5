package io.leakgate.regex;

/**
 * A copy of a compiled RE2J program restricted to inputs whose characters are all in 0..255,
 * in plain data: {@link LazyDfa} runs the very instructions RE2J's matcher runs. Built only by
 * RE2J's accessor.
 *
 * @param op    per instruction: one of the op constants below
 * @param out   per instruction: the next instruction (unused for MATCH and FAIL)
 * @param arg   per instruction: the alternative for ALT/ALT_MATCH, the EMPTY_* flags for EMPTY_WIDTH
 * @param bytes per CONSUME instruction: four 64-bit words, bit c set when the instruction consumes
 *              character c exactly as RE2J's matcher decides it; null for other instructions
 */
public record ByteProgram(int start, int[] op, int[] out, int[] arg, long[][] bytes) {
    public static final int ALT = 1;
    public static final int ALT_MATCH = 2;
    public static final int CAPTURE = 3;
    public static final int EMPTY_WIDTH = 4;
    public static final int FAIL = 5;
    public static final int MATCH = 6;
    public static final int NOP = 7;
    /** Any instruction that consumes one character; its byte set says which. */
    public static final int CONSUME = 8;

    public static final int EMPTY_BEGIN_LINE = 1;
    public static final int EMPTY_END_LINE = 2;
    public static final int EMPTY_BEGIN_TEXT = 4;
    public static final int EMPTY_END_TEXT = 8;
    public static final int EMPTY_WORD_BOUNDARY = 16;
    public static final int EMPTY_NO_WORD_BOUNDARY = 32;
}
