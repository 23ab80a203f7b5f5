package io.leakgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.LeakgateException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreFileTest {
    static final String COMMIT = "3f1c0de0a5b8e2c4d6f8091a2b3c4d5e6f708192";

    @TempDir
    Path dir;

    @Test
    void readsFingerprintsCommentsAndBothGitleaksForms() throws Exception {
        IgnoreFile f = IgnoreFile.parse(".gitleaksignore", """
                # accepted in review 2026-11
                V2-C15A18B64B5EC2BEB2B10A0A632C7228   # test fixture

                %s:config/dev:host.yaml:generic-api-key:12
                docs/setup.md:aws-access-key-id:3
                """.formatted(COMMIT));
        assertThat(f.entries()).hasSize(3);
        assertThat(f.entries().get(0)).isEqualTo(
                new IgnoreFile.FingerprintEntry("v2-c15a18b64b5ec2beb2b10a0a632c7228", ".gitleaksignore:2"));
        assertThat(f.entries().get(1)).isEqualTo(
                new IgnoreFile.GitleaksEntry(COMMIT, "config/dev:host.yaml", "generic-api-key", 12, ".gitleaksignore:4"));
        assertThat(f.entries().get(2)).isEqualTo(
                new IgnoreFile.GitleaksEntry(null, "docs/setup.md", "aws-access-key-id", 3, ".gitleaksignore:5"));
    }

    @Test
    void aFingerprintFromBeforeSaltingIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> IgnoreFile.parse(".leakgateignore", "# ok\nc15a18b64b5ec2beb2b10a0a632c7228\n"))
                .isInstanceOf(LeakgateException.class)
                .hasMessageStartingWith(".leakgateignore:2: fingerprint made by an older leakgate")
                .hasMessageContaining("replace it with the one leakgate reports now");
    }

    @Test
    void aKeyedFingerprintWithoutTheKeyIsRefused() {
        assertThatThrownBy(() -> IgnoreFile.parse(".leakgateignore", "v2k-c15a18b64b5ec2beb2b10a0a632c7228\n"))
                .isInstanceOf(LeakgateException.class)
                .hasMessageContaining(".leakgateignore:1: fingerprint made with a team fingerprint key, but none is set");
    }

    @Test
    void malformedLineIsAnErrorNamingFileAndLine() {
        assertThatThrownBy(() -> IgnoreFile.parse(".leakgateignore", "# ok\nnot-a-fingerprint\n"))
                .isInstanceOf(LeakgateException.class)
                .hasMessageStartingWith(".leakgateignore:2: expected a leakgate fingerprint");
    }

    @Test
    void discoversBothFilesInTheScannedDirectoryOnly() throws Exception {
        assertThat(IgnoreFile.discover(dir)).isEmpty();
        Files.writeString(dir.resolve(".leakgateignore"), "v2-c15a18b64b5ec2beb2b10a0a632c7228\n");
        Files.writeString(dir.resolve(".gitleaksignore"), "a.env:aws-access-key-id:1\n");
        assertThat(IgnoreFile.discover(dir)).extracting(i -> Path.of(i.name()).getFileName().toString())
                .containsExactly(".leakgateignore", ".gitleaksignore");
        assertThat(IgnoreFile.discover(dir.resolve(".leakgateignore"))).isEmpty();
        assertThat(IgnoreFile.discover(null)).isEmpty();
    }
}
