package io.leakgate.hook.git;

import io.leakgate.LeakgateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A repository's effective git config (system, global, local and includes, as git resolves them),
 * read from {@code git config -z --list}. Keys are {@code section.name} or
 * {@code section.subsection.name}; section and name are case-insensitive, as in git.
 */
public final class GitConfig {
    private final Map<String, List<String>> values;

    private GitConfig(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Reads the config of the repository {@code git} runs in. */
    public static GitConfig read(GitProcess git) throws LeakgateException {
        return parse(git.output(null, "config", "-z", "--list"));
    }

    /** Parses {@code git config -z --list} output: {@code key\nvalue\0}, or {@code key\0} for a bare key. */
    public static GitConfig parse(byte[] output) {
        Map<String, List<String>> values = new HashMap<>();
        String all = new String(output, StandardCharsets.UTF_8);
        int start = 0;
        while (start < all.length()) {
            int end = all.indexOf('\0', start);
            if (end < 0) {
                end = all.length();
            }
            String entry = all.substring(start, end);
            int nl = entry.indexOf('\n');
            String key = nl < 0 ? entry : entry.substring(0, nl);
            String value = nl < 0 ? null : entry.substring(nl + 1);
            values.computeIfAbsent(normalize(key), k -> new ArrayList<>()).add(value);
            start = end + 1;
        }
        return new GitConfig(values);
    }

    /** The last value of {@code key} (git's rule: the last one wins), or null. */
    public String get(String key) {
        List<String> v = values.get(normalize(key));
        if (v == null) {
            return null;
        }
        String last = v.get(v.size() - 1);
        return last == null ? "true" : last;
    }

    /** Every value of {@code key}, in order. */
    public List<String> getAll(String key) {
        List<String> v = values.get(normalize(key));
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(v.size());
        for (String s : v) {
            out.add(s == null ? "true" : s);
        }
        return out;
    }

    /** A boolean as git reads it (true/yes/on/1, false/no/off/0/empty). */
    public boolean getBoolean(String key, boolean fallback) throws LeakgateException {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0", "":
                return false;
            default:
                throw new LeakgateException("git config " + key + ": '" + v + "' is not a boolean");
        }
    }

    /** An integer as git reads it, with an optional k, m or g suffix. */
    public int getInt(String key, int fallback) throws LeakgateException {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = t.endsWith("k") ? 1024 : t.endsWith("m") ? 1024 * 1024 : 1024 * 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.toIntExact(Long.parseLong(t) * unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LeakgateException("git config " + key + ": '" + v + "' is not a number");
        }
    }

    /** Lower-cases the section and the name; a subsection keeps its case. */
    private static String normalize(String key) {
        int first = key.indexOf('.');
        int last = key.lastIndexOf('.');
        if (first < 0) {
            return key.toLowerCase(Locale.ROOT);
        }
        return key.substring(0, first).toLowerCase(Locale.ROOT) + key.substring(first, last)
                + key.substring(last).toLowerCase(Locale.ROOT);
    }
}
