package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which findings count as new: {@code --baseline}, {@code --ignore-file}, and the ignore files
 * found in the scanned root. Add it to a command with one {@code @Mixin} line.
 */
final class PolicyOptions {
    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Report only findings that are not in this baseline (made by 'leakgate baseline create'). "
                    + "With --verbose, baseline entries no longer found are listed.")
    Path baseline;

    @Option(names = "--ignore-file", paramLabel = "FILE",
            description = "Also honour this ignore file (fingerprints, or gitleaks ignore lines). "
                    + ".leakgateignore and .gitleaksignore in the scanned directory are always honoured.")
    List<Path> ignoreFiles = new ArrayList<>();

    /** @param root the scanned directory whose ignore files apply, or null for none */
    Policy load(Path root) throws LeakgateException {
        return Policy.load(baseline, ignoreFiles, root);
    }
}
