package io.leakgate.rules;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a scan applies, with the allowlists that hold for all of them.
 *
 * @param origin            where the rules came from, for messages ("bundled default pack", a file path)
 * @param canaryAwsAccounts AWS account ids whose keys are canary tokens (see {@link CanaryAccounts})
 * @param tables            the scan tables of exactly these rules and allowlists as written with
 *                          them (the bundled pack), or null: a scan then computes them
 */
public record RuleSet(List<Rule> rules, List<Allowlist> allowlists, String origin, Set<String> canaryAwsAccounts,
        RuleTables tables) {
    public RuleSet {
        // The bundled pack's rules decode on first use; copying them would decode them all.
        rules = rules instanceof PackedRuleList ? rules : List.copyOf(rules);
        allowlists = List.copyOf(allowlists);
        canaryAwsAccounts = Set.copyOf(canaryAwsAccounts);
    }

    public RuleSet(List<Rule> rules, List<Allowlist> allowlists, String origin, Set<String> canaryAwsAccounts) {
        this(rules, allowlists, origin, canaryAwsAccounts, null);
    }

    /** A rule set with the bundled canary account list. */
    public RuleSet(List<Rule> rules, List<Allowlist> allowlists, String origin) {
        this(rules, allowlists, origin, CanaryAccounts.bundled());
    }

    /** The scan tables: as written with the rules, or computed from them now. */
    public RuleTables scanTables() {
        return tables != null ? tables : RuleTables.of(rules, allowlists);
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
