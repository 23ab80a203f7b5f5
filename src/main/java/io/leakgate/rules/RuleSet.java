package io.leakgate.rules;

import java.util.List;
import java.util.Optional;

/**
 * The rules a scan applies, with the allowlists that hold for all of them.
 *
 * @param origin where the rules came from, for messages ("bundled default pack", a file path)
 */
public record RuleSet(List<Rule> rules, List<Allowlist> allowlists, String origin) {
    public RuleSet {
        rules = List.copyOf(rules);
        allowlists = List.copyOf(allowlists);
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
