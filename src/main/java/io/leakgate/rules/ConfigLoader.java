package io.leakgate.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.google.re2j.PatternSyntaxException;
import io.leakgate.LeakgateException;
import io.leakgate.finding.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads rule packs: leakgate's TOML format, which is gitleaks' config format plus
 * {@code severity}, {@code examples}, {@code negative_examples}, {@code span}, {@code validate},
 * {@code claims}, {@code specificity} and {@code givesWayTo} on rules and a top-level {@code canaryAwsAccounts}. Every error names the file, the line and
 * the rule.
 */
public final class ConfigLoader {
    /** Where the bundled default pack lives on the class path. */
    static final String BUNDLED_DIR = "rules";

    private static final Set<String> TOP_KEYS =
            Set.of("title", "description", "minVersion", "extend", "rules", "allowlist", "allowlists",
                    "canaryAwsAccounts");
    private static final Set<String> EXTEND_KEYS = Set.of("useDefault", "path", "disabledRules");
    private static final Set<String> RULE_KEYS = Set.of("id", "description", "regex", "secretGroup",
            "entropy", "keywords", "path", "magic", "tags", "severity", "allowlist", "allowlists", "examples",
            "negative_examples", "span", "validate", "claims", "specificity", "givesWayTo", "required",
            "skipReport");
    private static final Set<String> REQUIRED_KEYS = Set.of("id", "withinLines", "withinColumns");
    private static final Set<String> ALLOWLIST_KEYS = Set.of("description", "condition",
            "regexTarget", "regexes", "paths", "stopwords", "commits", "targetRules");
    private static final int MAX_EXTEND_DEPTH = 4;

    /** Made on first use: reading the packed bundled pack needs no TOML parser at all. */
    private TomlMapper mapper;
    private final boolean withExamples;

    public ConfigLoader() {
        this(true);
    }

    private ConfigLoader(boolean withExamples) {
        this.withExamples = withExamples;
    }

    /**
     * A loader for scanning only: the bundled pack comes without its rules' examples (a hook
     * loads rules on every push, and the examples are most of the pack). Not for checking rules.
     */
    public static ConfigLoader forScanning() {
        return new ConfigLoader(false);
    }

    /**
     * Loads the pack bundled into leakgate itself: its packed form, made by the build from
     * {@code rules/*.toml}, or the TOML files themselves when the packed form is absent.
     */
    public RuleSet loadDefault() throws LeakgateException {
        try (InputStream packed = ConfigLoader.class.getClassLoader().getResourceAsStream(PackedRules.RESOURCE)) {
            if (packed != null) {
                return PackedRules.read(packed, "bundled default pack", withExamples);
            }
        } catch (IOException e) {
            throw new LeakgateException("cannot read the bundled rule pack: " + e.getMessage(), e);
        }
        return loadDefaultToml();
    }

    /** Loads the bundled pack from its TOML files, the source of the packed form. */
    public RuleSet loadDefaultToml() throws LeakgateException {
        List<Rule> rules = new ArrayList<>();
        List<Allowlist> allowlists = new ArrayList<>();
        for (Map.Entry<String, String> file : bundledFiles().entrySet()) {
            Parsed parsed = parse(file.getKey(), file.getValue(), false, 0);
            rules.addAll(parsed.rules);
            allowlists.addAll(parsed.allowlists);
        }
        checkUniqueIds(rules, "bundled default pack");
        Map<String, Rule> byId = new LinkedHashMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        checkRequirements(byId, "bundled default pack", null, mapper().createArrayNode());
        return new RuleSet(rules, allowlists, "bundled default pack", CanaryAccounts.bundled());
    }

    /** Loads a user's config file, compiling every regex now so mistakes surface before a scan. */
    public RuleSet load(Path file) throws LeakgateException {
        return load(file, 0);
    }

    /** Loads config text that did not come from a file (tests, stdin). */
    public RuleSet loadText(String name, String text) throws LeakgateException {
        Parsed parsed = parse(name, text, true, 0, null);
        return new RuleSet(parsed.rules, parsed.allowlists, name, withBundled(parsed.canaries));
    }

    private RuleSet load(Path file, int depth) throws LeakgateException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LeakgateException(file + ": config file not found");
        } catch (IOException e) {
            throw new LeakgateException(file + ": cannot read config: " + e.getMessage());
        }
        Parsed parsed = parse(file.toString(), text, true, depth, file.toAbsolutePath().getParent());
        return new RuleSet(parsed.rules, parsed.allowlists, file.toString(), withBundled(parsed.canaries));
    }

    private static Set<String> withBundled(Set<String> more) {
        Set<String> all = new HashSet<>(CanaryAccounts.bundled());
        all.addAll(more);
        return all;
    }

    private TomlMapper mapper() {
        if (mapper == null) {
            mapper = new TomlMapper();
        }
        return mapper;
    }

    private Parsed parse(String name, String text, boolean strict, int depth) throws LeakgateException {
        return parse(name, text, strict, depth, null);
    }

    private Parsed parse(String name, String text, boolean strict, int depth, Path dir)
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
        Reader reader = new Reader(name, locator, strict);
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
                RuleSet defaults = loadDefault();
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
                RuleSet extended = load(other, depth + 1);
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
    private static void checkRequirements(Map<String, Rule> rules, String name, TomlLocator locator, JsonNode nodes)
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

    private static void checkUniqueIds(List<Rule> rules, String origin) throws LeakgateException {
        Set<String> ids = new HashSet<>();
        for (Rule r : rules) {
            if (!ids.add(r.id())) {
                throw new LeakgateException(origin + ": rule '" + r.id() + "' is defined twice");
            }
        }
    }

    static String where(String name, int line) {
        return line > 0 ? name + ":" + line + ": " : name + ": ";
    }

    /** Reads the bundled pack's files, sorted by name, from the jar or the class directory. */
    private static Map<String, String> bundledFiles() throws LeakgateException {
        URL marker = ConfigLoader.class.getClassLoader().getResource(BUNDLED_DIR + "/README.md");
        if (marker == null) {
            throw new LeakgateException("the bundled rule pack is missing from this build");
        }
        Map<String, String> files = new LinkedHashMap<>();
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Collections.emptyMap())) {
                    readTomlFiles(fs.getPath("/" + BUNDLED_DIR), files);
                }
            } else {
                readTomlFiles(Path.of(uri).getParent(), files);
            }
        } catch (IOException | URISyntaxException e) {
            throw new LeakgateException("cannot read the bundled rule pack: " + e.getMessage(), e);
        }
        return files;
    }

    private static void readTomlFiles(Path dir, Map<String, String> into) throws IOException {
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.filter(p -> p.getFileName().toString().endsWith(".toml")).sorted().toList();
        }
        for (Path p : paths) {
            into.put(BUNDLED_DIR + "/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8));
        }
    }

    private record Parsed(List<Rule> rules, List<Allowlist> allowlists, Set<String> canaries) {
    }

    /** Turns the parsed tree of one file into rules, with errors placed by {@link TomlLocator}. */
    private static final class Reader {
        private final String name;
        private final TomlLocator locator;
        private final boolean compileNow;

        Reader(String name, TomlLocator locator, boolean compileNow) {
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

        /**
         * How many lines around a keyword hit the regex runs over. A regex that can cross lines,
         * or whose keywords are context rather than part of the secret, needs a wider window.
         * Negated classes such as {@code [^\\r\\n]} keep a match on its line, so they do not
         * count; a rule that knows better sets {@code span} itself.
         */
        static int defaultSpan(String regex, List<String> keywords) {
            if (regex == null) {
                return 0;
            }
            String open = withoutNegatedClasses(regex);
            boolean dotAll = open.contains("(?s") && hasBareDot(open);
            if (open.contains("\\s\\S") || open.contains("\\S\\s") || dotAll) {
                return Rule.WIDE_SPAN;
            }
            int span = 0;
            if (open.contains("\\n") || open.contains("\\r") || negatedClassMatchesNewline(regex)) {
                span = 6;
            } else if (open.contains("\\s")) {
                span = 1;
            }
            String literal = letters(withoutClassesAndEscapes(regex));
            if (keywords.stream().anyMatch(k -> !literal.contains(letters(k)))) {
                span = Math.max(span, 2);
            }
            return span;
        }

        /**
         * The regex's literal skeleton: classes and escapes dropped, so {@code SET[ \\t]+PASSWORD}
         * reads "SET+PASSWORD" and then, through {@link #letters}, "setpassword".
         */
        private static String withoutClassesAndEscapes(String regex) {
            StringBuilder out = new StringBuilder(regex.length());
            int i = 0;
            while (i < regex.length()) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i += 2;
                } else if (c == '[') {
                    i = classEnd(regex, i);
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }

        private static String letters(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
                if (Character.isLetterOrDigit(c)) {
                    out.append(c);
                }
            }
            return out.toString();
        }

        /** Whether some {@code [^...]} class leaves newlines in, like {@code [^\\]]}: it crosses lines. */
        private static boolean negatedClassMatchesNewline(String regex) {
            int i = 0;
            while (i < regex.length()) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i += 2;
                } else if (c == '[' && regex.startsWith("[^", i)) {
                    int end = classEnd(regex, i);
                    String body = regex.substring(i, end);
                    if (!body.contains("\\n") && !body.contains("\\s") && !body.contains("[:space:]")) {
                        return true;
                    }
                    i = end;
                } else {
                    i++;
                }
            }
            return false;
        }

        /** The regex text with every {@code [^...]} class removed (escapes inside respected). */
        private static String withoutNegatedClasses(String regex) {
            StringBuilder out = new StringBuilder(regex.length());
            int i = 0;
            while (i < regex.length()) {
                char c = regex.charAt(i);
                if (c == '\\' && i + 1 < regex.length()) {
                    out.append(c).append(regex.charAt(i + 1));
                    i += 2;
                } else if (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i = classEnd(regex, i);
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }

        /** Index just past the class that opens at {@code start} ({@code [} or {@code [^}). */
        private static int classEnd(String regex, int start) {
            int i = regex.startsWith("[^", start) ? start + 2 : start + 1;
            if (i < regex.length() && regex.charAt(i) == ']') {
                i++;
            }
            while (i < regex.length()) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i += 2;
                } else if (c == '[' && regex.startsWith("[:", i)) {
                    int close = regex.indexOf(":]", i + 2);
                    i = close < 0 ? i + 1 : close + 2;
                } else if (c == ']') {
                    return i + 1;
                } else {
                    i++;
                }
            }
            return regex.length();
        }

        /** Whether the text has a {@code .} outside character classes and not escaped. */
        private static boolean hasBareDot(String regex) {
            boolean inClass = false;
            for (int i = 0; i < regex.length(); i++) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (c == '.' && !inClass) {
                    return true;
                }
            }
            return false;
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
            } catch (PatternSyntaxException e) {
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
                } catch (PatternSyntaxException e) {
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
    }
}
