package io.leakgate.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.LeakgateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
    static final String RULE = "generic-secret";
    static final String PATH = "config/app.env";
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aWeakSecretCannotBeFoundFromItsFingerprintByHashingGuessesTheOldWay() throws Exception {
        String fingerprint = Fingerprint.derive(null, RULE, PATH, "Winter2024!");
        String hex = fingerprint.substring(fingerprint.indexOf('-') + 1);
        List<String> guesses = seasonalPasswords();
        assertThat(guesses).contains("Winter2024!").hasSizeGreaterThan(2000);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<String> recovered = new ArrayList<>();
        for (String guess : guesses) {
            sha.update((RULE + "\0" + PATH + "\0" + guess).getBytes(StandardCharsets.UTF_8));
            if (HexFormat.of().formatHex(sha.digest(), 0, 16).equals(hex)) {
                recovered.add(guess);
            }
        }
        assertThat(recovered).isEmpty();
        assertThat(fingerprint).startsWith(Fingerprint.PLAIN);
    }

    @Test
    void theSameSecretRuleAndPathGiveTheSameFingerprintAsAnIndependentPbkdf2() {
        // Python's hashlib.pbkdf2_hmac('sha256', b'Winter2024!', b'leakgate fingerprint v2\0'
        // b'generic-secret\0config/app.env', 30000)[:16]: another implementation, machine and run.
        assertThat(Fingerprint.derive(null, RULE, PATH, "Winter2024!")).isEqualTo("v2-917e13fe33d858a670ca43a76df27e3c");
    }

    @Test
    void aTeamKeyChangesTheFingerprintAndMarksIt() {
        String plain = Fingerprint.derive(null, RULE, PATH, "Winter2024!");
        String keyed = Fingerprint.derive(KEY, RULE, PATH, "Winter2024!");
        String otherKey = Fingerprint.derive("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8),
                RULE, PATH, "Winter2024!");
        // HMAC-SHA256 under the key of the PBKDF2 output, as Python's hmac module computes it.
        assertThat(keyed).isEqualTo("v2k-61ef544c6034eed603e73cbea8c6f9f8");
        assertThat(otherKey).startsWith(Fingerprint.KEYED).isNotEqualTo(keyed);
        assertThat(plain.substring(Fingerprint.PLAIN.length())).isNotEqualTo(keyed.substring(Fingerprint.KEYED.length()));
    }

    @Test
    void theRuleAndThePathAreInTheSalt() {
        String here = Fingerprint.derive(null, RULE, PATH, "Winter2024!");
        assertThat(Fingerprint.derive(null, RULE, "other.env", "Winter2024!")).isNotEqualTo(here);
        assertThat(Fingerprint.derive(null, "password", PATH, "Winter2024!")).isNotEqualTo(here);
        assertThat(Fingerprint.derive(null, "", "", "")).matches("v2-[0-9a-f]{32}");
    }

    @Test
    void aFindingsFingerprintIsItsRulePathAndSecretsAndFollowsItsPath() throws Exception {
        RuleRef rule = new RuleRef("aws-access-key-id", "AWS access key id", Severity.HIGH, List.of("aws"));
        Finding f = new Finding(rule, PATH, 1, 19, 1, 38, "AKIAYVP4CIPPOWONZTGT", null, rule.tags());
        assertThat(f.fingerprint()).isEqualTo(Fingerprint.of(f.rule().id(), PATH, "AKIAYVP4CIPPOWONZTGT"));
        assertThat(f.withPath("b.env").fingerprint())
                .isEqualTo(Fingerprint.of(f.rule().id(), "b.env", "AKIAYVP4CIPPOWONZTGT"));
    }

    @Test
    void aKeyComesFromTheEnvironmentOrAFileAndMustBeLongEnough() throws Exception {
        assertThat(FingerprintKey.read(Map.of())).isNull();
        assertThat(FingerprintKey.read(Map.of(FingerprintKey.ENV, "0123456789abcdef0123456789abcdef"))).isEqualTo(KEY);
        Path file = Files.writeString(dir.resolve("key"), "0123456789abcdef0123456789abcdef\n");
        assertThat(FingerprintKey.read(Map.of(FingerprintKey.FILE_ENV, file.toString()))).isEqualTo(KEY);
        assertThatThrownBy(() -> FingerprintKey.read(Map.of(FingerprintKey.ENV, "hunter2")))
                .isInstanceOf(LeakgateException.class).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> FingerprintKey.read(Map.of(FingerprintKey.ENV, "")))
                .isInstanceOf(LeakgateException.class).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> FingerprintKey.read(Map.of(FingerprintKey.FILE_ENV, dir.resolve("none").toString())))
                .isInstanceOf(LeakgateException.class).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> FingerprintKey.read(Map.of(FingerprintKey.ENV, "0123456789abcdef0123456789abcdef",
                FingerprintKey.FILE_ENV, file.toString())))
                .isInstanceOf(LeakgateException.class).hasMessageContaining("not both");
    }

    /** 2,000-odd guesses of the kind a person picks: season or month, year, a symbol. */
    static List<String> seasonalPasswords() {
        List<String> words = List.of("Winter", "Spring", "Summer", "Autumn", "Fall", "January", "February",
                "March", "April", "May", "June", "July", "August", "September", "October", "November",
                "December", "Password", "Welcome", "Company", "Letmein");
        List<String> out = new ArrayList<>();
        for (String w : words) {
            for (int year = 2015; year <= 2026; year++) {
                for (String end : List.of("", "!", "@", "#", "$", "?", "1", "!!")) {
                    out.add(w + year + end);
                }
            }
        }
        return out;
    }
}
