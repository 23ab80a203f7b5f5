package io.leakgate.finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One secret found by one rule at one place. The secret is held in full; reports redact it.
 *
 * @param rule       the rule that found it
 * @param line       1-based line of the secret's first character
 * @param column     1-based column (in characters) of the secret's first character
 * @param endColumn  1-based column of the secret's last character
 * @param fingerprint the {@link Fingerprint} of rule, path and secret, or null to derive it when
 *                   first asked for: derivation is slow on purpose, and many findings are never
 *                   reported or are reported under another path
 * @param provenance the commit that introduced it, or null outside history scans
 * @param attributes facts established about the secret offline, such as a decoded AWS
 *                   account id ({@code "aws-account"}); never the secret itself
 * @param others     other places the same secret was seen, for history scans
 * @param kind       what kind of place {@code path} names: a file, or a message with its
 *                   fixed pseudo path (see {@link LocationKind})
 */
public record Finding(
        RuleRef rule,
        String path,
        int line,
        int column,
        int endLine,
        int endColumn,
        String secret,
        String fingerprint,
        List<String> tags,
        Provenance provenance,
        Map<String, String> attributes,
        List<Location> others,
        LocationKind kind) {

    public Finding {
        tags = List.copyOf(tags);
        attributes = Map.copyOf(attributes);
        others = List.copyOf(others);
        kind = kind == null ? LocationKind.FILE : kind;
    }

    /** A finding in a file. */
    public Finding(RuleRef rule, String path, int line, int column, int endLine, int endColumn, String secret,
            String fingerprint, List<String> tags, Provenance provenance, Map<String, String> attributes,
            List<Location> others) {
        this(rule, path, line, column, endLine, endColumn, secret, fingerprint, tags, provenance, attributes, others,
                LocationKind.FILE);
    }

    /** A finding as the detector makes it: no provenance, attributes or other locations yet. */
    public Finding(RuleRef rule, String path, int line, int column, int endLine, int endColumn,
            String secret, String fingerprint, List<String> tags) {
        this(rule, path, line, column, endLine, endColumn, secret, fingerprint, tags, null, Map.of(), List.of(),
                LocationKind.FILE);
    }

    /**
     * The place as a person reads it: the path of a file, {@code commit 1a2b3c4d5e6f message},
     * {@code tag v1.0 message}.
     */
    public String place() {
        return kind.place(path, provenance == null ? null : provenance.commit(),
                attributes.get(LocationKind.TAG_ATTRIBUTE));
    }

    /** The same finding at another kind of place; {@code path} should be that kind's pseudo path. */
    public Finding withKind(LocationKind k) {
        return new Finding(rule, path, line, column, endLine, endColumn, secret, fingerprint, tags, provenance,
                attributes, others, k);
    }

    /** The fingerprint given, or the one {@link Fingerprint#of} derives from rule, path and secret. */
    @Override
    public String fingerprint() {
        return fingerprint != null ? fingerprint : Fingerprint.of(rule.id(), path, secret);
    }

    public Finding withProvenance(Provenance p) {
        return new Finding(rule, path, line, column, endLine, endColumn, secret, fingerprint, tags, p,
                attributes, others, kind);
    }

    /** The same finding reported under another path; the fingerprint follows the path. */
    public Finding withPath(String newPath) {
        return new Finding(rule, newPath, line, column, endLine, endColumn, secret, null, tags, provenance,
                attributes, others, kind);
    }

    public Finding withOthers(List<Location> more) {
        return new Finding(rule, path, line, column, endLine, endColumn, secret, fingerprint, tags,
                provenance, attributes, more, kind);
    }

    /** Adds a tag (if absent) and attributes, e.g. {@code canary} with the decoded account. */
    public Finding withFacts(List<String> moreTags, Map<String, String> moreAttributes) {
        List<String> t = new ArrayList<>(tags);
        for (String tag : moreTags) {
            if (!t.contains(tag)) {
                t.add(tag);
            }
        }
        Map<String, String> a = new LinkedHashMap<>(attributes);
        a.putAll(moreAttributes);
        return new Finding(rule, path, line, column, endLine, endColumn, secret, fingerprint, t,
                provenance, a, others, kind);
    }
}
