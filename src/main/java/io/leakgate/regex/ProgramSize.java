package io.leakgate.regex;

/**
 * About how many instructions RE2J's program for a regex would have, counted on the parse tree
 * before compiling: RE2J expands a counted repeat into copies, so nested repeats such as
 * {@code ((a{100}){100}){100}} make a program of millions of instructions, and compiling one is
 * what exhausts the heap. Never less than the real program.
 */
final class ProgramSize {
    private ProgramSize() {
    }

    /** The count for {@code tree}, at most {@code cap}. */
    static long of(RegexNode tree, long cap) {
        return Math.min(cap, 2 + size(tree, cap));
    }

    private static long size(RegexNode re, long cap) {
        switch (re.op()) {
            case LITERAL:
                return Math.max(1, re.runes().length);
            case CAPTURE:
            case STAR:
            case PLUS:
            case QUEST:
                return Math.min(cap, 2 + size(re.sub(0), cap));
            case REPEAT: {
                if (re.max() == 0) {
                    return 1;
                }
                // x{n} is n copies, x{n,} n copies and a loop, x{n,m} m copies, each optional past n
                long copies = re.max() < 0 ? Math.max(re.min(), 1) + 1L : re.max();
                long each = 1 + size(re.sub(0), cap);
                return each > cap / copies ? cap : Math.min(cap, copies * each);
            }
            case CONCAT:
            case ALTERNATE: {
                long total = re.subs().size();
                for (RegexNode sub : re.subs()) {
                    total = Math.min(cap, total + size(sub, cap));
                }
                return total;
            }
            default:
                return 1;
        }
    }

    /**
     * An upper bound read from the text alone, for when the parse tree is not available: every
     * character, class or escape two instructions, a group its contents plus three, a counted
     * repeat its copies. Cruder than {@link #of}, never less.
     */
    static long ofText(String regex, long cap) {
        TextScan scan = new TextScan(regex, cap);
        return Math.min(cap, 2 + scan.alternation());
    }

    /** A recursive descent over the regex text that measures instead of parsing. */
    private static final class TextScan {
        private final String s;
        private final long cap;
        private int i;

        TextScan(String s, long cap) {
            this.s = s;
            this.cap = cap;
        }

        long alternation() {
            long total = 1;
            while (true) {
                total = Math.min(cap, total + 1 + concat());
                if (i < s.length() && s.charAt(i) == '|') {
                    i++;
                } else {
                    return total;
                }
            }
        }

        private long concat() {
            long total = 0;
            while (i < s.length() && s.charAt(i) != '|' && s.charAt(i) != ')') {
                total = Math.min(cap, total + repeated(atom()));
            }
            return total;
        }

        private long atom() {
            char c = s.charAt(i++);
            if (c == '(') {
                if (i < s.length() && s.charAt(i) == '?') {
                    // flags, (?: and (?P<name>: skip to the end of the group's prefix
                    while (i < s.length() && s.charAt(i) != ':' && s.charAt(i) != ')' && s.charAt(i) != '>') {
                        i++;
                    }
                    if (i < s.length() && s.charAt(i) != ')') {
                        i++;
                    }
                }
                long inner = alternation();
                if (i < s.length()) {
                    i++;
                }
                return Math.min(cap, 3 + inner);
            }
            if (c == '[') {
                i = classEnd(i - 1);
                return 2;
            }
            if (c == '\\' && i < s.length()) {
                char e = s.charAt(i++);
                if (e == 'Q') {
                    int end = s.indexOf("\\E", i);
                    long n = (end < 0 ? s.length() : end) - i;
                    i = end < 0 ? s.length() : end + 2;
                    return Math.max(2, 2 * n);
                }
                if ((e == 'x' || e == 'p' || e == 'P') && i < s.length() && s.charAt(i) == '{') {
                    int end = s.indexOf('}', i);
                    i = end < 0 ? s.length() : end + 1;
                }
            }
            return 2;
        }

        private long repeated(long atom) {
            long size = atom;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '*' || c == '+' || c == '?') {
                    i++;
                    size = Math.min(cap, size + 2);
                } else if (c == '{' && counted()) {
                    // counted() has moved i past the braces and left the largest count in count
                    long copies = count + 1;
                    size = size + 1 > cap / copies ? cap : (size + 1) * copies;
                } else {
                    return size;
                }
                if (i < s.length() && s.charAt(i) == '?') {
                    i++;
                }
            }
            return size;
        }

        private long count;

        /** Whether {@code {n}}, {@code {n,}} or {@code {n,m}} starts at i; if so, moves past it. */
        private boolean counted() {
            int j = i + 1;
            long largest = 0;
            long n = 0;
            boolean digits = false;
            for (; j < s.length(); j++) {
                char c = s.charAt(j);
                if (c >= '0' && c <= '9') {
                    n = Math.min(1_000_000, n * 10 + (c - '0'));
                    digits = true;
                } else if (c == ',' && digits) {
                    largest = Math.max(largest, n);
                    n = 0;
                } else if (c == '}' && (digits || largest > 0)) {
                    count = Math.max(largest, n);
                    i = j + 1;
                    return true;
                } else {
                    return false;
                }
            }
            return false;
        }

        /** Index just past the class that opens at {@code start}. */
        private int classEnd(int start) {
            int j = s.startsWith("[^", start) ? start + 2 : start + 1;
            if (j < s.length() && s.charAt(j) == ']') {
                j++;
            }
            while (j < s.length()) {
                char c = s.charAt(j);
                if (c == '\\') {
                    j += 2;
                } else if (c == '[' && s.startsWith("[:", j)) {
                    int close = s.indexOf(":]", j + 2);
                    j = close < 0 ? j + 1 : close + 2;
                } else if (c == ']') {
                    return j + 1;
                } else {
                    j++;
                }
            }
            return s.length();
        }
    }
}
