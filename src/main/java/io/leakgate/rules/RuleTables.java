package io.leakgate.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scan needs to know of a rule set before it reads any content, by rule index: which
 * rules each keyword wakes, and which rules run without a keyword, match by path alone, claim
 * names, or can be switched off by a file's location. Computed from the rules, or, for the
 * bundled pack, read as written at build time, so a hook neither decodes nor walks the rules a
 * push's content never wakes.
 *
 * @param keywords     every keyword, each once, in the order of the rules that first name it
 * @param keywordRules for each keyword, the rules that name it
 * @param unkeyed      regex rules without keywords: they run over every file
 * @param pathOnly     rules without a regex: the file itself is the finding, by its path pattern,
 *                     its first bytes ({@link Rule#magic()}) or both
 * @param claiming     rules that claim names (see {@link Rule#claims()}), generic ones excepted
 * @param byLocation   rules that a file's location (path, commit) can switch off: those with a
 *                     path pattern or with an allowlist, their own or a global one, that decides
 *                     by location alone
 * @param requiredIds  ids of the rules that some rule requires ({@link Rule#required()})
 */
public record RuleTables(List<String> keywords, int[][] keywordRules, int[] unkeyed, int[] pathOnly,
        int[] claiming, int[] byLocation, List<String> requiredIds) {

    public RuleTables {
        keywords = List.copyOf(keywords);
        requiredIds = List.copyOf(requiredIds);
    }

    /** The tables of {@code rules} under the global allowlists {@code globals}. */
    public static RuleTables of(List<Rule> rules, List<Allowlist> globals) {
        // Plain loops, not streams: a hook may build these once per JVM, before anything is warm.
        Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
        List<Integer> unkeyed = new ArrayList<>();
        List<Integer> pathOnly = new ArrayList<>();
        List<Integer> claiming = new ArrayList<>();
        List<Integer> located = new ArrayList<>();
        List<String> required = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (r.claims() != null && !r.isGeneric()) {
                claiming.add(i);
            }
            for (Requirement q : r.required()) {
                if (!required.contains(q.ruleId())) {
                    required.add(q.ruleId());
                }
            }
            if (r.regex() == null) {
                pathOnly.add(i);
            } else if (r.keywords().isEmpty()) {
                unkeyed.add(i);
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
            boolean depends = r.path() != null;
            for (Allowlist a : r.allowlists()) {
                depends |= a.decidesByLocation();
            }
            for (Allowlist a : globals) {
                depends |= a.decidesByLocation() && a.appliesTo(r.id());
            }
            if (depends) {
                located.add(i);
            }
        }
        List<String> words = new ArrayList<>(byKeyword.keySet());
        int[][] keywordRules = new int[words.size()][];
        for (int k = 0; k < words.size(); k++) {
            keywordRules[k] = ints(byKeyword.get(words.get(k)));
        }
        return new RuleTables(words, keywordRules, ints(unkeyed), ints(pathOnly), ints(claiming), ints(located), required);
    }

    private static int[] ints(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
