package io.leakgate.finding;

import java.util.List;

/**
 * What a finding tells of the rule that made it: enough for every report and policy, nothing of
 * how the rule matches.
 *
 * @param tags the rule's own tags; a finding's tags add what was learnt about the secret
 */
public record RuleRef(String id, String description, Severity severity, List<String> tags) {

    public RuleRef {
        description = description == null ? "" : description;
        tags = List.copyOf(tags);
    }
}
