package io.leakgate.regex;

import java.util.List;

/**
 * One node of a regex's parse tree as RE2J's parser builds it, copied into plain data so the
 * analysis in this package depends on no RE2J internals. Built only by RE2J's accessor.
 *
 * @param op    the node kind, {@link Op#OTHER} for a kind this copy does not know
 * @param runes for LITERAL the characters, for CHAR_CLASS pairs of inclusive ranges; else empty
 * @param min   for REPEAT the least count
 * @param max   for REPEAT the most count, -1 for no limit
 * @param subs  the operands, in order
 */
public record RegexNode(Op op, int[] runes, int min, int max, List<RegexNode> subs) {
    /** The kinds of node RE2J's parser makes, by the names RE2J gives them. */
    public enum Op {
        NO_MATCH, EMPTY_MATCH, LITERAL, CHAR_CLASS, ANY_CHAR_NOT_NL, ANY_CHAR, BEGIN_LINE, END_LINE,
        BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY, CAPTURE, STAR, PLUS, QUEST, REPEAT,
        CONCAT, ALTERNATE, OTHER;

        /** The kind named {@code name}, or OTHER. */
        public static Op named(String name) {
            for (Op op : values()) {
                if (op.name().equals(name)) {
                    return op;
                }
            }
            return OTHER;
        }
    }

    RegexNode sub(int i) {
        return subs.get(i);
    }
}
