package io.leakgate.detect;

import io.leakgate.rules.Rule;
import java.util.List;

/**
 * One secret found by one rule at one place. The secret is held in full; reports redact it.
 *
 * @param line       1-based line of the secret's first character
 * @param column     1-based column (in characters) of the secret's first character
 * @param endColumn  1-based column of the secret's last character
 * @param provenance the commit that introduced it, or null outside history scans
 */
public record Finding(
        Rule rule,
        String path,
        int line,
        int column,
        int endLine,
        int endColumn,
        String secret,
        String fingerprint,
        List<String> tags,
        Provenance provenance) {

    public Finding {
        tags = List.copyOf(tags);
    }

    public Finding withProvenance(Provenance p) {
        return new Finding(rule, path, line, column, endLine, endColumn, secret, fingerprint, tags, p);
    }

    public Finding withPath(String newPath) {
        return new Finding(rule, newPath, line, column, endLine, endColumn, secret,
                Fingerprint.of(rule.id(), newPath, secret), tags, provenance);
    }
}
