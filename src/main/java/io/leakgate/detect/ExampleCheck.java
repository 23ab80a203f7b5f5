package io.leakgate.detect;

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
                if (!finds(detector, rule, e)) {
                    failures.add(new Failure(rule.id(), "example", e, "was not found"));
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
        byte[] bytes = e.content();
        for (Finding f : detector.scan(bytes, bytes.length, e.path())) {
            if (f.rule().id().equals(rule.id())) {
                return true;
            }
        }
        return false;
    }
}
