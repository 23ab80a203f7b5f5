package io.leakgate.detect;

import io.leakgate.rules.Allowlist;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import io.leakgate.rules.RuleTables;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link RuleSet} arranged for scanning: one keyword automaton for all rules and, per keyword,
 * the rules it wakes up. Immutable and shared by all scanning threads; each thread scans with its
 * own {@link Detector}. A rule itself is fetched ({@link #rule}) only when a scan needs it: the
 * bundled pack decodes a rule on first use.
 */
public final class RuleIndex {
    private final List<Rule> rules;
    final KeywordIndex keywords;
    /** The keywords, in the automaton's order. */
    final List<String> keywordList;
    /** For each keyword id, the indexes of the rules that name it. */
    final int[][] keywordRules;
    /** Regex rules without keywords: they run over the whole buffer. */
    final int[] unkeyed;
    /** Rules with a path pattern and no regex: the file name alone is the finding. */
    final int[] pathOnly;
    /** Rules that claim names: under those names the generic rule gives way to them. */
    final int[] claiming;
    /**
     * Rules that a file's location (its path, its commit) can switch off: those with a path
     * pattern or with an allowlist, their own or a global one, that decides by location. Every
     * other rule applies to every file.
     */
    final int[] byLocation;
    final List<Allowlist> globalAllowlists;
    /** Ids of the rules some rule requires ({@code [[rules.required]]}). */
    final Set<String> requiredIds;
    /** Whether any rule requires another. */
    final boolean requiring;
    /** AWS accounts whose access keys are canary tokens. */
    final Set<String> canaryAwsAccounts;
    private final RuleSet ruleSet;
    /** Ids of the {@link #pathOnly} rules, made on first use; racing threads make equal sets. */
    private volatile Set<String> pathOnlyIds;

    public RuleIndex(RuleSet ruleSet) {
        this.ruleSet = ruleSet;
        this.rules = ruleSet.rules();
        this.globalAllowlists = ruleSet.allowlists();
        this.canaryAwsAccounts = ruleSet.canaryAwsAccounts();
        RuleTables tables = ruleSet.scanTables();
        this.keywordList = tables.keywords();
        KeywordIndex bundled = KeywordIndexFile.bundled(keywordList);
        this.keywords = bundled != null ? bundled : KeywordIndex.of(keywordList);
        this.keywordRules = tables.keywordRules();
        this.unkeyed = tables.unkeyed();
        this.pathOnly = tables.pathOnly();
        this.claiming = tables.claiming();
        this.byLocation = tables.byLocation();
        this.requiredIds = Set.copyOf(tables.requiredIds());
        this.requiring = !requiredIds.isEmpty();
    }

    /** Rule {@code r} (decoded now if it comes from the bundled pack and was not yet). */
    Rule rule(int r) {
        return rules.get(r);
    }

    /** Whether rule {@code id} finds a file by its path (or first bytes) alone, never by content. */
    public boolean isPathOnly(String id) {
        Set<String> ids = pathOnlyIds;
        if (ids == null) {
            Set<String> made = new HashSet<>();
            for (int r : pathOnly) {
                made.add(rules.get(r).id());
            }
            ids = Set.copyOf(made);
            pathOnlyIds = ids;
        }
        return ids.contains(id);
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    public int size() {
        return rules.size();
    }
}
