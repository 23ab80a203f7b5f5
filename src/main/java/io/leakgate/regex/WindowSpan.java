package io.leakgate.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many lines around a keyword hit a rule's regex needs to see, read from the regex's parse
 * tree. A regex that can cross lines, or whose keywords are context rather than part of the
 * secret, needs a wider window; a rule that knows better sets its span itself.
 */
public final class WindowSpan {
    /** The answer for a regex that may reach any distance: the whole nearby text. */
    public static final int WIDE = Integer.MAX_VALUE;
    /** Lines either side for a regex that can step over line ends. */
    private static final int CROSSES_LINES = 6;
    /** For a regex whose keywords are not all in its literal text. */
    private static final int KEYWORD_APART = 2;
    /** For a regex that allows whitespace, a line end among it. */
    private static final int WHITESPACE = 1;
    /** RE2's {@code \s}: tab, newline, form feed, carriage return, space. */
    private static final int[] SPACE = {'\t', '\n', '\f', '\r', ' '};
    /** Most alternatives {@link #skeleton} spells out one by one. */
    private static final int MAX_SPELLED = 256;
    /** Largest character class spelled out as alternatives. */
    private static final int MAX_CLASS = 4;

    private WindowSpan() {
    }

    /**
     * Lines either side of the keyword's line for {@code regex} with {@code keywords}; 0 for no
     * regex, {@link #WIDE} for a regex that can match any character at all (such as
     * {@code [\s\S]} or {@code (?s).}), and also when the parse tree cannot be read.
     *
     * @throws RegexSyntaxException when {@code regex} is not RE2
     */
    public static int of(String regex, List<String> keywords) {
        if (regex == null) {
            return 0;
        }
        RegexNode tree = Re2jInternals.parse(regex);
        if (tree == null) {
            return WIDE;
        }
        Walk walk = new Walk();
        walk.visit(tree);
        if (walk.wide) {
            return WIDE;
        }
        int span = walk.newline ? CROSSES_LINES : walk.space ? WHITESPACE : 0;
        String literal = letters(String.join("", spelled(tree)));
        if (keywords.stream().anyMatch(k -> !literal.contains(letters(k)))) {
            span = Math.max(span, KEYWORD_APART);
        }
        return span;
    }

    /** What one pass over the tree finds. */
    private static final class Walk {
        boolean wide;
        boolean newline;
        boolean space;

        void visit(RegexNode re) {
            switch (re.op()) {
                case ANY_CHAR -> wide = true;
                case LITERAL -> {
                    for (int r : re.runes()) {
                        newline |= r == '\n' || r == '\r';
                    }
                }
                case CHAR_CLASS -> charClass(re.runes());
                default -> re.subs().forEach(this::visit);
            }
        }

        private void charClass(int[] ranges) {
            if (ranges.length == 2 && ranges[0] == 0 && ranges[1] >= Character.MAX_CODE_POINT) {
                wide = true;
                return;
            }
            if (!holds(ranges, '\n') && !holds(ranges, '\r')) {
                return;
            }
            boolean allSpace = true;
            for (int c : SPACE) {
                allSpace &= holds(ranges, c);
            }
            boolean beyondAscii = ranges[ranges.length - 1] > 127;
            // A class beyond ASCII that holds a line end is a negated one such as [^"]: it crosses
            // lines. Holding all of \s and no more than ASCII, it is whitespace; [\r\n] crosses lines.
            if (beyondAscii || !allSpace) {
                newline = true;
            } else {
                space = true;
            }
        }

        private static boolean holds(int[] ranges, int c) {
            for (int i = 0; i + 1 < ranges.length; i += 2) {
                if (ranges[i] <= c && c <= ranges[i + 1]) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The regex's literal text in the order it is written, with no alternatives spelled out:
     * {@code SET[ \t]+PASSWORD} gives "SETPASSWORD"; classes, repeats and assertions add nothing
     * of their own.
     */
    private static String skeleton(RegexNode re) {
        return switch (re.op()) {
            case LITERAL -> new String(re.runes(), 0, re.runes().length);
            case CAPTURE, STAR, PLUS, QUEST, REPEAT -> skeleton(re.sub(0));
            case CONCAT, ALTERNATE -> {
                StringBuilder b = new StringBuilder();
                re.subs().forEach(sub -> b.append(skeleton(sub)));
                yield b.toString();
            }
            default -> "";
        };
    }

    /**
     * The literal texts of the strings the regex matches, one per combination of alternatives
     * while there are few ({@code (?:sk|rk)_live_} gives "sk_live_" and "rk_live_"), else its
     * {@link #skeleton}. A keyword found in one is part of the match, not context around it.
     */
    private static List<String> spelled(RegexNode re) {
        switch (re.op()) {
            case CAPTURE, STAR, PLUS, QUEST, REPEAT:
                return spelled(re.sub(0));
            case CONCAT: {
                List<String> out = List.of("");
                for (RegexNode sub : re.subs()) {
                    List<String> part = spelled(sub);
                    if ((long) out.size() * part.size() > MAX_SPELLED) {
                        return List.of(skeleton(re));
                    }
                    List<String> product = new ArrayList<>(out.size() * part.size());
                    for (String a : out) {
                        for (String b : part) {
                            product.add(a + b);
                        }
                    }
                    out = product;
                }
                return out;
            }
            case CHAR_CLASS: {
                // The parser turns single-character alternatives into classes: ghu|ghs is gh[su].
                // Only letters and digits count towards keywords, so a class of others adds nothing.
                int[] r = re.runes();
                List<String> out = new ArrayList<>();
                for (int i = 0; i + 1 < r.length && r[i + 1] < 128 && out.size() <= MAX_CLASS; i += 2) {
                    for (int c = r[i]; c <= r[i + 1]; c++) {
                        if (Character.isLetterOrDigit(c)) {
                            out.add(String.valueOf((char) c));
                        }
                    }
                }
                return out.isEmpty() || out.size() > MAX_CLASS || r[r.length - 1] >= 128 ? List.of("") : out;
            }
            case ALTERNATE: {
                List<String> out = new ArrayList<>();
                re.subs().forEach(sub -> out.addAll(spelled(sub)));
                return out.size() > MAX_SPELLED ? List.of(String.join("", out)) : out;
            }
            default:
                return List.of(skeleton(re));
        }
    }

    private static String letters(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
