package io.leakgate.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Finding;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Offline validators and facts, run through the bundled pack exactly as a scan runs them. */
class ValidatorsTest {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final RuleSet pack;

    ValidatorsTest() throws LeakgateException {
        pack = new ConfigLoader().loadDefault();
    }

    private List<Finding> scan(RuleSet rules, String text, String path) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new Detector(new RuleIndex(rules)).scan(b, b.length, path);
    }

    private List<Finding> scan(String text) {
        return scan(pack, text, "config.env");
    }

    /** A GitHub-format token: prefix, 30 characters, base62 CRC32 of those 30. */
    private static String githubToken(String prefix, String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] sum = new char[6];
        for (int i = 5; i >= 0; i--) {
            sum[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return prefix + body + new String(sum);
    }

    /** An access key id whose encoded account is {@code account}. */
    private static String keyIdFor(String prefix, long account) {
        long z = (account << 7) | 0x35; // low 7 bits are not part of the account
        byte[] bytes = new byte[10];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (z >>> (8 * (5 - i)));
        }
        for (int i = 6; i < 10; i++) {
            bytes[i] = (byte) (0x5a + 17 * i);
        }
        StringBuilder out = new StringBuilder(prefix);
        long buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((int) ((buffer >>> (bits - 5)) & 31)));
                bits -= 5;
            }
        }
        return out.toString();
    }

    @Test
    void githubTokenWithItsChecksumIsReportedAndOneWithAWrongChecksumIsDropped() {
        String good = githubToken("ghp_", "R8kq2VbTz0Lm4XwNc7HsJd1FyPa9Ug");
        char last = good.charAt(good.length() - 1);
        String bad = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(scan("GITHUB_TOKEN=" + good)).extracting(f -> f.rule().id()).containsExactly("github-pat");
        assertThat(scan("GITHUB_TOKEN=" + bad)).isEmpty();
    }

    @Test
    void npmTokenChecksumIsCheckedTheSameWay() {
        String good = githubToken("npm_", "x4Pq9LmZ2vB7nR0cT5wK8yH3dF6gJ1");
        assertThat(scan("//registry.npmjs.org/:_authToken=" + good)).extracting(f -> f.rule().id())
                .contains("npm-access-token");
        String bad = good.substring(0, 10) + (good.charAt(10) == 'a' ? 'b' : 'a') + good.substring(11);
        assertThat(scan("NPM_TOKEN=" + bad)).isEmpty();
    }

    @Test
    void accountIdIsDecodedFromAnAccessKeyId() {
        assertThat(AwsAccount.of("ASIAY34FZKBOKMUTVV7A")).isEqualTo("609629065308");
        assertThat(AwsAccount.of(keyIdFor("AKIA", 123456789012L))).isEqualTo("123456789012");
        assertThat(AwsAccount.of(keyIdFor("AKIA", 52310077262L))).isEqualTo("052310077262");
    }

    @Test
    void oldKeyIdsWithIOrJInFifthPlaceCarryNoAccount() {
        assertThat(AwsAccount.of("AKIAIQ5VEXAMPLE7ABCD")).isNull();
        assertThat(AwsAccount.of("AKIAJQ5VTESTKEY7ABCD")).isNull();
    }

    @Test
    void findingCarriesTheAwsAccountItsKeyBelongsTo() {
        String id = keyIdFor("AKIA", 123456789012L);
        List<Finding> found = scan("aws_access_key_id = " + id);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).attributes()).containsEntry("aws-account", "123456789012");
        assertThat(found.get(0).tags()).doesNotContain("canary");
    }

    @Test
    void keyOfAKnownCanaryAccountIsTaggedCanary() {
        String id = keyIdFor("AKIA", 717712589309L);
        List<Finding> found = scan("[default]\naws_access_key_id = " + id);
        assertThat(found).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.tags()).contains("canary");
        assertThat(f.attributes()).containsEntry("aws-account", "717712589309");
        assertThat(f.attributes().get("canary")).contains("717712589309");
    }

    @Test
    void configCanAddItsOwnCanaryAccounts() throws LeakgateException {
        RuleSet own = new ConfigLoader().loadText("own.toml", """
                canaryAwsAccounts = ["123456789012"]
                [extend]
                useDefault = true
                """);
        assertThat(own.canaryAwsAccounts()).contains("123456789012", "052310077262");
        List<Finding> found = scan(own, "AWS_ACCESS_KEY_ID=" + keyIdFor("AKIA", 123456789012L), ".env");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.tags()).contains("canary"));
    }

    @Test
    void malformedCanaryAccountIsAConfigErrorWithItsLine() {
        assertThatThrownBy(() -> new ConfigLoader().loadText("own.toml", "title = \"x\"\ncanaryAwsAccounts = [\"12345\"]\n"))
                .isInstanceOf(LeakgateException.class)
                .hasMessageContaining("own.toml:2:")
                .hasMessageContaining("12-digit");
    }

    @Test
    void unknownValidatorIsAConfigErrorWithItsLine() {
        assertThatThrownBy(() -> new ConfigLoader().loadText("own.toml", """
                [[rules]]
                id = "x-token"
                regex = '''x_[a-z]{10}'''
                keywords = ["x_"]
                validate = ["luhn"]
                """))
                .isInstanceOf(LeakgateException.class)
                .hasMessageContaining("own.toml:5:")
                .hasMessageContaining("unknown validator 'luhn'");
    }

    @Test
    void credentialNextToACanarytokensHostIsTaggedCanary() {
        String kubeconfig = """
                apiVersion: v1
                clusters:
                - cluster:
                    server: https://r4nd0m1d.canarytokens.com
                  name: prod
                users:
                - name: admin
                  user:
                    token: Zm9vYmFyLXRva2VuLXF3ZXJ0eTEyMzQ1Njc4OTBhYmNk
                """;
        List<Finding> found = scan(pack, kubeconfig, "kubeconfig");
        assertThat(found).isNotEmpty();
        assertThat(found).allSatisfy(f -> {
            assertThat(f.tags()).contains("canary");
            assertThat(f.attributes().get("canary")).contains("r4nd0m1d.canarytokens.com");
        });
    }

    @Test
    void mysqlDumpReplicatingFromACanarytokensHostIsTaggedCanary() {
        String dump = "CHANGE MASTER TO MASTER_HOST='db1.canarytokens.net', MASTER_USER='repl', "
                + "MASTER_PASSWORD='Vq8#rT2mLx9!wP', MASTER_LOG_FILE='mysql-bin.000042';\n";
        List<Finding> found = scan(pack, dump, "backup.sql");
        assertThat(found).isNotEmpty().allSatisfy(f -> assertThat(f.tags()).contains("canary"));
    }

    @Test
    void jwtMustDecodeToJsonWithAnAlg() {
        String header = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = b64url("{\"sub\":\"ci-bot\",\"iat\":1716000000}");
        assertThat(scan("ACCESS_TOKEN=" + header + "." + payload + ".u8QmXw3kP0aZc7VnT2yRb5sLd9Hf4Jg"))
                .extracting(f -> f.rule().id()).contains("jwt");
        String noAlg = b64url("{\"typ\":\"JWT\"}");
        assertThat(scan("ACCESS_TOKEN=" + noAlg + "." + payload + ".u8QmXw3kP0aZc7VnT2yRb5sLd9Hf4Jg"))
                .extracting(f -> f.rule().id()).doesNotContain("jwt");
    }

    @Test
    void pemBlockWhoseBodyIsNotBase64IsNotReported() {
        String body = "MIIEowIBAAKCAQEAz3n9Vq8rT2mLx9wPb5sLd9Hf4JgU8QmXw3kP0aZc7VnT2yRb\n"
                + "Kx7Lm2Qp9Vb3Tz8Rw1Yc6Nd4Hf0Ja5Ue2Gs7Ki3Lo9Pq1Wr4Ty6Zu8Xv0Cb2Nm4\n";
        String good = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----\n";
        String broken = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "this line is not base64 at all!\n"
                + body + "-----END RSA PRIVATE KEY-----\n";
        assertThat(scan(pack, good, "id_rsa")).extracting(f -> f.rule().id()).contains("private-key");
        assertThat(scan(pack, broken, "id_rsa")).extracting(f -> f.rule().id()).doesNotContain("private-key");
    }

    @Test
    void wireguardKeyMustDecodeToThirtyTwoBytes() {
        assertThat(StructureChecks.wireguardKey("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=")).isTrue();
        assertThat(StructureChecks.wireguardKey("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3f")).isFalse();
    }

    private static String b64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
