package io.leakgate.rules;

import io.leakgate.finding.RuleRef;
import io.leakgate.finding.Severity;
import io.leakgate.regex.LazyPattern;
import java.util.List;

/**
 * One detection rule: what a secret looks like, where the engine should look for it, and which
 * matches are not secrets after all.
 *
 * @param regex       the secret's pattern, or null for a path-only rule
 * @param secretGroup the capture group holding the secret; 0 means the first non-empty group,
 *                    or the whole match when the regex has no groups
 * @param entropy     minimum Shannon entropy (bits per byte) of the secret, 0 for none
 * @param keywords    lower-case literals; the regex runs only near one of them
 * @param path        pattern the file path must match, or null for any path
 * @param span        how many lines around its keyword's line a match may reach, or
 *                    {@link #WIDE_SPAN} for rules that search a wide block (PEM keys, YAML
 *                    documents) around the keyword
 * @param validate    offline checks a match must pass (checksums, structure), in order
 * @param claims      names (a pattern over the text before a value) under which this rule alone
 *                    decides whether the value is a secret: there the generic rule gives way, so a
 *                    value that fails this rule's exact format is not reported at all; null for none
 * @param specificity how the rule recognises a secret; where rules of different specificity
 *                    match the same text, the more specific one alone decides
 * @param givesWayTo  ids of rules this rule gives way to on the same text, whatever their specificity
 * @param required    rules that must also find something near a match for it to be reported
 * @param skipReport  whether the rule only serves as another rule's requirement and is never reported
 * @param magic       for a rule without a regex: the bytes the file must start with, or null
 *                    when its path alone makes the finding
 */
public record Rule(
        String id,
        String description,
        LazyPattern regex,
        int secretGroup,
        double entropy,
        List<String> keywords,
        LazyPattern path,
        List<String> tags,
        Severity severity,
        List<Allowlist> allowlists,
        List<Example> examples,
        List<Example> negativeExamples,
        int span,
        List<Validation> validate,
        LazyPattern claims,
        Specificity specificity,
        List<String> givesWayTo,
        List<Requirement> required,
        boolean skipReport,
        FileMagic magic) {

    /** A span that searches up to this many bytes before and after the keyword. */
    public static final int WIDE_SPAN = 16 * 1024;

    public Rule {
        keywords = List.copyOf(keywords);
        tags = List.copyOf(tags);
        allowlists = List.copyOf(allowlists);
        examples = List.copyOf(examples);
        negativeExamples = List.copyOf(negativeExamples);
        validate = List.copyOf(validate);
        specificity = specificity != null ? specificity : Specificity.implied(id, tags);
        givesWayTo = List.copyOf(givesWayTo);
        required = List.copyOf(required);
    }

    /** A rule with the specificity its id and tags imply, giving way to no rule by name, requiring none. */
    public Rule(String id, String description, LazyPattern regex, int secretGroup, double entropy,
            List<String> keywords, LazyPattern path, List<String> tags, Severity severity, List<Allowlist> allowlists,
            List<Example> examples, List<Example> negativeExamples, int span, List<Validation> validate,
            LazyPattern claims) {
        this(id, description, regex, secretGroup, entropy, keywords, path, tags, severity, allowlists, examples,
                negativeExamples, span, validate, claims, null, List.of(), List.of(), false, null);
    }

    /** What a finding made by this rule carries of it. */
    public RuleRef ref() {
        return new RuleRef(id, description, severity, tags);
    }

    /** Generic rules give way to every more specific rule that finds the same text. */
    public boolean isGeneric() {
        return specificity == Specificity.GENERIC;
    }

    /**
     * Whether this rule gives way to {@code other} where both find the same text: to a rule it
     * names in {@code givesWayTo}, else to a more specific rule that does not name it. A rule that
     * is never reported takes no text from another.
     */
    public boolean givesWayTo(Rule other) {
        if (other.skipReport) {
            return false;
        }
        return givesWayTo.contains(other.id)
                || other.specificity.compareTo(specificity) > 0 && !other.givesWayTo.contains(id);
    }
}
