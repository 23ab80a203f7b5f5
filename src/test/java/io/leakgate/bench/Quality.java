package io.leakgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.LeakgateException;
import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import io.leakgate.rules.Validation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores a rule pack on a labelled JSONL corpus: one sample a line,
 * {@code {"text": "...", "label": "secret"|"not-secret", "rule": "...", "path": "..."}}.
 *
 * <p>Recall is measured on the positives whose {@code rule} names a provider the pack covers
 * (see {@code gitleaks-coverage.txt}; rule ids it does not list count as covered): a positive is
 * recalled when any rule of the pack reports anything in it. False alarms are measured on all
 * negatives: a negative with any finding is one. Positives that the pack finds only with its
 * checksum and JWT-structure validators switched off are counted separately: their token fails
 * the provider's published checksum, or the "JWT" does not decode, so no real token looks like
 * them.
 *
 * <p>Run it with {@code bench/quality [corpus.jsonl] [--config FILE] [--misses N]}.
 */
public final class Quality {
    private static final Pattern LONG_RUN = Pattern.compile("[A-Za-z0-9_+/=.-]{12,}");

    /** One labelled sample. */
    public record Sample(String rule, boolean secret, String text, String path) {
    }

    /** A positive the pack did not report, or a negative it did. */
    public record Miss(Sample sample, List<String> rules) {
    }

    /** The scores. */
    public record Score(int positives, int coveredPositives, int recalled, int checksumRejected,
            int uncoveredFlagged, int negatives, int flaggedNegatives, int flaggedPositives,
            int crossLabelled, int flaggedCrossLabelled,
            Map<String, int[]> perRule, List<Miss> missed, List<Miss> falseAlarms, List<Miss> rejected) {

        /** Covered positives recalled. */
        public double recall() {
            return coveredPositives == 0 ? 1 : (double) recalled / coveredPositives;
        }

        /** Covered positives recalled, leaving out those whose token fails its checksum. */
        public double recallOfChecksumValid() {
            int n = coveredPositives - checksumRejected;
            return n == 0 ? 1 : (double) recalled / n;
        }

        /** Share of negatives with any finding. */
        public double falseAlarmRate() {
            return negatives == 0 ? 0 : (double) flaggedNegatives / negatives;
        }

        /**
         * Share of negatives with any finding, leaving out negatives whose exact text the corpus
         * also labels a secret (a sample that is negative for one rule and positive for another).
         */
        public double falseAlarmRateExcludingCrossLabelled() {
            int n = negatives - crossLabelled;
            return n == 0 ? 0 : (double) (flaggedNegatives - flaggedCrossLabelled) / n;
        }

        /** Flagged positives over all flagged samples. */
        public double precision() {
            int flagged = flaggedPositives + flaggedNegatives;
            return flagged == 0 ? 1 : (double) flaggedPositives / flagged;
        }
    }

    private Quality() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of("../shared/corpus/gitleaks-samples.jsonl");
        Path config = null;
        int showMisses = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[++i]);
                case "--misses" -> showMisses = Integer.parseInt(args[++i]);
                default -> corpus = Path.of(args[i]);
            }
        }
        if (!Files.isRegularFile(corpus)) {
            System.err.println("quality: no corpus at " + corpus);
            System.exit(2);
        }
        RuleSet pack = config == null ? new ConfigLoader().loadDefault() : new ConfigLoader().load(config);
        long t0 = System.nanoTime();
        Score s = score(pack, read(corpus), coverage());
        report(s, corpus, pack, showMisses, System.nanoTime() - t0, System.out);
    }

    /** Reads a JSONL corpus. */
    public static List<Sample> read(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Sample> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = mapper.readTree(line);
                out.add(new Sample(n.path("rule").asText(""), "secret".equals(n.path("label").asText()),
                        n.path("text").asText(""), n.hasNonNull("path") ? n.get("path").asText() : null));
            }
        }
        return out;
    }

    /** The bundled coverage map: corpus rule id to the pack's rule ids, empty when not covered. */
    public static Map<String, List<String>> coverage() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        try (InputStream in = Quality.class.getResourceAsStream("gitleaks-coverage.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 3);
                map.put(parts[0], parts[1].equals("-") ? List.of() : List.of(parts[1].split(",")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }

    /** Scores {@code pack} on the samples. */
    public static Score score(RuleSet pack, List<Sample> samples, Map<String, List<String>> coverage) {
        Detector detector = new Detector(new RuleIndex(pack));
        Detector unchecked = new Detector(new RuleIndex(withoutChecksums(pack)));
        int positives = 0;
        int covered = 0;
        int recalled = 0;
        int rejected = 0;
        int uncoveredFlagged = 0;
        int negatives = 0;
        int flaggedNegatives = 0;
        int flaggedPositives = 0;
        Map<String, int[]> perRule = new TreeMap<>();
        List<Miss> missed = new ArrayList<>();
        List<Miss> alarms = new ArrayList<>();
        List<Miss> rejectedList = new ArrayList<>();
        Set<String> positiveTexts = new HashSet<>();
        for (Sample s : samples) {
            if (s.secret()) {
                positiveTexts.add(s.path() + "\u0000" + s.text());
            }
        }
        int crossLabelled = 0;
        int flaggedCross = 0;
        for (Sample s : samples) {
            List<Finding> found = scan(detector, s);
            List<String> ids = found.stream().map(f -> f.rule().id()).distinct().toList();
            if (!s.secret()) {
                negatives++;
                boolean cross = positiveTexts.contains(s.path() + "\u0000" + s.text());
                if (cross) {
                    crossLabelled++;
                }
                if (!found.isEmpty()) {
                    flaggedNegatives++;
                    if (cross) {
                        flaggedCross++;
                    }
                    alarms.add(new Miss(s, cross ? concat(ids, "(also labelled secret)") : ids));
                }
                continue;
            }
            positives++;
            if (!found.isEmpty()) {
                flaggedPositives++;
            }
            List<String> ours = coverage.get(s.rule());
            boolean isCovered = ours == null || !ours.isEmpty();
            if (!isCovered) {
                if (!found.isEmpty()) {
                    uncoveredFlagged++;
                }
                continue;
            }
            covered++;
            int[] counts = perRule.computeIfAbsent(s.rule(), k -> new int[3]);
            counts[0]++;
            if (!found.isEmpty()) {
                recalled++;
                counts[1]++;
            } else if (!scan(unchecked, s).isEmpty()) {
                rejected++;
                counts[2]++;
                rejectedList.add(new Miss(s, List.of()));
            } else {
                missed.add(new Miss(s, List.of()));
            }
        }
        return new Score(positives, covered, recalled, rejected, uncoveredFlagged, negatives, flaggedNegatives,
                flaggedPositives, crossLabelled, flaggedCross, perRule, missed, alarms, rejectedList);
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    private static List<Finding> scan(Detector d, Sample s) {
        byte[] b = s.text().getBytes(StandardCharsets.UTF_8);
        return d.scan(b, b.length, s.path() != null ? s.path() : "sample.txt");
    }

    /** The same pack with checksum and JWT validators switched off. */
    static RuleSet withoutChecksums(RuleSet pack) {
        List<Rule> rules = new ArrayList<>();
        for (Rule r : pack.rules()) {
            List<Validation> v = r.validate().stream()
                    .filter(x -> x != Validation.GITHUB_CRC32 && x != Validation.NPM_CRC32 && x != Validation.JWT)
                    .toList();
            rules.add(new Rule(r.id(), r.description(), r.regex(), r.secretGroup(), r.entropy(), r.keywords(),
                    r.path(), r.tags(), r.severity(), r.allowlists(), r.examples(), r.negativeExamples(), r.span(), v, r.claims(),
                    r.specificity(), r.givesWayTo(), r.required(), r.skipReport(), r.magic()));
        }
        return new RuleSet(rules, pack.allowlists(), pack.origin(), pack.canaryAwsAccounts());
    }

    static void report(Score s, Path corpus, RuleSet pack, int showMisses, long nanos, PrintStream out) {
        out.printf(Locale.ROOT, "corpus     %s%n", corpus);
        out.printf(Locale.ROOT, "pack       %s, %d rules%n", pack.origin(), pack.rules().size());
        out.printf(Locale.ROOT, "positives  %d, of which %d are of providers the pack covers%n",
                s.positives(), s.coveredPositives());
        out.printf(Locale.ROOT, "recall     %.2f%%  (%d of %d covered positives reported)%n",
                100 * s.recall(), s.recalled(), s.coveredPositives());
        out.printf(Locale.ROOT, "           %.2f%%  leaving out %d positives whose token fails its checksum or JWT structure%n",
                100 * s.recallOfChecksumValid(), s.checksumRejected());
        out.printf(Locale.ROOT, "negatives  %d; flagged %d = %.2f%%%n", s.negatives(), s.flaggedNegatives(),
                100 * s.falseAlarmRate());
        out.printf(Locale.ROOT, "           %.2f%%  leaving out %d negatives whose text the corpus also labels a secret%n",
                100 * s.falseAlarmRateExcludingCrossLabelled(), s.crossLabelled());
        out.printf(Locale.ROOT, "precision  %.2f%%  (%d flagged positives, %d flagged negatives)%n",
                100 * s.precision(), s.flaggedPositives(), s.flaggedNegatives());
        out.printf(Locale.ROOT, "bonus      %d positives of uncovered providers were reported anyway%n",
                s.uncoveredFlagged());
        out.printf(Locale.ROOT, "time       %.1f s%n", nanos / 1e9);
        out.println();
        out.println("covered rules below 100% (recalled/total, checksum-rejected):");
        for (var e : s.perRule().entrySet()) {
            int[] c = e.getValue();
            if (c[1] < c[0]) {
                out.printf(Locale.ROOT, "  %-45s %4d/%-4d %s%n", e.getKey(), c[1], c[0],
                        c[2] > 0 ? c[2] + " fail checksum/structure" : "");
            }
        }
        out.println();
        out.println("missed positives (secrets shortened):");
        s.missed().stream().limit(showMisses).forEach(m -> out.println("  " + m.sample().rule() + "  "
                + shorten(m.sample().text())));
        if (s.missed().size() > showMisses) {
            out.println("  ... " + (s.missed().size() - showMisses) + " more");
        }
        out.println();
        out.println("flagged negatives:");
        s.falseAlarms().forEach(m -> out.println("  " + m.sample().rule() + " -> " + m.rules() + "  "
                + shorten(m.sample().text())));
    }

    /** One line, long tokens cut to their first characters: the corpus must not be echoed in full. */
    static String shorten(String text) {
        String one = text.replace("\r", "").replace("\n", "\\n").replace("\t", " ");
        Matcher m = LONG_RUN.matcher(one);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(m.group().substring(0, 6) + "…"));
        }
        m.appendTail(b);
        String s = b.toString();
        return s.length() > 140 ? s.substring(0, 140) + "…" : s;
    }

    /** Convenience for tests. */
    public static Score scoreDefaultPack(Path corpus) throws IOException, LeakgateException {
        return score(new ConfigLoader().loadDefault(), read(corpus), coverage());
    }
}
