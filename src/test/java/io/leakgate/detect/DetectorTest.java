package io.leakgate.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.finding.Finding;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorTest {
    private static final String CONFIG = """
            [[rules]]
            id = "house-token"
            description = "House token"
            regex = '''\\b(hk_[a-z0-9]{20})\\b'''
            keywords = ["hk_"]
            severity = "critical"
            tags = ["house", "token"]
            claims = '''(?i)house_secret\\b'''

            [[rules]]
            id = "house-password"
            regex = '''(?i)house_password[ \\t]*=[ \\t]*"([^"]{6,})"'''
            secretGroup = 1
            entropy = 2.5
            keywords = ["house_password"]
              [[rules.allowlists]]
              stopwords = ["changeme"]
              [[rules.allowlists]]
              regexTarget = "line"
              regexes = ['''# test fixture''']

            [[rules]]
            id = "generic-secret"
            regex = '''(?i)secret[ \\t]*[:=][ \\t]*"?([A-Za-z0-9_]{20,})'''
            keywords = ["secret"]

            [[rules]]
            id = "pem-block"
            regex = '''-----BEGIN TEST KEY-----[\\s\\S]{20,}?-----END TEST KEY-----'''
            keywords = ["-----begin test key"]

            [[rules]]
            id = "keystore-file"
            path = '''\\.p12$'''

            [[rules]]
            id = "house-vault"
            magic = ["cafe??0001", "CAFE??0002"]

            [[allowlists]]
            paths = ['''^vendor/''']
            """;

    private final Detector detector;

    DetectorTest() throws Exception {
        RuleSet rules = new ConfigLoader().loadText("test.toml", CONFIG);
        detector = new Detector(new RuleIndex(rules));
    }

    @Test
    void reportsSecretGroupWithOneBasedLineAndCharacterColumns() {
        List<Finding> f = scan("a.txt", "first line\n  é token: hk_abcdefghij0123456789 end\n");
        assertThat(f).hasSize(1);
        Finding finding = f.get(0);
        assertThat(finding.rule().id()).isEqualTo("house-token");
        assertThat(finding.secret()).isEqualTo("hk_abcdefghij0123456789");
        assertThat(finding.line()).isEqualTo(2);
        assertThat(finding.column()).isEqualTo(12);
        assertThat(finding.endColumn()).isEqualTo(34);
        assertThat(finding.tags()).containsExactly("house", "token");
    }

    @Test
    void aKeywordOnTheNextLineStillWidensTheWindowByTheRulesSpan() throws Exception {
        // The second "vault_token" ends inside the first one's window; its own match needs the line after.
        RuleSet rules = new ConfigLoader().loadText("span.toml", """
                [[rules]]
                id = "vault-block"
                regex = '''(?i)vault_token[ \\t]*:[ \\t]*\\n[ \\t]*value[ \\t]*=[ \\t]*([a-z0-9]{20,})'''
                secretGroup = 1
                keywords = ["vault_token"]
                span = 1
                """);
        String text = "vault_token: # first mention\nvault_token:\n  value = abcdefghij0123456789klm\n";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertThat(new Detector(new RuleIndex(rules)).scan(b, b.length, "a.yml")).extracting(Finding::secret)
                .containsExactly("abcdefghij0123456789klm");
    }

    @Test
    void keywordMatchingIsCaseInsensitive() {
        assertThat(scan("a.txt", "HOUSE_PASSWORD = \"x9$kQ!zr\"")).extracting(x -> x.rule().id())
                .containsExactly("house-password");
    }

    @Test
    void entropyBelowThresholdIsNotAFinding() {
        assertThat(scan("a.txt", "house_password = \"aaaaaaaa\"")).isEmpty();
    }

    @Test
    void stopwordsAndLineAllowlistsDropMatches() {
        assertThat(scan("a.txt", "house_password = \"changeme123\"")).isEmpty();
        assertThat(scan("a.txt", "house_password = \"x9$kQ!zr\" # test fixture")).isEmpty();
    }

    @Test
    void inlineAllowMarkersSilenceTheirLineOnly() {
        String text = "t1 = hk_abcdefghij0123456789 # leakgate:allow\n"
                + "t2 = hk_bbcdefghij0123456789 // gitleaks:allow\n"
                + "t3 = hk_cbcdefghij0123456789 # pragma: allowlist secret\n"
                + "t4 = hk_dbcdefghij0123456789\n";
        assertThat(scan("a.txt", text)).extracting(Finding::line).containsExactly(4);
    }

    @Test
    void globalPathAllowlistSkipsTheFile() {
        assertThat(scan("vendor/lib.txt", "hk_abcdefghij0123456789")).isEmpty();
        assertThat(scan("src/lib.txt", "hk_abcdefghij0123456789")).hasSize(1);
    }

    @Test
    void rulesChosenByPathFollowEachFileWhenOneDetectorScansManyPathsInTurn() throws Exception {
        Detector d = new Detector(new RuleIndex(new ConfigLoader().loadText("t.toml", CONFIG + """
                [[allowlists]]
                commits = ["c0ffee"]
                """)));
        byte[] token = "hk_abcdefghij0123456789".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 3; round++) {
            assertThat(d.scan(token, token.length, "vendor/lib.txt")).isEmpty();
            assertThat(d.scan(token, token.length, "src/lib.txt")).hasSize(1);
            assertThat(d.scan(token, token.length, "src/lib.txt", "c0ffee")).isEmpty();
            assertThat(d.scan(token, token.length, "src/lib.txt", "beef")).hasSize(1);
            assertThat(d.scan(token, token.length, "certs/a.p12")).extracting(x -> x.rule().id())
                    .containsExactly("house-token", "keystore-file");
            assertThat(d.scan(token, token.length, "vendor/a.p12")).isEmpty();
        }
    }

    @Test
    void genericRuleGivesWayToSpecificRuleOnTheSameText() {
        List<Finding> f = scan("a.txt", "secret = hk_abcdefghij0123456789\nsecret = Zq8xWv2LmN4bTy6uPo0sRe\n");
        assertThat(f).extracting(x -> x.rule().id()).containsExactly("house-token", "generic-secret");
        assertThat(f.get(1).line()).isEqualTo(2);
    }

    @Test
    void genericRuleGivesWayUnderANameASpecificRuleClaims() {
        List<Finding> f = scan("a.txt", "house_secret = Zq8xWv2LmN4bTy6uPo0sRe\nother_secret = Zq8xWv2LmN4bTy6uPo0sRe\n");
        assertThat(f).extracting(Finding::line).containsExactly(2);
        assertThat(scan("a.txt", "house_secret = hk_abcdefghij0123456789")).extracting(x -> x.rule().id())
                .containsExactly("house-token");
    }

    @Test
    void multiLineRulesSeeTheWholeBlock() {
        String pem = "x = 1\n-----BEGIN TEST KEY-----\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldY\nWVo=\n-----END TEST KEY-----\n";
        List<Finding> f = scan("k.pem", pem);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).line()).isEqualTo(2);
        assertThat(f.get(0).endLine()).isEqualTo(5);
    }

    @Test
    void pathOnlyRuleFlagsTheFileItself() {
        assertThat(scan("certs/client.p12", "\u0000binary")).extracting(x -> x.rule().id())
                .containsExactly("keystore-file");
    }

    @Test
    void magicRuleFlagsAFileByItsFirstBytesWhateverItsName() {
        byte[] vault = {(byte) 0xCA, (byte) 0xFE, 0x7F, 0x00, 0x02, 0x00, (byte) 0xFF, 0x10};
        List<Finding> f = detector.scan(vault, vault.length, "backup/data.bin");
        assertThat(f).extracting(x -> x.rule().id()).containsExactly("house-vault");
        assertThat(f.get(0).secret()).as("never raw bytes").isEmpty();
        assertThat(f.get(0).line()).isEqualTo(1);
    }

    @Test
    void magicRuleIgnoresFilesThatHoldTheBytesAnywhereButAtTheStartOrAreTooShort() {
        byte[] later = {0x00, (byte) 0xCA, (byte) 0xFE, 0x01, 0x00, 0x01};
        byte[] otherVersion = {(byte) 0xCA, (byte) 0xFE, 0x01, 0x00, 0x03};
        byte[] truncated = {(byte) 0xCA, (byte) 0xFE, 0x01, 0x00};
        assertThat(detector.scan(later, later.length, "a.bin")).isEmpty();
        assertThat(detector.scan(otherVersion, otherVersion.length, "a.bin")).isEmpty();
        assertThat(detector.scan(truncated, truncated.length, "a.bin")).isEmpty();
        byte[] longer = {(byte) 0xCA, (byte) 0xFE, 0x01, 0x00, 0x01, 0x00};
        assertThat(detector.scan(longer, 4, "a.bin")).as("only the first length bytes count").isEmpty();
    }

    @Test
    void binaryContentIsScannedAsBytes() {
        byte[] b = "\u0000\u0001SQLite format 3\u0000\u0000hk_abcdefghij0123456789\u0000".getBytes(StandardCharsets.UTF_8);
        assertThat(detector.scan(b, b.length, "app.db")).hasSize(1);
    }

    @Test
    void aKeywordAloneWithoutAMatchFindsNothing() {
        assertThat(scan("a.txt", "the hk_ prefix marks house tokens")).isEmpty();
    }

    @Test
    void findsEverySecretInALongFileWithManyKeywordHits() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("line ").append(i).append(" mentions a secret and hk_ often\n");
            if (i % 500 == 7) {
                sb.append("real = hk_").append(String.format("%020d", i)).append('\n');
            }
        }
        assertThat(scan("big.txt", sb.toString())).hasSize(4);
    }

    @Test
    void findsSecretsAnywhereOnAMegabyteLongMinifiedLineFullOfKeywords() {
        // one line of minified code: keywords every few bytes, so windows are cut from the line
        StringBuilder line = new StringBuilder("hk_abcdefghij0123456789;");
        int i = 0;
        while (line.length() < 1_000_000) {
            line.append("var secret").append(i).append("=hk_+n.house_password(e,t);");
            if (i == 9_000 || i == 9_001) {
                line.append("t.k=\"hk_").append(String.format("%020d", i)).append("\",");
            }
            i++;
        }
        line.append("end=hk_zyxwvutsrqponmlkjihg");
        List<Finding> f = scan("dist/app.min.js", line.toString());
        assertThat(f).extracting(Finding::secret).containsExactly("hk_abcdefghij0123456789",
                "hk_00000000000000009000", "hk_00000000000000009001", "hk_zyxwvutsrqponmlkjihg");
        assertThat(f).extracting(Finding::line).containsOnly(1);
        assertThat(f.get(0).column()).isEqualTo(1);
        assertThat(f.get(1).column()).isEqualTo(line.indexOf("hk_00000000000000009000") + 1);
    }

    @Test
    void severalSecretsOfSeveralRulesOnOneLineAreAllFound() {
        String text = "a=hk_abcdefghij0123456789 b=hk_bbcdefghij0123456789 secret = Zq8xWv2LmN4bTy6uPo0sRe "
                + "house_password = \"x9$kQ!zr\" c=hk_cbcdefghij0123456789\n";
        assertThat(scan("a.txt", text)).extracting(x -> x.rule().id() + " " + x.secret()).containsExactly(
                "house-token hk_abcdefghij0123456789", "house-token hk_bbcdefghij0123456789",
                "generic-secret Zq8xWv2LmN4bTy6uPo0sRe", "house-password x9$kQ!zr",
                "house-token hk_cbcdefghij0123456789");
    }

    @Test
    void fingerprintDependsOnRulePathAndSecretOnly() {
        Finding a = scan("a.txt", "hk_abcdefghij0123456789").get(0);
        Finding b = scan("a.txt", "\n\n  x hk_abcdefghij0123456789").get(0);
        Finding c = scan("b.txt", "hk_abcdefghij0123456789").get(0);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
        assertThat(a.fingerprint()).doesNotContain("abcdefghij");
    }

    private List<Finding> scan(String path, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return detector.scan(b, b.length, path);
    }
}
