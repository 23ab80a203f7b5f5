package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.fleet.StoredFindings;
import io.leakgate.fleet.TriageStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakgate triage}: records what a person decided about a finding in the datastore. */
@Command(name = "triage",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {
            "Sets the triage status of a finding in a datastore, by the fingerprint 'leakgate report --datastore' "
                    + "prints. The status is kept across later scans for as long as the finding is found; "
                    + "'leakgate repos' exits 1 only for findings still open.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:status set",
            "2:usage or datastore error, or no finding with that fingerprint"
        })
final class TriageCommand implements Callable<Integer> {
    private final Terminal terminal;

    TriageCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Parameters(paramLabel = "FINGERPRINT", description = "The finding's datastore fingerprint (ds1-…).")
    String fingerprint;

    @Option(names = "--status", paramLabel = "STATUS", required = true,
            description = "open, accepted, false-positive or revoked.")
    String status;

    @Mixin
    DatastoreOption datastore = new DatastoreOption();

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for whoever reads the datastore next.")
    String comment;

    @Override
    public Integer call() throws LeakgateException {
        TriageStatus s = TriageStatus.ofLabel(status);
        if (s == null) {
            throw new LeakgateException("--status " + status + ": expected open, accepted, false-positive or revoked");
        }
        int n = new StoredFindings(datastore.openExisting(terminal)).triage(fingerprint, s, comment);
        terminal.out().println(fingerprint + ": " + s.label() + " (" + n + (n == 1 ? " finding)" : " findings)"));
        return 0;
    }
}
