package com.google.re2j;

import io.leakgate.regex.ByteProgram;
import io.leakgate.regex.RegexNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies RE2J's package-private compiled program and parse tree out into leakgate's plain data
 * types ({@code io.leakgate.regex}), where all the analysis lives. It sits in RE2J's package for
 * that reason only; {@code io.leakgate.regex} falls back to plain matching when it fails to link.
 */
public final class ProgramAccess {
    private ProgramAccess() {
    }

    /** The parse tree of {@code regex}; throws {@link PatternSyntaxException} when it is not RE2. */
    public static RegexNode parse(String regex) {
        return copy(Parser.parse(regex, RE2.PERL));
    }

    private static RegexNode copy(Regexp re) {
        List<RegexNode> subs = new ArrayList<>(re.subs == null ? 0 : re.subs.length);
        if (re.subs != null) {
            for (Regexp sub : re.subs) {
                subs.add(copy(sub));
            }
        }
        return new RegexNode(RegexNode.Op.named(re.op.name()), re.runes == null ? new int[0] : re.runes.clone(),
                re.min, re.max, subs);
    }

    /** Copies {@code pattern}'s program as RE2J's matcher runs it over characters 0..255. */
    public static ByteProgram program(Pattern pattern) {
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
                case Inst.ALT -> op[pc] = ByteProgram.ALT;
                case Inst.ALT_MATCH -> op[pc] = ByteProgram.ALT_MATCH;
                case Inst.CAPTURE -> op[pc] = ByteProgram.CAPTURE;
                case Inst.EMPTY_WIDTH -> {
                    op[pc] = ByteProgram.EMPTY_WIDTH;
                    arg[pc] = emptyFlags(inst.arg);
                }
                case Inst.MATCH -> op[pc] = ByteProgram.MATCH;
                case Inst.NOP -> op[pc] = ByteProgram.NOP;
                case Inst.RUNE, Inst.RUNE1, Inst.RUNE_ANY, Inst.RUNE_ANY_NOT_NL -> {
                    op[pc] = ByteProgram.CONSUME;
                    long[] set = new long[4];
                    for (int c = 0; c < 256; c++) {
                        if (consumes(inst, c)) {
                            set[c >>> 6] |= 1L << c;
                        }
                    }
                    bytes[pc] = set;
                }
                default -> op[pc] = ByteProgram.FAIL;
            }
        }
        return new ByteProgram(prog.start, op, out, arg, bytes);
    }

    private static int emptyFlags(int re2j) {
        return ((re2j & Utils.EMPTY_BEGIN_LINE) != 0 ? ByteProgram.EMPTY_BEGIN_LINE : 0)
                | ((re2j & Utils.EMPTY_END_LINE) != 0 ? ByteProgram.EMPTY_END_LINE : 0)
                | ((re2j & Utils.EMPTY_BEGIN_TEXT) != 0 ? ByteProgram.EMPTY_BEGIN_TEXT : 0)
                | ((re2j & Utils.EMPTY_END_TEXT) != 0 ? ByteProgram.EMPTY_END_TEXT : 0)
                | ((re2j & Utils.EMPTY_WORD_BOUNDARY) != 0 ? ByteProgram.EMPTY_WORD_BOUNDARY : 0)
                | ((re2j & Utils.EMPTY_NO_WORD_BOUNDARY) != 0 ? ByteProgram.EMPTY_NO_WORD_BOUNDARY : 0);
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
