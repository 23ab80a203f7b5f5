package io.leakgate.rules;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.leakgate.LeakgateException;
import io.leakgate.finding.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rule packs: leakgate's TOML format, which is gitleaks' config format plus
 * {@code severity}, {@code examples}, {@code negative_examples}, {@code span}, {@code validate},
 * {@code claims}, {@code specificity} and {@code givesWayTo} on rules and a top-level {@code canaryAwsAccounts}. Every error names the file, the line and
 * the rule.
 */
public final class ConfigLoader {
    private final boolean withExamples;
    private final TomlConfig toml = new TomlConfig(new TomlConfig.Includes() {
        @Override
        public RuleSet bundled() throws LeakgateException {
            return loadDefault();
        }

        @Override
        public RuleSet file(Path path, int depth) throws LeakgateException {
            return load(path, depth);
        }
    });

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
        RuleSet packed = BundledPack.packed(withExamples);
        return packed != null ? packed : loadDefaultToml();
    }

    /** Loads the bundled pack from its TOML files, the source of the packed form. */
    public RuleSet loadDefaultToml() throws LeakgateException {
        List<Rule> rules = new ArrayList<>();
        List<Allowlist> allowlists = new ArrayList<>();
        for (Map.Entry<String, String> file : BundledPack.tomlFiles().entrySet()) {
            TomlConfig.Parsed parsed = toml.parse(file.getKey(), file.getValue(), false, 0, null);
            rules.addAll(parsed.rules());
            allowlists.addAll(parsed.allowlists());
        }
        TomlConfig.checkUniqueIds(rules, "bundled default pack");
        Map<String, Rule> byId = new LinkedHashMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        TomlConfig.checkRequirements(byId, "bundled default pack", null, MissingNode.getInstance());
        return new RuleSet(rules, allowlists, "bundled default pack", CanaryAccounts.bundled());
    }

    /** Loads a user's config file, compiling every regex now so mistakes surface before a scan. */
    public RuleSet load(Path file) throws LeakgateException {
        return load(file, 0);
    }

    /** Loads config text that did not come from a file (tests, stdin). */
    public RuleSet loadText(String name, String text) throws LeakgateException {
        TomlConfig.Parsed parsed = toml.parse(name, text, true, 0, null);
        return new RuleSet(parsed.rules(), parsed.allowlists(), name, withBundled(parsed.canaries()));
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
        TomlConfig.Parsed parsed = toml.parse(file.toString(), text, true, depth, file.toAbsolutePath().getParent());
        return new RuleSet(parsed.rules(), parsed.allowlists(), file.toString(), withBundled(parsed.canaries()));
    }

    private static Set<String> withBundled(Set<String> more) {
        Set<String> all = new HashSet<>(CanaryAccounts.bundled());
        all.addAll(more);
        return all;
    }
}
