package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses the rules for a run: {@code --config}, then {@code LEAKGATE_CONFIG}, then
 * {@code .leakgate.toml} or {@code .gitleaks.toml} in the scanned root, then the bundled pack.
 */
final class ConfigDiscovery {
    private final ConfigLoader loader;
    private final Terminal terminal;

    ConfigDiscovery(ConfigLoader loader, Terminal terminal) {
        this.loader = loader;
        this.terminal = terminal;
    }

    /**
     * @param explicit the {@code --config} option, or null
     * @param root     the directory being scanned (resolved), or null when there is none (stdin)
     */
    RuleSet resolve(Path explicit, Path root) throws LeakgateException {
        Path file = file(explicit, root);
        return file != null ? loader.load(file) : loader.loadDefault();
    }

    /** The rules file {@link #resolve} loads, or null for the bundled pack. */
    Path file(Path explicit, Path root) {
        if (explicit != null) {
            return terminal.resolve(explicit);
        }
        String fromEnv = terminal.env().get("LEAKGATE_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return terminal.resolve(Path.of(fromEnv));
        }
        if (root != null && Files.isDirectory(root)) {
            for (String name : new String[] {".leakgate.toml", ".gitleaks.toml"}) {
                Path candidate = root.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
