package io.leakgate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakgate.LeakgateException;
import io.leakgate.finding.Severity;
import io.leakgate.regex.LazyPattern;
import io.leakgate.regex.RegexSyntaxException;
import io.leakgate.regex.RegexTooLargeException;
import io.leakgate.regex.WindowSpan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one rule (and allowlists) from the parsed tree of one file, field by field, with every
 * error placed by {@link TomlLocator} on the file's line and naming the rule.
 */
final class RuleReader {
    private static final Set<String> RULE_KEYS = Set.of("id", "description", "regex", "secretGroup",
            "entropy", "keywords", "path", "magic", "tags", "severity", "allowlist", "allowlists", "examples",
            "negative_examples", "span", "validate", "claims", "specificity", "givesWayTo", "required",
            "skipReport");
    private static final Set<String> REQUIRED_KEYS = Set.of("id", "withinLines", "withinColumns");
    private static final Set<String> ALLOWLIST_KEYS = Set.of("description", "condition",
            "regexTarget", "regexes", "paths", "stopwords", "commits", "targetRules");

    private final String name;
    private final TomlLocator locator;
    private final boolean compileNow;

    RuleReader(String name, TomlLocator locator, boolean compileNow) {
        this.name = name;
        this.locator = locator;
        this.compileNow = compileNow;
    }

    Rule rule(JsonNode node, int index, Map<String, Rule> base) throws LeakgateException {
        if (!node.isObject()) {
            throw error(index, null, null, "each [[rules]] entry must be a table");
        }
        String id = text(node, "id", index, null);
        if (id == null || id.isBlank()) {
            throw error(index, null, "id", "rule has no 'id'");
        }
        checkKeys(node, RULE_KEYS, index, "rule '" + id + "'");
        Rule parent = base.get(id);

        String description = text(node, "description", index, id);
        String regexSource = text(node, "regex", index, id);
        String pathSource = text(node, "path", index, id);
        LazyPattern regex = regexSource != null ? pattern(regexSource, index, id, "regex")
                : parent != null ? parent.regex() : null;
        LazyPattern path = pathSource != null ? pattern(pathSource, index, id, "path")
                : parent != null ? parent.path() : null;
        FileMagic magic = parent != null ? parent.magic() : null;
        if (node.has("magic")) {
            try {
                magic = FileMagic.parse(strings(node, "magic", index, id));
            } catch (IllegalArgumentException e) {
                throw error(index, id, "magic", "rule '" + id + "': each 'magic' entry must be hex digits, two per"
                        + " byte, with ?? for any byte (got '" + e.getMessage() + "')");
            }
        }
        if (regex == null && path == null && magic == null) {
            throw error(index, id, "id", "rule '" + id + "' needs a 'regex', a 'path' or a 'magic'");
        }
        if (regex != null && magic != null) {
            throw error(index, id, node.has("magic") ? "magic" : "regex", "rule '" + id
                    + "': a rule with 'magic' reports the file itself and takes no 'regex'");
        }

        int secretGroup = node.has("secretGroup") ? integer(node, "secretGroup", index, id)
                : parent != null ? parent.secretGroup() : 0;
        if (secretGroup < 0 || compileNow && regex != null && secretGroup > regex.get().groupCount()) {
            throw error(index, id, "secretGroup", "rule '" + id + "': secretGroup " + secretGroup
                    + " is out of range (the regex has "
                    + (regex == null ? 0 : regex.get().groupCount()) + " groups)");
        }
        double entropy = node.has("entropy") ? number(node, "entropy", index, id)
                : parent != null ? parent.entropy() : 0;
        if (!(entropy >= 0 && entropy <= 8)) {
            throw error(index, id, "entropy", "rule '" + id + "': 'entropy' must be a number from 0 to 8"
                    + " (bits per byte)");
        }
        List<String> keywords = node.has("keywords")
                ? strings(node, "keywords", index, id).stream().map(k -> k.toLowerCase(Locale.ROOT))
                        .filter(k -> !k.isEmpty()).toList()
                : parent != null ? parent.keywords() : List.of();
        List<String> tags = node.has("tags") ? strings(node, "tags", index, id)
                : parent != null ? parent.tags() : List.of();
        Severity severity = parent != null ? parent.severity() : Severity.HIGH;
        if (node.has("severity")) {
            String s = text(node, "severity", index, id);
            severity = Severity.parse(s);
            if (severity == null) {
                throw error(index, id, "severity", "rule '" + id + "': unknown severity '" + s
                        + "' (expected critical, high, medium, low or info)");
            }
        }
        List<Allowlist> allowlists = new ArrayList<>(parent != null ? parent.allowlists() : List.of());
        allowlists.addAll(allowlists(node, index, false));
        List<Example> examples = node.has("examples") ? examples(node, "examples", index, id)
                : parent != null ? parent.examples() : List.of();
        List<Example> negatives = node.has("negative_examples")
                ? examples(node, "negative_examples", index, id)
                : parent != null ? parent.negativeExamples() : List.of();
        int span = node.has("span") ? integer(node, "span", index, id)
                : regexSource == null && parent != null ? parent.span() : defaultSpan(regexSource, keywords);
        if (span < 0 || span > Rule.WIDE_SPAN) {
            throw error(index, id, "span", "rule '" + id + "': 'span' must be an integer from 0 to "
                    + Rule.WIDE_SPAN + " (lines around the keyword's line, or " + Rule.WIDE_SPAN
                    + " for a 16 KiB window)");
        }
        List<Validation> validate = parent != null ? parent.validate() : List.of();
        if (node.has("validate")) {
            List<Validation> checks = new ArrayList<>();
            for (String v : strings(node, "validate", index, id)) {
                Validation check = Validation.parse(v);
                if (check == null) {
                    throw error(index, id, "validate", "rule '" + id + "': unknown validator '" + v
                            + "' (expected one of " + Validation.names() + ")");
                }
                checks.add(check);
            }
            validate = checks;
        }
        String claimsSource = text(node, "claims", index, id);
        LazyPattern claims = claimsSource != null ? pattern(claimsSource, index, id, "claims")
                : parent != null ? parent.claims() : null;
        Specificity specificity = parent != null ? parent.specificity() : null;
        if (node.has("specificity")) {
            String s = text(node, "specificity", index, id);
            specificity = Specificity.parse(s);
            if (specificity == null) {
                throw error(index, id, "specificity", "rule '" + id + "': unknown specificity '" + s
                        + "' (expected format, context or generic)");
            }
        }
        List<String> givesWayTo = node.has("givesWayTo") ? strings(node, "givesWayTo", index, id)
                : parent != null ? parent.givesWayTo() : List.of();
        if (givesWayTo.contains(id)) {
            throw error(index, id, "givesWayTo", "rule '" + id + "': 'givesWayTo' names the rule itself");
        }
        List<Requirement> required = node.has("required") ? requirements(node, index, id)
                : parent != null ? parent.required() : List.of();
        boolean skipReport = parent != null && parent.skipReport();
        if (node.has("skipReport")) {
            if (!node.get("skipReport").isBoolean()) {
                throw error(index, id, "skipReport", "rule '" + id + "': 'skipReport' must be true or false");
            }
            skipReport = node.get("skipReport").booleanValue();
        }
        return new Rule(id, description == null ? id : description, regex, secretGroup, entropy,
                keywords, path, tags, severity, allowlists, examples, negatives, span, validate, claims,
                specificity, givesWayTo, required, skipReport, magic);
    }

    /** A rule's {@code [[rules.required]]} tables (gitleaks' composite rules). */
    private List<Requirement> requirements(JsonNode node, int index, String id) throws LeakgateException {
        JsonNode list = node.get("required");
        if (!list.isArray()) {
            throw error(index, id, "required", "rule '" + id + "': 'required' must be an array of tables"
                    + " ([[rules.required]] with id, withinLines, withinColumns)");
        }
        List<Requirement> out = new ArrayList<>();
        for (JsonNode r : list) {
            if (!r.isObject() || !r.path("id").isTextual() || r.get("id").asText().isBlank()) {
                throw error(index, id, "required", "rule '" + id + "': each [[rules.required]] needs an 'id'");
            }
            checkKeys(r, REQUIRED_KEYS, index, "rule '" + id + "' [[rules.required]]");
            int lines = -1;
            int columns = -1;
            for (String key : List.of("withinLines", "withinColumns")) {
                JsonNode v = r.get(key);
                if (v == null) {
                    continue;
                }
                if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                    throw error(index, id, key, "rule '" + id + "': '" + key
                            + "' must be an integer of 0 or more");
                }
                if (key.equals("withinLines")) {
                    lines = v.asInt();
                } else {
                    columns = v.asInt();
                }
            }
            out.add(new Requirement(r.get("id").asText(), lines, columns));
        }
        return out;
    }

        List<Allowlist> allowlists(JsonNode node, int ruleIndex, boolean global) throws LeakgateException {
        List<Allowlist> out = new ArrayList<>();
        JsonNode single = node.get("allowlist");
        if (single != null) {
            out.add(allowlist(single, ruleIndex, global, "allowlist"));
        }
        JsonNode many = node.get("allowlists");
        if (many != null) {
            if (!many.isArray()) {
                throw error(ruleIndex, null, "allowlists", "'allowlists' must be an array of tables");
            }
            for (JsonNode a : many) {
                out.add(allowlist(a, ruleIndex, global, "allowlists"));
            }
        }
        return out;
    }

    private Allowlist allowlist(JsonNode node, int ruleIndex, boolean global, String key)
            throws LeakgateException {
        String owner = ruleIndex < 0 ? "global " + key : "rule allowlist";
        if (!node.isObject()) {
            throw allowlistError(ruleIndex, key, owner + " must be a table");
        }
        checkAllowlistKeys(node, ruleIndex, owner);
        for (String field : List.of("description", "condition", "regexTarget")) {
            JsonNode v = node.get(field);
            if (v != null && !v.isTextual()) {
                throw allowlistError(ruleIndex, field, owner + ": '" + field + "' must be a string");
            }
        }
        if (!global && node.has("targetRules")) {
            throw allowlistError(ruleIndex, "targetRules", "'targetRules' only applies to global allowlists");
        }
        String condition = node.path("condition").asText("OR").toUpperCase(Locale.ROOT);
        if (!condition.equals("OR") && !condition.equals("AND")) {
            throw allowlistError(ruleIndex, "condition", owner + ": condition must be \"OR\" or \"AND\"");
        }
        String target = node.path("regexTarget").asText("secret").toUpperCase(Locale.ROOT);
        Allowlist.RegexTarget regexTarget;
        try {
            regexTarget = Allowlist.RegexTarget.valueOf(target);
        } catch (IllegalArgumentException e) {
            throw allowlistError(ruleIndex, "regexTarget",
                    owner + ": regexTarget must be \"secret\", \"match\" or \"line\"");
        }
        List<LazyPattern> regexes = new ArrayList<>();
        for (String r : strings(node, "regexes", ruleIndex, null)) {
            regexes.add(allowlistPattern(r, ruleIndex, "regexes"));
        }
        List<LazyPattern> paths = new ArrayList<>();
        for (String p : strings(node, "paths", ruleIndex, null)) {
            paths.add(allowlistPattern(p, ruleIndex, "paths"));
        }
        List<String> commits = strings(node, "commits", ruleIndex, null);
        return new Allowlist(node.path("description").asText(""),
                Allowlist.Condition.valueOf(condition), regexTarget, regexes, paths,
                strings(node, "stopwords", ruleIndex, null), new HashSet<>(commits),
                new HashSet<>(strings(node, "targetRules", ruleIndex, null)));
    }

    private void checkAllowlistKeys(JsonNode node, int ruleIndex, String owner) throws LeakgateException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!ALLOWLIST_KEYS.contains(key)) {
                throw allowlistError(ruleIndex, key, owner + ": unknown field '" + key + "'");
            }
        }
    }

    /** A pattern checked now, so a config's bad regex is reported at load time. */
    private LazyPattern allowlistPattern(String source, int ruleIndex, String key) throws LeakgateException {
        try {
            LazyPattern p = new LazyPattern(source);
            p.compileNow();
            return p;
        } catch (RegexSyntaxException e) {
            throw allowlistError(ruleIndex, key, "allowlist '" + key + "' entry is not a valid RE2 regex: "
                    + e.getMessage());
        } catch (RegexTooLargeException e) {
            throw allowlistError(ruleIndex, key, "allowlist '" + key + "' entry: " + e.getMessage());
        }
    }

    private LeakgateException allowlistError(int ruleIndex, String key, String message) {
        return new LeakgateException(where(name, locator.keyLine(ruleIndex, key, true)) + message);
    }

    void checkKeys(JsonNode node, Set<String> allowed, int ruleIndex, String what)
            throws LeakgateException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!allowed.contains(key)) {
                throw error(ruleIndex, null, key, what + ": unknown field '" + key + "'");
            }
        }
    }

    private LazyPattern pattern(String source, int index, String id, String key) throws LeakgateException {
        LazyPattern p = new LazyPattern(source);
        if (compileNow) {
            try {
                p.compileNow();
            } catch (RegexSyntaxException e) {
                throw error(index, id, key, (id == null ? "" : "rule '" + id + "': ")
                        + "'" + key + "' is not a valid RE2 regex: " + e.getMessage());
            } catch (RegexTooLargeException e) {
                throw error(index, id, key, prefix(id) + (key.equals("regex") ? "" : "'" + key + "' ")
                        + e.getMessage());
            }
        }
        return p;
    }

    private List<Example> examples(JsonNode node, String key, int index, String id)
            throws LeakgateException {
        JsonNode list = node.get(key);
        if (!list.isArray()) {
            throw error(index, id, key, "rule '" + id + "': '" + key + "' must be an array");
        }
        List<Example> out = new ArrayList<>();
        for (JsonNode e : list) {
            if (e.isTextual()) {
                out.add(new Example(Example.DEFAULT_PATH, e.asText()));
            } else if (e.isObject() && e.path("text").isTextual() && !e.has("hex")
                    && (!e.has("path") || e.get("path").isTextual())) {
                out.add(new Example(e.path("path").asText(Example.DEFAULT_PATH), e.get("text").asText()));
            } else if (e.isObject() && e.path("hex").isTextual() && !e.has("text")
                    && e.get("hex").asText().matches("(?:[0-9A-Fa-f]{2})*")
                    && (!e.has("path") || e.get("path").isTextual())) {
                out.add(new Example(e.path("path").asText(Example.DEFAULT_PATH), e.get("hex").asText(), true));
            } else {
                throw error(index, id, key, "rule '" + id + "': each entry of '" + key
                        + "' must be a string or a table { path = \"…\", text = \"…\" } (or hex = \"…\","
                        + " the content as hex digits)");
            }
        }
        return out;
    }

    String text(JsonNode node, String key, int index, String id) throws LeakgateException {
        JsonNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isValueNode() || v.isNumber() || v.isBoolean()) {
            throw error(index, id, key, prefix(id) + "'" + key + "' must be a string");
        }
        return v.asText();
    }

    private int integer(JsonNode node, String key, int index, String id) throws LeakgateException {
        JsonNode v = node.get(key);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw error(index, id, key, prefix(id) + "'" + key + "' must be an integer");
        }
        return v.asInt();
    }

    private double number(JsonNode node, String key, int index, String id) throws LeakgateException {
        JsonNode v = node.get(key);
        if (!v.isNumber()) {
            throw error(index, id, key, prefix(id) + "'" + key + "' must be a number");
        }
        return v.asDouble();
    }

    private List<String> strings(JsonNode node, String key, int index, String id) throws LeakgateException {
        JsonNode v = node.get(key);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(index, id, key, prefix(id) + "'" + key + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw error(index, id, key, prefix(id) + "'" + key + "' must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static String prefix(String id) {
        return id == null ? "" : "rule '" + id + "': ";
    }

    private LeakgateException error(int ruleIndex, String id, String key, String message) {
        int line;
        if (ruleIndex < 0) {
            line = key == null ? 0 : locator.topLevelKeyLine(key);
        } else {
            line = key == null ? locator.ruleLine(ruleIndex) : locator.keyLine(ruleIndex, key);
        }
        return new LeakgateException(where(name, line) + message);
    }

    /**
     * The span of a rule that sets none: read from its regex (see {@link WindowSpan}), a regex
     * that may reach any distance getting the widest window.
     */
    private static int defaultSpan(String regex, List<String> keywords) {
        int span = WindowSpan.of(regex, keywords);
        return span == WindowSpan.WIDE ? Rule.WIDE_SPAN : span;
    }

    /** "name:line: ", or "name: " when the line is not known. */
    static String where(String name, int line) {
        return line > 0 ? name + ":" + line + ": " : name + ": ";
    }
}
