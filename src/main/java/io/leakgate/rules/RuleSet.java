package io.leakgate.rules;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a scan applies, with the allowlists that hold for all of them.
 *
 * @param origin            where the rules came from, for messages ("bundled default pack", a file path)
 * @param canaryAwsAccounts AWS account ids whose keys are canary tokens (see {@link CanaryAccounts})
 */
public record RuleSet(List<Rule> rules, List<Allowlist> allowlists, String origin, Set<String> canaryAwsAccounts) {
    public RuleSet {
        rules = List.copyOf(rules);
        allowlists = List.copyOf(allowlists);
        canaryAwsAccounts = Set.copyOf(canaryAwsAccounts);
    }

    /** A rule set with the bundled canary account list. */
    public RuleSet(List<Rule> rules, List<Allowlist> allowlists, String origin) {
        this(rules, allowlists, origin, CanaryAccounts.bundled());
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
