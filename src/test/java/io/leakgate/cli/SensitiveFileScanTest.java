package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.Processes;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are secrets by what they are, binary or not, as a scan of a directory reports them. */
class SensitiveFileScanTest {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    @Test
    void reportsAJavaKeyStoreByNameAndByItsFirstBytesAndNeverPrintsItsBytes() throws Exception {
        char[] password = "changeit".toCharArray();
        // keytool makes the key pair and its certificate (PKCS#12, the JDK's default); KeyStore
        // copies them into a JKS store, as a project's build would.
        Path p12 = work.resolve("made.p12");
        Processes.Result made = Processes.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=server.acme.io",
                "-keystore", p12.toString(), "-storepass", "changeit", "-validity", "30"), work, e -> { }, null, 60);
        assertThat(made.exit()).as(made.err()).isEqualTo(0);
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            source.load(in, password);
        }
        KeyStore jks = KeyStore.getInstance("JKS");
        jks.load(null, null);
        jks.setEntry("server", source.getEntry("server", new KeyStore.PasswordProtection(password)),
                new KeyStore.PasswordProtection(password));
        Files.createDirectories(dir.resolve("src/main/resources"));
        for (String name : List.of("src/main/resources/server.jks", "config/identity.dat")) {
            Files.createDirectories(dir.resolve(name).getParent());
            try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
                jks.store(out, password);
            }
        }
        Files.copy(p12, dir.resolve("config/client-identity"));

        Cli.Run run = Cli.run(dir, "scan", "--no-color", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out())
                .contains("src/main/resources/server.jks:1:1").contains("java-keystore-file")
                .contains("config/identity.dat:1:1").contains("java-key-store ")
                .contains("config/client-identity:1:1").contains("pkcs12-key-store")
                .contains("secret (the whole file)")
                .contains("3 findings");
        assertThat(run.out().chars()).as("no raw bytes of the stores").allMatch(c -> c == '\n' || c >= 0x20 && c != 0x7f);
        assertThat(run.out()).doesNotContain("\ufffd");
    }

    @Test
    void reportsPasswordsTypedIntoAShellHistory() throws Exception {
        Files.writeString(dir.resolve(".bash_history"), """
                ls -la
                export DB_PASSWORD=Vb7kQ2mZx9Lp
                mysql -u root -p shop
                mysql -h 10.0.5.21 -u root -pS3rv1ce!2024 shop < dump.sql
                sshpass -p 'Xk29fLq0ZpRt7w' ssh deploy@10.0.0.7
                export DB_PASSWORD=$(cat /run/secrets/db)
                """);
        Cli.Run run = Cli.run(dir, Map.of(), null, "scan", "--no-color", "--show-secrets", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains(".bash_history:2:").contains(".bash_history:4:").contains(".bash_history:5:")
                .contains("shell-history-credential")
                .contains("secret Vb7kQ2mZx9Lp").contains("secret S3rv1ce!2024").contains("secret Xk29fLq0ZpRt7w")
                .doesNotContain(".bash_history:3:").doesNotContain(".bash_history:6:")
                .contains("3 findings");
    }
}
