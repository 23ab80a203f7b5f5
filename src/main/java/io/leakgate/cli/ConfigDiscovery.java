package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Chooses the rules for a run: {@code --config}, then {@code LEAKGATE_CONFIG}, then
 * {@code .leakgate.toml} or {@code .gitleaks.toml} in the scanned root, then the bundled pack.
 */
final class ConfigDiscovery {
    private final ConfigLoader loader;
    private final Map<String, String> env;

    ConfigDiscovery(ConfigLoader loader, Map<String, String> env) {
        this.loader = loader;
        this.env = env;
    }

    /**
     * @param explicit the {@code --config} option, or null
     * @param root     the directory being scanned, or null when there is none (stdin)
     */
    RuleSet resolve(Path explicit, Path root) throws LeakgateException {
        if (explicit != null) {
            return loader.load(explicit);
        }
        String fromEnv = env.get("LEAKGATE_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return loader.load(Path.of(fromEnv));
        }
        if (root != null && Files.isDirectory(root)) {
            for (String name : new String[] {".leakgate.toml", ".gitleaks.toml"}) {
                Path candidate = root.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return loader.load(candidate);
                }
            }
        }
        return loader.loadDefault();
    }
}
