package io.leakgate.fleet;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Where fleet scans keep what they learn: a SQLite file by default, or a PostgreSQL database
 * named by a JDBC URL, with one schema that Flyway creates and migrates on opening. A new SQLite
 * file is created readable by its owner only: it holds findings.
 */
public final class Datastore {
    /** Environment variable naming the datastore when {@code --datastore} does not. */
    public static final String ENV = "LEAKGATE_DATASTORE";
    public static final String USER_ENV = "LEAKGATE_DATASTORE_USER";
    public static final String PASSWORD_ENV = "LEAKGATE_DATASTORE_PASSWORD";
    /** The SQLite file used when neither the option nor the environment names one. */
    public static final String DEFAULT_FILE = "leakgate.db";

    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";

    private final String url;
    private final Properties credentials;
    private final Path file;
    final Dialect dialect;

    private Datastore(String url, Properties credentials, Path file, Dialect dialect) {
        this.url = url;
        this.credentials = credentials;
        this.file = file;
        this.dialect = dialect;
    }

    /** The datastore named by {@code spec} (a path or JDBC URL), else by the environment, else the default file. */
    public static String resolve(String spec, Map<String, String> env) {
        if (spec != null && !spec.isBlank()) {
            return spec;
        }
        String fromEnv = env.get(ENV);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_FILE;
    }

    /**
     * Opens the datastore {@code spec} names, creating (SQLite) and migrating its schema. User and
     * password for PostgreSQL come from the URL or from {@link #USER_ENV} and {@link #PASSWORD_ENV}.
     */
    public static Datastore open(String spec, Map<String, String> env) throws LeakgateException {
        Datastore store;
        if (spec.startsWith(POSTGRESQL_PREFIX)) {
            Properties p = new Properties();
            if (env.get(USER_ENV) != null) {
                p.setProperty("user", env.get(USER_ENV));
            }
            if (env.get(PASSWORD_ENV) != null) {
                p.setProperty("password", env.get(PASSWORD_ENV));
            }
            store = new Datastore(spec, p, null, Dialect.POSTGRESQL);
        } else if (spec.startsWith("jdbc:")) {
            throw new LeakgateException("--datastore " + spec + ": only jdbc:postgresql: URLs or a SQLite file path are supported");
        } else {
            Path file = Path.of(spec.startsWith(SQLITE_PREFIX) ? spec.substring(SQLITE_PREFIX.length()) : spec)
                    .toAbsolutePath();
            createOwnerOnly(file);
            Properties p = new Properties();
            // One writer at a time, queued rather than failing while another worker writes.
            p.setProperty("busy_timeout", "60000");
            p.setProperty("journal_mode", "WAL");
            p.setProperty("transaction_mode", "IMMEDIATE");
            p.setProperty("foreign_keys", "true");
            store = new Datastore(SQLITE_PREFIX + file, p, file, Dialect.SQLITE);
        }
        store.migrate();
        return store;
    }

    private static void createOwnerOnly(Path file) throws LeakgateException {
        try {
            if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                throw new LeakgateException("--datastore " + file + ": no such directory " + file.getParent());
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(file)) {
                throw new LeakgateException("--datastore " + file + " is a directory; give a file path or a JDBC URL");
            }
        } catch (IOException e) {
            throw new LeakgateException("--datastore " + file + ": cannot create: " + e.getMessage(), e);
        }
    }

    private void migrate() throws LeakgateException {
        try {
            Flyway.configure(Datastore.class.getClassLoader())
                    .dataSource(url, credentials.getProperty("user"), credentials.getProperty("password"))
                    .locations("classpath:io/leakgate/fleet/migration")
                    .table("leakgate_schema_history")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new LeakgateException("datastore " + describe() + ": cannot create or migrate the schema: "
                    + firstLine(e), e);
        }
    }

    /** A new connection, auto-commit off; the caller closes it. */
    Connection connect() throws LeakgateException {
        try {
            Connection c = DriverManager.getConnection(url, credentials);
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw failure("cannot connect", e);
        }
    }

    /** The SQLite file, or null for PostgreSQL. */
    public Path file() {
        return file;
    }

    /** The datastore as a person names it: the file, or the URL without credentials. */
    public String describe() {
        return file != null ? file.toString() : url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    LeakgateException failure(String what, SQLException e) {
        return new LeakgateException("datastore " + describe() + ": " + what + ": " + firstLine(e), e);
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
