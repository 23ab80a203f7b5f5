package io.leakgate.regex;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.SharedCorpus;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The prefilter automaton must agree with RE2J's {@code find()} on every window: a wrong "no" would
 * silently hide a secret. Each test runs many regexes over many windows, both ways.
 */
class LazyDfaTest {
    /** Tests that run every rule over every rule's examples: the corpus profile runs them (see README). */
    static final String SLOW = "slow";

    private static final List<String> EDGE_CASES = List.of(
            "^abc$", "(?m)^abc$", "\\Aabc\\z", "(?m)^$", "^$", "^", "$", "(?m)$", "\\b", "\\B",
            "\\bkey\\b", "\\Bkey\\B", "key\\b", "\\bkey", "(?i)\\bSECRET\\b", "(?i)secret", "(?i)k",
            "(?i)\u212a", "(?i)\u00b5", "(?i)\u03bc", "(?i)[\u00e0-\u00ff]+x", "\u00e9t\u00e9", "[^a]x",
            "\\x00\\xff", "[\\x80-\\xff]{2}", ".", "(?s).", "a.b", "(?s)a.b", "a*", "(?:)", "x?", "a|b|",
            "(a|b)*c", "(ab|abc)d", "a{3,5}b", "[a-z]{0,20}?key", "(?m)^\\s*password\\s*=", "(?m)\\s+$",
            "(?:^|[^a-z])tok_[a-z0-9]{8}(?:$|[^a-z0-9])", "(?i)(?:^|\\b)aws_?key(?:\\b|$)",
            "\\b[A-Z]{3}\\b|\\d{4}$", "(?m)(?:^|,)x(?:,|$)", "\\Bx|^y|z$", "^(?:a|\\n)*$", "(?m)^\\n^",
            "\\n$", "(?m)\\n$", "\\r?\\n\\z", "[[:alpha:]]+\\b", "\\pL", "\\PL", "[^\\x00-\\x7f]");

    @Test
    void agreesWithRe2jOnHandWrittenEdgeCasesOverManyWindows() {
        List<byte[]> texts = new ArrayList<>();
        for (String t : List.of("", "a", "\n", "abc", "abc\n", "\nabc", "x\nabc\ny", "key", " key ", "keys",
                "akey", "SECRET", "secreT!", "K", "k", "\u212a", "\u00b5", "\u00e9t\u00e9 x", "\u00c0x", "\u00e0\u00e9x",
                "aab", "aaab", "aaaaab", "abcd", "abd", "  password = x", "p\n  password=", "tok_abcd1234",
                "xtok_abcd1234", "tok_abcd12345", ",x,", "x", "y\n", "z", "ABC", "ab ABC", "1234", "\r\n",
                "aws_key", "AWS-KEY", "a\n\n", "\n\n")) {
            texts.add(t.getBytes(StandardCharsets.ISO_8859_1));
            texts.add(t.getBytes(StandardCharsets.UTF_8));
        }
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            texts.add(randomBytes(random, random.nextInt(40), i % 2 == 0 ? "abckeyxyz \n_,AB\u00e9\u00b5" : null));
        }
        for (String regex : EDGE_CASES) {
            assertAgrees(regex, Regex.compile(regex), texts, random);
        }
    }

    @Test
    void agreesWithRe2jForEveryBundledRuleOnItsOwnExamplesAndASampleOfOthers() throws Exception {
        RuleSet rules = new ConfigLoader().loadDefault();
        List<byte[]> every = new ArrayList<>();
        for (Rule r : rules.rules()) {
            r.examples().forEach(e -> every.add(e.text().getBytes(StandardCharsets.UTF_8)));
            r.negativeExamples().forEach(e -> every.add(e.text().getBytes(StandardCharsets.UTF_8)));
        }
        Random random = new Random(13);
        for (Rule r : rules.rules()) {
            if (r.regex() == null) {
                continue;
            }
            List<byte[]> texts = new ArrayList<>();
            r.examples().forEach(e -> texts.add(e.text().getBytes(StandardCharsets.UTF_8)));
            r.negativeExamples().forEach(e -> texts.add(e.text().getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < 16; i++) {
                texts.add(every.get(random.nextInt(every.size())));
            }
            for (int i = 0; i < 4; i++) {
                texts.add(randomBytes(random, random.nextInt(200), null));
            }
            List<byte[]> all = withVariants(texts, random);
            assertAgrees(r.id(), r.regex().get(), all, random);
            assertSoundWithATinyStateCache(r, all);
        }
    }

    /** Every rule against every rule's examples: the whole cross product (tagged slow). */
    @Test
    @Tag(SLOW)
    void agreesWithRe2jForEveryBundledRule() throws Exception {
        agreesForBundledRules(List.of());
    }

    @Test
    @org.junit.jupiter.api.Tag(SharedCorpus.TAG)
    void agreesWithRe2jForEveryBundledRuleOnGitleaksSamplesToo() throws Exception {
        List<SharedCorpus.Sample> samples = SharedCorpus.gitleaksSamples();
        Random random = new Random(5);
        List<byte[]> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add(samples.get(random.nextInt(samples.size())).text().getBytes(StandardCharsets.UTF_8));
        }
        agreesForBundledRules(texts);
    }

    private static void agreesForBundledRules(List<byte[]> more) throws Exception {
        RuleSet rules = new ConfigLoader().loadDefault();
        List<byte[]> texts = new ArrayList<>(more);
        Random random = new Random(7);
        for (Rule r : rules.rules()) {
            r.examples().forEach(e -> texts.add(e.text().getBytes(StandardCharsets.UTF_8)));
            r.negativeExamples().forEach(e -> texts.add(e.text().getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 50; i++) {
            texts.add(randomBytes(random, random.nextInt(200), null));
        }
        List<byte[]> all = withVariants(texts, random);
        // Rules in parallel, each with a random of its own seeded by its place, so a failure repeats.
        List<Rule> withRegex = rules.rules().stream().filter(r -> r.regex() != null).toList();
        IntStream.range(0, withRegex.size()).parallel().forEach(i -> assertAgrees(withRegex.get(i).id(),
                withRegex.get(i).regex().get(), all, new Random(7_000_003L + i)));
    }

    @Test
    @org.junit.jupiter.api.Tag(SharedCorpus.TAG)
    void agreesWithRe2jForEveryGitleaksRuleOnGitleaksSamples() throws Exception {
        SharedCorpus.require("corpus/gitleaks-default.toml");
        SharedCorpus.require("corpus/gitleaks-samples.jsonl");
        RuleSet gitleaks = new ConfigLoader().load(SharedCorpus.file("corpus/gitleaks-default.toml"));
        List<SharedCorpus.Sample> samples = SharedCorpus.gitleaksSamples();
        Map<String, List<byte[]>> byRule = new LinkedHashMap<>();
        for (SharedCorpus.Sample s : samples) {
            byRule.computeIfAbsent(s.rule(), k -> new ArrayList<>()).add(s.text().getBytes(StandardCharsets.UTF_8));
        }
        Random random = new Random(11);
        for (Rule r : gitleaks.rules()) {
            if (r.regex() == null) {
                continue;
            }
            List<byte[]> texts = new ArrayList<>(byRule.getOrDefault(r.id(), List.of()));
            for (int i = 0; i < 25; i++) {
                texts.add(samples.get(random.nextInt(samples.size())).text().getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 10; i++) {
                texts.add(randomBytes(random, random.nextInt(150), null));
            }
            assertAgrees(r.id(), r.regex().get(), withVariants(texts, random), random);
        }
    }

    @Test
    @Tag(SLOW)
    void staysSoundWhenItsStateCacheIsTinyAndFlushesOften() throws Exception {
        RuleSet rules = new ConfigLoader().loadDefault();
        Random random = new Random(3);
        List<byte[]> texts = new ArrayList<>();
        for (Rule r : rules.rules()) {
            r.examples().forEach(e -> texts.add(e.text().getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 30; i++) {
            texts.add(randomBytes(random, random.nextInt(300), "abcdefAKIA0123456789=:\"' \n"));
        }
        List<byte[]> all = withVariants(texts, random);
        int agreed = rules.rules().parallelStream().filter(r -> r.regex() != null)
                .mapToInt(r -> assertSoundWithATinyStateCache(r, all)).sum();
        assertThat(agreed).isPositive();
    }

    /**
     * With room for 3 states the automaton flushes its cache all the time: it may then say "maybe"
     * more often, never "no" where RE2J finds a match. Returns on how many texts the two agreed.
     */
    private static int assertSoundWithATinyStateCache(Rule r, List<byte[]> texts) {
        int agreed = 0;
        LazyDfa tiny = LazyDfa.of(r.regex().get(), 3);
        for (byte[] t : texts) {
            RegexMatcher m = r.regex().get().matcher(new ByteWindow().reset(t, 0, t.length));
            boolean re2j = m.find();
            int end = tiny.firstMatchEnd(t, 0, t.length, 0);
            assertThat(end >= 0 || !re2j).as("%s on %s", r.id(), show(t)).isTrue();
            if (re2j) {
                assertThat(tiny.leftmostStart(t, 0, t.length, end)).as("%s on %s", r.id(), show(t))
                        .isLessThanOrEqualTo(m.start());
            }
            agreed += (end >= 0) == re2j ? 1 : 0;
        }
        return agreed;
    }

    @Test
    void looksOnlyInsideTheWindowAndTreatsItsEdgesAsTextEdges() {
        byte[] buf = "xxabc\nyy".getBytes(StandardCharsets.US_ASCII);
        LazyDfa anchored = LazyDfa.of(Regex.compile("^abc$"));
        assertThat(anchored.mayMatch(buf, 2, 5)).isTrue();
        assertThat(anchored.mayMatch(buf, 1, 5)).isFalse();
        assertThat(anchored.mayMatch(buf, 2, 6)).isFalse();
        LazyDfa word = LazyDfa.of(Regex.compile("\\babc\\b"));
        assertThat(word.mayMatch(buf, 2, 5)).isTrue();
        assertThat(word.mayMatch(buf, 0, 5)).isFalse();
        assertThat(word.mayMatch(buf, 0, 8)).isFalse();
    }

    private static void assertAgrees(String name, Regex pattern, List<byte[]> texts, Random random) {
        LazyDfa dfa = LazyDfa.of(pattern);
        for (byte[] t : texts) {
            check(name, pattern, dfa, t, 0, t.length);
            if (t.length > 2) {
                int from = random.nextInt(t.length);
                int to = from + random.nextInt(t.length - from + 1);
                check(name, pattern, dfa, t, from, to);
            }
        }
    }

    private static void check(String name, Regex pattern, LazyDfa dfa, byte[] buf, int from, int to) {
        String what = name + " on [" + show(java.util.Arrays.copyOfRange(buf, from, to)) + "]";
        RegexMatcher m = pattern.matcher(new ByteWindow().reset(buf, from, to));
        boolean re2j = m.find();
        assertThat(dfa.mayMatch(buf, from, to)).as(what).isEqualTo(re2j);
        if (re2j) {
            int end = dfa.firstMatchEnd(buf, from, to, 0);
            assertThat(end).as(what).isBetween(m.start(), m.end());
            assertThat(dfa.leftmostStart(buf, from, to, end)).as(what).isEqualTo(m.start());
        }
        int n = to - from;
        for (int at : new int[] {n / 3, n - 1, n}) {
            if (at < 0) {
                continue;
            }
            boolean found = m.find(at);
            int end = dfa.firstMatchEnd(buf, from, to, at);
            assertThat(end >= 0).as("%s from %d", what, at).isEqualTo(found);
            if (found) {
                assertThat(end).as("%s from %d", what, at).isBetween(Math.max(at, m.start()), m.end());
            }
        }
    }

    private static boolean re2jFinds(Regex pattern, byte[] buf, int from, int to) {
        return pattern.matcher(new ByteWindow().reset(buf, from, to)).find();
    }

    /** Each text, plus copies with one byte changed, a newline put in, and letters' case swapped. */
    private static List<byte[]> withVariants(List<byte[]> texts, Random random) {
        List<byte[]> out = new ArrayList<>();
        byte[] swaps = {'\n', ' ', '"', '=', '_', 'a', 'Z', '0', (byte) 0xc3, (byte) 0xff, 0};
        for (byte[] t : texts) {
            out.add(t);
            if (t.length == 0) {
                continue;
            }
            byte[] changed = t.clone();
            changed[random.nextInt(t.length)] = swaps[random.nextInt(swaps.length)];
            out.add(changed);
            byte[] cased = t.clone();
            for (int i = 0; i < cased.length; i++) {
                int c = cased[i];
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                    cased[i] = (byte) (c ^ 0x20);
                }
            }
            out.add(cased);
            byte[] lined = new byte[t.length + 1];
            int at = random.nextInt(t.length + 1);
            System.arraycopy(t, 0, lined, 0, at);
            lined[at] = '\n';
            System.arraycopy(t, at, lined, at + 1, t.length - at);
            out.add(lined);
        }
        return out;
    }

    private static byte[] randomBytes(Random random, int n, String alphabet) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = alphabet == null ? (byte) random.nextInt(256)
                    : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return b;
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace("\n", "\\n");
    }
}
