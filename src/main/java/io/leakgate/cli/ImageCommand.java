package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.ScanResult;
import io.leakgate.policy.FindingFilter;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import io.leakgate.source.ContentScan;
import io.leakgate.source.TargetScanner;
import io.leakgate.source.image.ImageLimits;
import io.leakgate.source.image.ImageSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakgate image}: a container image saved as a tar archive. */
@Command(name = "image",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {
            "Scans a container image saved as a tar archive ('docker save', also gzip-compressed, or an "
                    + "OCI image layout) without a container engine.",
            "Every layer is read in order, including files that a later layer deletes (a deleted file "
                    + "is still in the image for anyone who pulls it), and the image config: Env, Labels "
                    + "and the build history, which records ENV, ARG and RUN lines. Archives inside "
                    + "layers (.tar, .tar.gz, .zip, .jar) are opened too.",
            "Findings are reported as <layer-id>:/path/in/layer, <image-id>:config/Env or "
                    + "<image-id>:config/history[N] (the config's history entry N, from 0), with the "
                    + "image, the layer digest and the build step that created it, secrets in it masked.",
            "",
            "Rules come from --config, else $LEAKGATE_CONFIG, else the bundled default pack.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no secrets found",
            "1:secrets found",
            "2:usage, configuration or runtime error (unreadable or invalid archive)"
        })
final class ImageCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Parameters(paramLabel = "ARCHIVE", description = "The image archive, e.g. from 'docker save -o app.tar app:1.0', "
            + "or '-' to read it from standard input ('docker save app:1.0 | leakgate image -').")
    String archive;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Rules to use (leakgate or gitleaks TOML).")
    Path config;

    @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "25MiB", converter = ByteSize.class,
            description = "Skip (and report) files in layers larger than this. Default: ${DEFAULT-VALUE}.")
    long maxFileSize;

    @Option(names = "--max-unpacked-size", paramLabel = "SIZE", defaultValue = "16GiB", converter = ByteSize.class,
            description = "Stop reading layers after this many decompressed bytes. Default: ${DEFAULT-VALUE}.")
    long maxUnpacked;

    @Option(names = {"-j", "--threads"}, paramLabel = "N",
            description = "Scanning threads. Default: the number of processors.")
    Integer threads;

    @Mixin
    UnwrapOptions unwrap;

    @Mixin
    PolicyOptions policy;

    @Mixin
    OutputOptions output;

    ImageCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws LeakgateException {
        ContentScan.Options options = unwrap.options(maxFileSize, true);
        FindingFilter accepted = policy.load(null, terminal);
        RuleSet rules = new ConfigDiscovery(new ConfigLoader(), terminal).resolve(config, null);
        if (output.verbose) {
            terminal.err().println("leakgate: " + rules.rules().size() + " rules from " + rules.origin());
        }
        int n = ThreadCount.resolve(threads);
        RuleIndex index = new RuleIndex(rules);
        TargetScanner scanner = new TargetScanner(index, n, maxFileSize, options);
        ImageLimits limits = new ImageLimits(maxFileSize, maxUnpacked, unwrap.maxRatio, unwrap.archiveDepth);
        ScanResult result;
        try (ImageSource image = archive.equals("-") ? ImageSource.read(terminal.in(), "-", limits)
                : ImageSource.open(terminal.resolve(Path.of(archive)), limits)) {
            result = image.annotate(scanner.scan(image::produce), index);
        } catch (IOException e) {
            throw new LeakgateException(archive + ": " + e.getMessage(), e);
        }
        return output.emit(result, accepted, terminal);
    }
}
