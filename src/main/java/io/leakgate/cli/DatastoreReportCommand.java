package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Severity;
import io.leakgate.fleet.StoredFindings;
import io.leakgate.fleet.TriageStatus;
import io.leakgate.report.Redactor;
import io.leakgate.report.ReportFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leakgate report}: the findings a datastore holds, in any report format, filtered. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {
            "Writes the findings of a datastore filled by 'leakgate repos' (each repository's latest scan) in "
                    + "any report format. Each finding carries its repository, triage status and first-seen time "
                    + "(in JSON as the attributes repository, status and first-seen). Fingerprints are the "
                    + "datastore's own (ds1-…), the ones 'leakgate triage' takes.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the report was written (whatever it lists)",
            "2:usage or datastore error"
        })
final class DatastoreReportCommand implements Callable<Integer> {
    private final Terminal terminal;

    DatastoreReportCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    DatastoreOption datastore = new DatastoreOption();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, sarif, csv or junit. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--repo", paramLabel = "R", description = "Only this repository (its path or URL as listed).")
    String repo;

    @Option(names = "--rule", paramLabel = "ID", description = "Only findings of this rule.")
    String rule;

    @Option(names = "--severity", paramLabel = "S",
            description = "Only findings of this severity or a more severe one (info, low, medium, high, critical).")
    String severity;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only findings with this triage status: open, accepted, false-positive or revoked.")
    String status;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only findings first seen on or after DATE (2024-05-01 or 2024-05-01T12:00:00Z).")
    String since;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--show-secrets",
            description = "Print secrets in full where the datastore holds them (repos --store-secrets).")
    boolean showSecrets;

    @Override
    public Integer call() throws LeakgateException {
        ReportFormat f;
        try {
            f = ReportFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LeakgateException("--format " + format + ": expected text, json, sarif, csv or junit");
        }
        Severity s = null;
        if (severity != null && (s = Severity.parse(severity)) == null) {
            throw new LeakgateException("--severity " + severity + ": expected info, low, medium, high or critical");
        }
        TriageStatus t = null;
        if (status != null && (t = TriageStatus.ofLabel(status)) == null) {
            throw new LeakgateException("--status " + status + ": expected open, accepted, false-positive or revoked");
        }
        StoredFindings.Filter filter = new StoredFindings.Filter(repo, rule, s, t,
                since == null ? null : GitCommand.parseDate(since));
        ScanResult result = new StoredFindings(datastore.openExisting(terminal)).report(filter, new Redactor(showSecrets));
        try {
            if (output != null) {
                try (OutputStream out = Files.newOutputStream(terminal.resolve(output))) {
                    f.create(new Redactor(true), false).write(result, out);
                }
            } else {
                f.create(new Redactor(true), false).write(result, terminal.out());
                terminal.out().flush();
            }
        } catch (IOException e) {
            throw new LeakgateException((output != null ? output.toString() : "standard output") + ": cannot write the report: "
                    + e.getMessage(), e);
        }
        return 0;
    }
}
