package io.leakgate.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds line numbers in a config file's text. The TOML parser hands us a tree without
 * positions, so errors about a rule are placed by finding that rule's {@code [[rules]]} header
 * and the key inside its block.
 */
final class TomlLocator {
    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*\\[\\[\\s*rules\\s*]]");
    private static final Pattern TOP_TABLE = Pattern.compile("^\\s*\\[\\[?+\\s*+(?!rules[.\\]\\s])");

    private static final Pattern ALLOWLIST_HEADER = Pattern.compile("^\\s*\\[\\[?\\s*rules\\.allowlists?\\s*]");
    private static final Pattern GLOBAL_ALLOWLIST_HEADER = Pattern.compile("^\\s*\\[\\[?\\s*allowlists?\\s*]");

    private final String[] lines;
    private final List<Integer> ruleStarts = new ArrayList<>();

    TomlLocator(String text) {
        this.lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (RULE_HEADER.matcher(lines[i]).find()) {
                ruleStarts.add(i);
            }
        }
    }

    /** 1-based line of the n-th {@code [[rules]]} header, or 0 when unknown. */
    int ruleLine(int index) {
        return index < ruleStarts.size() ? ruleStarts.get(index) + 1 : 0;
    }

    /** 1-based line of {@code key = } inside the n-th rule's block, or the rule's header line. */
    int keyLine(int ruleIndex, String key) {
        return keyLine(ruleIndex, key, false);
    }

    /**
     * Like {@link #keyLine(int, String)}; with {@code inAllowlist}, only keys after the rule's
     * first allowlist header count, so an allowlist's {@code regexes} is not confused with the
     * rule's {@code regex}.
     */
    int keyLine(int ruleIndex, String key, boolean inAllowlist) {
        if (ruleIndex < 0) {
            return inAllowlist ? allowlistKeyLine(key) : topLevelKeyLine(key);
        }
        if (ruleIndex >= ruleStarts.size()) {
            return topLevelKeyLine(key);
        }

        int start = ruleStarts.get(ruleIndex);
        int end = ruleIndex + 1 < ruleStarts.size() ? ruleStarts.get(ruleIndex + 1) : lines.length;
        Pattern keyPattern = keyPattern(key);
        boolean seenAllowlist = !inAllowlist;
        for (int i = start + 1; i < end; i++) {
            if (TOP_TABLE.matcher(lines[i]).find()) {
                break;
            }
            if (ALLOWLIST_HEADER.matcher(lines[i]).find()) {
                seenAllowlist = true;
            }
            if (seenAllowlist && keyPattern.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return start + 1;
    }

    /** 1-based line of {@code key = } after the first global allowlist header, or 0. */
    private int allowlistKeyLine(String key) {
        Pattern keyPattern = keyPattern(key);
        boolean seen = false;
        for (int i = 0; i < lines.length; i++) {
            if (GLOBAL_ALLOWLIST_HEADER.matcher(lines[i]).find()) {
                seen = true;
            } else if (seen && keyPattern.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return topLevelKeyLine(key);
    }

    /** 1-based line of the first {@code key = } or {@code [key]} anywhere, or 0. */
    int topLevelKeyLine(String key) {
        Pattern keyPattern = keyPattern(key);
        Pattern table = Pattern.compile("^\\s*\\[\\[?\\s*" + Pattern.quote(key) + "\\s*]");
        for (int i = 0; i < lines.length; i++) {
            if (keyPattern.matcher(lines[i]).find() || table.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static Pattern keyPattern(String key) {
        return Pattern.compile("^\\s*[\"']?" + Pattern.quote(key) + "[\"']?\\s*=");
    }
}
