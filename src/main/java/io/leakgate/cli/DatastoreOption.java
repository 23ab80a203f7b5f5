package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.fleet.Datastore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --datastore} option of {@code repos}, {@code report} and {@code triage}, and where it leads. */
final class DatastoreOption {
    @Option(names = "--datastore", paramLabel = "PATH|JDBC-URL",
            description = "The datastore: a SQLite file (created owner-only) or a jdbc:postgresql: URL, with "
                    + "user and password from the URL or $LEAKGATE_DATASTORE_USER and $LEAKGATE_DATASTORE_PASSWORD. "
                    + "Default: $LEAKGATE_DATASTORE, else ./leakgate.db.")
    String datastore;

    /** The datastore named by the option or the environment; a file is taken from the terminal's directory. */
    String spec(Terminal terminal) {
        String spec = Datastore.resolve(datastore, terminal.env());
        return spec.startsWith("jdbc:") ? spec : terminal.resolve(Path.of(spec)).toString();
    }

    /** Opens a datastore that {@code leakgate repos} has filled: a SQLite file must already exist. */
    Datastore openExisting(Terminal terminal) throws LeakgateException {
        String spec = spec(terminal);
        if (!spec.startsWith("jdbc:") && !Files.isRegularFile(Path.of(spec))) {
            throw new LeakgateException("--datastore " + spec + ": no such datastore file (run 'leakgate repos' first)");
        }
        return Datastore.open(spec, terminal.env());
    }
}
