package io.leakgate.rules;

import static io.leakgate.rules.RuleReader.where;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.leakgate.LeakgateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one TOML config into rules: the top-level keys, {@code [extend]} (the bundled pack, another
 * file, disabled rules), global allowlists, canary accounts, and the checks across rules.
 */
final class TomlConfig {
    private static final Set<String> TOP_KEYS =
            Set.of("title", "description", "minVersion", "extend", "rules", "allowlist", "allowlists",
                    "canaryAwsAccounts");
    private static final Set<String> EXTEND_KEYS = Set.of("useDefault", "path", "disabledRules");
    private static final int MAX_EXTEND_DEPTH = 4;

    /** Where {@code [extend]} takes the packs it builds on from. */
    interface Includes {
        RuleSet bundled() throws LeakgateException;

        RuleSet file(Path path, int depth) throws LeakgateException;
    }

    record Parsed(List<Rule> rules, List<Allowlist> allowlists, Set<String> canaries) {
    }

    private final Includes includes;
    /** Made on first use: reading the packed bundled pack needs no TOML parser at all. */
    private TomlMapper mapper;

    TomlConfig(Includes includes) {
        this.includes = includes;
    }

    private TomlMapper mapper() {
        if (mapper == null) {
            mapper = new TomlMapper();
        }
        return mapper;
    }

    Parsed parse(String name, String text, boolean strict, int depth, Path dir)
            throws LeakgateException {
        JsonNode root;
        try {
            root = mapper().readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new LeakgateException(where(name, line) + "not valid TOML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new LeakgateException(name + ": not a TOML document");
        }
        TomlLocator locator = new TomlLocator(text);
        RuleReader reader = new RuleReader(name, locator, strict);
        reader.checkKeys(root, TOP_KEYS, -1, "config");
        for (String key : List.of("title", "description", "minVersion")) {
            reader.text(root, key, -1, null);
        }

        Map<String, Rule> base = new LinkedHashMap<>();
        List<Allowlist> allowlists = new ArrayList<>();
        Set<String> canaries = new HashSet<>();
        Set<String> disabled = new HashSet<>();
        JsonNode extend = root.get("extend");
        if (extend != null) {
            if (!extend.isObject()) {
                throw new LeakgateException(where(name, locator.topLevelKeyLine("extend")) + "[extend] must be a table");
            }
            reader.checkKeys(extend, EXTEND_KEYS, -1, "[extend]");
            JsonNode useDefault = extend.get("useDefault");
            if (useDefault != null && !useDefault.isBoolean()) {
                throw new LeakgateException(where(name, locator.topLevelKeyLine("useDefault"))
                        + "[extend] 'useDefault' must be true or false");
            }
            if (useDefault != null && useDefault.booleanValue()) {
                RuleSet defaults = includes.bundled();
                defaults.rules().forEach(r -> base.put(r.id(), r));
                allowlists.addAll(defaults.allowlists());
            }
            if (extend.has("path") && !extend.get("path").isTextual()) {
                throw new LeakgateException(where(name, locator.topLevelKeyLine("path"))
                        + "[extend] 'path' must be a string");
            }
            if (extend.hasNonNull("path")) {
                if (depth >= MAX_EXTEND_DEPTH) {
                    throw new LeakgateException(where(name, locator.topLevelKeyLine("path"))
                            + "[extend] nests deeper than " + MAX_EXTEND_DEPTH + " files");
                }
                Path other = Path.of(extend.get("path").asText());
                if (!other.isAbsolute() && dir != null) {
                    other = dir.resolve(other);
                }
                RuleSet extended = includes.file(other, depth + 1);
                extended.rules().forEach(r -> base.put(r.id(), r));
                allowlists.addAll(extended.allowlists());
                canaries.addAll(extended.canaryAwsAccounts());
            }
            JsonNode off = extend.path("disabledRules");
            if (!off.isMissingNode() && !off.isArray()) {
                throw new LeakgateException(where(name, locator.topLevelKeyLine("disabledRules"))
                        + "[extend] 'disabledRules' must be an array of strings");
            }
            for (JsonNode id : off) {
                if (!id.isTextual()) {
                    throw new LeakgateException(where(name, locator.topLevelKeyLine("disabledRules"))
                            + "[extend] 'disabledRules' must be an array of strings");
                }
                disabled.add(id.asText());
            }
        }

        allowlists.addAll(reader.allowlists(root, -1, true));
        JsonNode accounts = root.get("canaryAwsAccounts");
        if (accounts != null) {
            int line = locator.topLevelKeyLine("canaryAwsAccounts");
            if (!accounts.isArray()) {
                throw new LeakgateException(where(name, line) + "'canaryAwsAccounts' must be an array of strings");
            }
            for (JsonNode a : accounts) {
                if (!a.isTextual() || !CanaryAccounts.isAccountId(a.asText())) {
                    throw new LeakgateException(where(name, line) + "'canaryAwsAccounts' entries must be "
                            + "12-digit AWS account ids in quotes, got " + a);
                }
                canaries.add(a.asText());
            }
        }

        Map<String, Rule> rules = new LinkedHashMap<>(base);
        JsonNode ruleNodes = root.path("rules");
        if (!ruleNodes.isMissingNode() && !ruleNodes.isArray()) {
            throw new LeakgateException(where(name, locator.topLevelKeyLine("rules"))
                    + "'rules' must be an array of tables ([[rules]])");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ruleNodes.size(); i++) {
            Rule rule = reader.rule(ruleNodes.get(i), i, base);
            if (!seen.add(rule.id())) {
                throw new LeakgateException(where(name, locator.ruleLine(i))
                        + "rule '" + rule.id() + "' is defined twice");
            }
            rules.put(rule.id(), rule);
        }
        disabled.forEach(rules::remove);
        if (strict) {
            checkRequirements(rules, name, locator, ruleNodes);
        }
        if (rules.isEmpty() && strict && depth == 0) {
            // a scan with no rules finds nothing and says "no secrets found": never what was meant
            int line = extend != null && extend.has("disabledRules") ? locator.topLevelKeyLine("disabledRules")
                    : extend != null && extend.has("useDefault") ? locator.topLevelKeyLine("useDefault") : 0;
            throw new LeakgateException(where(name, line) + "defines no rules (add [[rules]], or"
                    + " [extend] useDefault = true for the bundled pack)");
        }
        return new Parsed(new ArrayList<>(rules.values()), allowlists, canaries);
    }

    /** Every rule a rule requires must exist: a missing one would silence the requiring rule for good. */
    static void checkRequirements(Map<String, Rule> rules, String name, TomlLocator locator, JsonNode nodes)
            throws LeakgateException {
        for (Rule r : rules.values()) {
            for (Requirement q : r.required()) {
                if (!rules.containsKey(q.ruleId())) {
                    int line = 0;
                    for (int i = 0; i < nodes.size(); i++) {
                        if (r.id().equals(nodes.get(i).path("id").asText())) {
                            line = locator.keyLine(i, "required");
                        }
                    }
                    throw new LeakgateException(where(name, line) + "rule '" + r.id() + "' requires rule '"
                            + q.ruleId() + "', which is not defined" + (line == 0 ? " (or is disabled)" : ""));
                }
            }
        }
    }

    static void checkUniqueIds(List<Rule> rules, String origin) throws LeakgateException {
        Set<String> ids = new HashSet<>();
        for (Rule r : rules) {
            if (!ids.add(r.id())) {
                throw new LeakgateException(origin + ": rule '" + r.id() + "' is defined twice");
            }
        }
    }
}
