package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.policy.Baseline;
import io.leakgate.policy.FindingFilter;
import io.leakgate.policy.GitleaksReport;
import io.leakgate.policy.IgnoreFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which findings count as new: {@code --baseline}, {@code --ignore-file}, and the ignore files
 * found in the scanned root. Add it to a command with one {@code @Mixin} line.
 */
final class PolicyOptions {
    @Option(names = {"-b", "--baseline", "--baseline-path"}, paramLabel = "FILE",
            description = "Report only findings that are not in this baseline: one made by 'leakgate baseline create', "
                    + "a leakgate JSON report, or a gitleaks JSON report (matched by file, rule and line, as "
                    + ".gitleaksignore lines are). With --verbose, baseline entries no longer found are listed.")
    Path baseline;

    @Option(names = "--ignore-file", paramLabel = "FILE",
            description = "Also honour this ignore file (fingerprints, or gitleaks ignore lines). "
                    + ".leakgateignore and .gitleaksignore in the scanned directory are always honoured.")
    List<Path> ignoreFiles = new ArrayList<>();

    @Option(names = {"-i", "--gitleaks-ignore-path"}, paramLabel = "PATH",
            description = "gitleaks' spelling: a .gitleaksignore file, or a directory holding one, to honour too.")
    Path gitleaksIgnore;

    /**
     * @param root     the scanned directory (resolved) whose ignore files apply, or null for none
     * @param terminal where relative option paths are taken from
     */
    FindingFilter load(Path root, Terminal terminal) throws LeakgateException {
        List<Path> files = new ArrayList<>();
        ignoreFiles.forEach(f -> files.add(terminal.resolve(f)));
        if (gitleaksIgnore != null) {
            Path given = terminal.resolve(gitleaksIgnore);
            Path file = Files.isDirectory(given) ? given.resolve(".gitleaksignore") : given;
            if (Files.isRegularFile(file)) {
                files.add(file);
            } else if (!Files.isDirectory(given)) {
                throw new LeakgateException(gitleaksIgnore + ": ignore file not found");
            }
        }
        if (baseline == null) {
            return FindingFilter.load(null, files, root);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(terminal.resolve(baseline));
        } catch (NoSuchFileException e) {
            return FindingFilter.load(terminal.resolve(baseline), files, root); // says what to do about a missing baseline
        } catch (IOException e) {
            throw new LeakgateException(baseline + ": cannot read baseline: " + e.getMessage(), e);
        }
        FindingFilter found = FindingFilter.load(null, files, root);
        if (GitleaksReport.looksLike(bytes)) {
            List<IgnoreFile> all = new ArrayList<>(found.ignoreFiles());
            all.add(GitleaksReport.parse(baseline.toString(), bytes));
            return new FindingFilter(null, all);
        }
        return new FindingFilter(Baseline.parse(baseline.toString(), bytes), found.ignoreFiles());
    }
}
