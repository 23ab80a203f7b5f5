package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** gitleaks' {@code --enable-rule}: a scan with only the named rules of the active set. */
final class EnabledRules {
    private EnabledRules() {
    }

    /** The rules named in {@code ids}, or all of them when none are named; an unknown id is an error. */
    static RuleSet only(RuleSet rules, List<String> ids) throws LeakgateException {
        if (ids == null || ids.isEmpty()) {
            return rules;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : ids) {
            for (String one : id.split(",")) {
                if (!one.isBlank()) {
                    wanted.add(one.strip());
                }
            }
        }
        List<Rule> kept = rules.rules().stream().filter(r -> wanted.contains(r.id())).toList();
        Set<String> missing = new LinkedHashSet<>(wanted);
        kept.forEach(r -> missing.remove(r.id()));
        if (!missing.isEmpty()) {
            throw new LeakgateException("--enable-rule: no rule " + String.join(", ", missing) + " in "
                    + rules.origin() + " ('leakgate rules list' lists the ids)");
        }
        return new RuleSet(kept, rules.allowlists(), rules.origin() + " (only " + String.join(", ", wanted) + ")",
                rules.canaryAwsAccounts());
    }
}
