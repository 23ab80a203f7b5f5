package io.leakgate.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Strings of which every match of a regex contains at least one, found on its parse tree and
 * compared ASCII case-insensitively (lower-cased here). A text that is all ASCII and contains none
 * of them cannot match; text with other characters must be given to the regex, because case
 * folding reaches beyond ASCII (K also matches the Kelvin sign).
 */
final class RequiredLiterals {
    /** Literal sets larger than this are not worth testing before the regex itself. */
    private static final int MAX_LITERALS = 64;
    /** Character classes with more members than this are not spelled out. */
    private static final int MAX_CLASS = 8;

    private RequiredLiterals() {
    }

    /** The strings, none holding another, or null when no such set is known. */
    static String[] of(RegexNode tree) {
        Set<String> need = required(tree);
        if (need == null) {
            return null;
        }
        // A string holding another member adds nothing: the shorter one is found in it anyway.
        List<String> kept = new ArrayList<>();
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
    private static Set<String> required(RegexNode re) {
        Set<String> exact = exact(re);
        if (exact != null) {
            return exact.contains("") ? null : exact;
        }
        switch (re.op()) {
            case CAPTURE:
            case PLUS:
                return required(re.sub(0));
            case REPEAT:
                return re.min() >= 1 ? required(re.sub(0)) : null;
            case CONCAT: {
                // Runs of parts matching known strings multiply out; of those and the other
                // parts' sets, the one whose shortest string is longest tests best.
                Set<String> best = null;
                Set<String> run = Set.of("");
                for (RegexNode sub : re.subs()) {
                    Set<String> e = exact(sub);
                    Set<String> product = e == null ? null : product(run, e);
                    if (product != null) {
                        run = product;
                        continue;
                    }
                    best = better(best, run.contains("") ? null : run);
                    run = e == null ? Set.of("") : e;
                    if (e == null) {
                        best = better(best, required(sub));
                    }
                }
                return better(best, run.contains("") ? null : run);
            }
            case ALTERNATE:
                return union(re.subs(), RequiredLiterals::required);
            default:
                return null;
        }
    }

    /**
     * The strings {@code re} matches, lower-cased, when they are few and all ASCII; empty-width
     * assertions count as the empty string (they add no characters). Null otherwise.
     */
    private static Set<String> exact(RegexNode re) {
        switch (re.op()) {
            case LITERAL: {
                StringBuilder b = new StringBuilder();
                for (int r : re.runes()) {
                    if (r > 127) {
                        return null;
                    }
                    b.append(lower(r));
                }
                return Set.of(b.toString());
            }
            case CHAR_CLASS: {
                Set<String> chars = new TreeSet<>();
                int[] runes = re.runes();
                for (int i = 0; i + 1 < runes.length; i += 2) {
                    if (runes[i + 1] > 127 || runes[i + 1] - runes[i] >= MAX_CLASS) {
                        return null;
                    }
                    for (int r = runes[i]; r <= runes[i + 1]; r++) {
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
                return Set.of("");
            case CAPTURE:
                return exact(re.sub(0));
            case QUEST: {
                Set<String> e = exact(re.sub(0));
                if (e == null) {
                    return null;
                }
                Set<String> out = new TreeSet<>(e);
                out.add("");
                return out;
            }
            case CONCAT: {
                Set<String> out = Set.of("");
                for (RegexNode sub : re.subs()) {
                    Set<String> e = exact(sub);
                    out = e == null ? null : product(out, e);
                    if (out == null) {
                        return null;
                    }
                }
                return out;
            }
            case ALTERNATE:
                return union(re.subs(), RequiredLiterals::exact);
            default:
                return null;
        }
    }

    /** The union of {@code of} over the alternatives; null when one has none or there are too many. */
    private static Set<String> union(List<RegexNode> subs, Function<RegexNode, Set<String>> of) {
        Set<String> all = new TreeSet<>();
        for (RegexNode sub : subs) {
            Set<String> s = of.apply(sub);
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
    private static Set<String> product(Set<String> a, Set<String> b) {
        if ((long) a.size() * b.size() > MAX_LITERALS) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return out;
    }

    private static Set<String> better(Set<String> a, Set<String> b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int sa = shortest(a);
        int sb = shortest(b);
        return sb > sa || sb == sa && b.size() < a.size() ? b : a;
    }

    private static int shortest(Set<String> strings) {
        int min = Integer.MAX_VALUE;
        for (String s : strings) {
            min = Math.min(min, s.length());
        }
        return min;
    }
}
