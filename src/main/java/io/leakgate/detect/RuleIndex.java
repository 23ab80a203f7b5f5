package io.leakgate.detect;

import io.leakgate.rules.Allowlist;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link RuleSet} arranged for scanning: one keyword automaton for all rules and, per keyword,
 * the rules it wakes up. Immutable and shared by all scanning threads; each thread scans with its
 * own {@link Detector}.
 */
public final class RuleIndex {
    final Rule[] rules;
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
    /** AWS accounts whose access keys are canary tokens. */
    final Set<String> canaryAwsAccounts;
    private final RuleSet ruleSet;

    public RuleIndex(RuleSet ruleSet) {
        this.ruleSet = ruleSet;
        this.rules = ruleSet.rules().toArray(new Rule[0]);
        this.globalAllowlists = ruleSet.allowlists();
        this.canaryAwsAccounts = ruleSet.canaryAwsAccounts();
        Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
        List<Integer> unkeyedList = new ArrayList<>();
        List<Integer> pathOnlyList = new ArrayList<>();
        List<Integer> claimingList = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            if (r.claims() != null && !r.isGeneric()) {
                claimingList.add(i);
            }
            if (r.regex() == null) {
                pathOnlyList.add(i);
            } else if (r.keywords().isEmpty()) {
                unkeyedList.add(i);
            } else {
                for (String k : r.keywords()) {
                    List<Integer> list = byKeyword.get(k);
                    if (list == null) {
                        list = new ArrayList<>();
                        byKeyword.put(k, list);
                    }
                    if (!list.contains(i)) {
                        list.add(i);
                    }
                }
            }
        }
        List<String> words = new ArrayList<>(byKeyword.keySet());
        this.keywordList = List.copyOf(words);
        KeywordIndex bundled = KeywordIndex.bundled(words);
        this.keywords = bundled != null ? bundled : new KeywordIndex(words);
        this.keywordRules = new int[words.size()][];
        for (int k = 0; k < words.size(); k++) {
            keywordRules[k] = ints(byKeyword.get(words.get(k)));
        }
        this.unkeyed = ints(unkeyedList);
        this.pathOnly = ints(pathOnlyList);
        this.claiming = ints(claimingList);
        List<Integer> located = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            boolean depends = r.path() != null;
            for (Allowlist a : r.allowlists()) {
                depends |= a.decidesByLocation();
            }
            for (Allowlist a : globalAllowlists) {
                depends |= a.decidesByLocation() && a.appliesTo(r.id());
            }
            if (depends) {
                located.add(i);
            }
        }
        this.byLocation = ints(located);
    }

    // Plain loops, not streams: a hook builds this index once per JVM, before anything is warm.
    private static int[] ints(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    public int size() {
        return rules.length;
    }
}
