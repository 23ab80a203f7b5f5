package io.leakgate.detect;

import io.leakgate.finding.Finding;
import io.leakgate.rules.Example;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every rule's {@code examples} (each must produce a finding of that rule) and
 * {@code negative_examples} (none may) through the full detector: keywords, regex, entropy,
 * allowlists and all.
 */
public final class ExampleCheck {
    /** One example that did not behave as its rule says. */
    public record Failure(String ruleId, String kind, Example example, String problem) {
    }

    /** The outcome: how many examples ran, and which failed. */
    public record Outcome(int rules, int examples, List<Failure> failures) {
    }

    private ExampleCheck() {
    }

    /**
     * @param requireExamples report rules that carry no examples or no negative examples
     */
    public static Outcome run(RuleSet rules, boolean requireExamples) {
        RuleIndex index = new RuleIndex(rules);
        Detector detector = new Detector(index);
        List<Failure> failures = new ArrayList<>();
        int count = 0;
        for (Rule rule : rules.rules()) {
            try {
                if (rule.regex() != null) {
                    rule.regex().compileNow();
                }
            } catch (RuntimeException e) {
                failures.add(new Failure(rule.id(), "regex", null, "does not compile: " + e.getMessage()));
                continue;
            }
            if (requireExamples && rule.examples().isEmpty()) {
                failures.add(new Failure(rule.id(), "examples", null, "has no examples"));
            }
            if (requireExamples && rule.negativeExamples().isEmpty()) {
                failures.add(new Failure(rule.id(), "negative_examples", null, "has no negative_examples"));
            }
            for (Example e : rule.examples()) {
                count++;
                List<Finding> found = scan(detector, e);
                if (found.stream().noneMatch(f -> f.rule().id().equals(rule.id()))) {
                    failures.add(new Failure(rule.id(), "example", e, "was not found"));
                }
                String twice = alsoReported(rule, found);
                if (twice != null) {
                    failures.add(new Failure(rule.id(), "example", e, "is also reported by '" + twice
                            + "' at the same place (one secret, one finding: set 'specificity' or 'givesWayTo'"
                            + " so that one rule gives way)"));
                }
            }
            for (Example e : rule.negativeExamples()) {
                count++;
                if (finds(detector, rule, e)) {
                    failures.add(new Failure(rule.id(), "negative_example", e, "was found"));
                }
            }
        }
        return new Outcome(rules.rules().size(), count, failures);
    }

    private static boolean finds(Detector detector, Rule rule, Example e) {
        return scan(detector, e).stream().anyMatch(f -> f.rule().id().equals(rule.id()));
    }

    private static List<Finding> scan(Detector detector, Example e) {
        byte[] bytes = e.content();
        return detector.scan(bytes, bytes.length, e.path());
    }

    /** The id of another rule that reports text overlapping one of {@code rule}'s findings, or null. */
    private static String alsoReported(Rule rule, List<Finding> found) {
        for (Finding f : found) {
            if (!f.rule().id().equals(rule.id())) {
                continue;
            }
            for (Finding g : found) {
                if (!g.rule().id().equals(rule.id()) && g.path().equals(f.path())
                        && !after(g.line(), g.column(), f.endLine(), f.endColumn())
                        && !after(f.line(), f.column(), g.endLine(), g.endColumn())) {
                    return g.rule().id();
                }
            }
        }
        return null;
    }

    /** Whether (line, column) comes after (endLine, endColumn). */
    private static boolean after(int line, int column, int endLine, int endColumn) {
        return line > endLine || line == endLine && column > endColumn;
    }
}
