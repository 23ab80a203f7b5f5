package io.leakgate.rules;

import io.leakgate.regex.LazyPattern;
import java.util.List;
import java.util.Set;

/**
 * Conditions under which a match is not a finding. With {@link Condition#OR} any one criterion
 * allows the match; with {@link Condition#AND} every criterion that is set must hold.
 *
 * @param targetRules for a global allowlist, the rule ids it applies to (empty: all rules)
 */
public record Allowlist(
        String description,
        Condition condition,
        RegexTarget regexTarget,
        List<LazyPattern> regexes,
        List<LazyPattern> paths,
        List<String> stopwords,
        Set<String> commits,
        Set<String> targetRules) {

    /** How the criteria of one allowlist combine. */
    public enum Condition { OR, AND }

    /** What an allowlist regex is matched against. */
    public enum RegexTarget { SECRET, MATCH, LINE }

    public Allowlist {
        regexes = List.copyOf(regexes);
        paths = List.copyOf(paths);
        stopwords = lowerCase(stopwords);
        commits = Set.copyOf(commits);
        targetRules = Set.copyOf(targetRules);
    }

    /**
     * Whether this allowlist lets a match through as "not a secret".
     *
     * @param commit the commit id, or null when the content does not come from a commit
     */
    public boolean allows(String secret, String match, String line, String path, String commit) {
        boolean any = false;
        boolean all = true;
        if (!commits.isEmpty()) {
            boolean hit = commit != null && commits.contains(commit);
            any |= hit;
            all &= hit;
        }
        if (!paths.isEmpty()) {
            boolean hit = path != null && anyFind(paths, path);
            any |= hit;
            all &= hit;
        }
        if (!regexes.isEmpty()) {
            String target = switch (regexTarget) {
                case SECRET -> secret;
                case MATCH -> match;
                case LINE -> line;
            };
            boolean hit = anyFind(regexes, target);
            any |= hit;
            all &= hit;
        }
        if (!stopwords.isEmpty()) {
            String lower = secret.toLowerCase(java.util.Locale.ROOT);
            boolean hit = stopwords.stream().anyMatch(lower::contains);
            any |= hit;
            all &= hit;
        }
        return condition == Condition.AND ? any && all : any;
    }

    private static List<String> lowerCase(List<String> words) {
        String[] out = new String[words.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = words.get(i).toLowerCase(java.util.Locale.ROOT);
        }
        return List.of(out);
    }

    /** Whether any pattern finds a match in {@code text} (patterns compile on first use). */
    private static boolean anyFind(List<LazyPattern> patterns, String text) {
        for (LazyPattern p : patterns) {
            if (p.find(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this allowlist decides on where content is (its path, its commit) alone, so it can
     * be applied once per file, before any content is read.
     */
    public boolean decidesByLocation() {
        return regexes.isEmpty() && stopwords.isEmpty() && (!paths.isEmpty() || !commits.isEmpty());
    }

    public boolean appliesTo(String ruleId) {
        return targetRules.isEmpty() || targetRules.contains(ruleId);
    }
}
