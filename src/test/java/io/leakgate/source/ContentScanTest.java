package io.leakgate.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Skipped;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.source.archive.ArchiveLimits;
import io.leakgate.source.archive.TestArchives;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one scan step: archives opened within their limits, encodings decoded, every finding placed. */
class ContentScanTest {
    static final String KEY = "AKIAYVP4CIPPOWONZTGT";
    static final String SECRET = "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";
    static final String PROPERTIES = "# service settings\naws.accessKeyId=" + KEY + "\naws.secretKey=" + SECRET + "\n";
    static RuleIndex index;

    @BeforeAll
    static void rules() throws Exception {
        index = new RuleIndex(new ConfigLoader().loadDefault());
    }

    private static ContentScan.Outcome scan(byte[] content, String path) {
        return scan(content, path, ContentScan.Options.defaults(25 << 20));
    }

    private static ContentScan.Outcome scan(byte[] content, String path, ContentScan.Options options) {
        return new ContentScan(new Detector(index), options).scan(content, content.length, path, null);
    }

    private static ContentScan.Options limits(ArchiveLimits limits) {
        return new ContentScan.Options(limits, 2, true);
    }

    private static Finding only(ContentScan.Outcome o, String rule) {
        List<Finding> f = o.findings().stream().filter(x -> x.rule().id().equals(rule)).toList();
        assertThat(f).as("findings of %s in %s", rule, o.findings()).hasSize(1);
        return f.get(0);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKeyInADeflatedJarIsReportedAtItsMemberWithTheMembersOwnLine() throws Exception {
        byte[] jar = new TestArchives().file("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
                .file("BOOT-INF/classes/application.properties", PROPERTIES).zip();

        ContentScan.Outcome o = scan(jar, "deploy/service.jar");

        Finding key = only(o, "aws-access-key-id");
        assertThat(key.path()).isEqualTo("deploy/service.jar!/BOOT-INF/classes/application.properties");
        assertThat(key.line()).isEqualTo(2);
        assertThat(key.column()).isEqualTo(17);
        assertThat(key.attributes()).containsEntry(ContentScan.ARCHIVE_ATTRIBUTE, "zip");
        assertThat(only(o, "aws-secret-access-key").line()).isEqualTo(3);
        assertThat(o.skipped()).isEmpty();
    }

    @Test
    void tarballsAndCompressedFilesOfEveryFormatAreOpenedByTheirMagicBytes() throws Exception {
        byte[] tar = new TestArchives().file("app/application.properties", PROPERTIES).tar();
        byte[] text = utf8(PROPERTIES);

        assertThat(only(scan(TestArchives.gzip(tar), "release.tar.gz"), "aws-access-key-id").path())
                .isEqualTo("release.tar.gz!/app/application.properties");
        assertThat(only(scan(TestArchives.bzip2(tar), "release.tar.bz2"), "aws-access-key-id").path())
                .isEqualTo("release.tar.bz2!/app/application.properties");
        Finding xz = only(scan(TestArchives.xz(tar), "release.tar.xz"), "aws-access-key-id");
        assertThat(xz.path()).isEqualTo("release.tar.xz!/app/application.properties");
        assertThat(xz.attributes()).containsEntry(ContentScan.ARCHIVE_ATTRIBUTE, "xz");
        assertThat(only(scan(tar, "release.tar"), "aws-access-key-id").path())
                .isEqualTo("release.tar!/app/application.properties");
        assertThat(only(scan(TestArchives.gzip(text), "conf/app.properties.gz"), "aws-access-key-id").path())
                .isEqualTo("conf/app.properties.gz!/app.properties");
        assertThat(only(scan(TestArchives.bzip2(text), "dump.bz2"), "aws-access-key-id").path())
                .isEqualTo("dump.bz2!/dump");
        // by content, not by name: a jar renamed to .bin is still opened
        byte[] jar = new TestArchives().file("app.properties", PROPERTIES).zip();
        assertThat(only(scan(jar, "blob.bin"), "aws-access-key-id").path()).isEqualTo("blob.bin!/app.properties");
    }

    @Test
    void nestedArchivesAreOpenedToTheDepthAndTheDeeperOneIsListedAsNotOpened() throws Exception {
        byte[] inner = new TestArchives().file("config.properties", PROPERTIES).zip();
        byte[] lib = new TestArchives().file("BOOT-INF/lib/config.jar", inner).zip();
        byte[] bundle = TestArchives.gzip(new TestArchives().file("app.jar", lib).tar());

        Finding deep = only(scan(bundle, "bundle.tgz"), "aws-access-key-id");
        assertThat(deep.path()).isEqualTo("bundle.tgz!/app.jar!/BOOT-INF/lib/config.jar!/config.properties");
        assertThat(deep.attributes()).containsEntry(ContentScan.ARCHIVE_ATTRIBUTE, "gzip>zip>zip");

        ContentScan.Outcome shallow = scan(bundle, "bundle.tgz",
                limits(ArchiveLimits.defaults(25 << 20).withDepth(2)));
        assertThat(shallow.findings()).noneMatch(f -> f.rule().id().equals("aws-access-key-id"));
        assertThat(shallow.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("bundle.tgz!/app.jar!/BOOT-INF/lib/config.jar");
            assertThat(s.reason()).isEqualTo(Skipped.Reason.LIMIT);
            assertThat(s.detail()).contains("--archive-depth");
        });
        assertThat(scan(bundle, "bundle.tgz", limits(ArchiveLimits.defaults(25 << 20).withDepth(0))).skipped())
                .isEmpty();
    }

    @Test
    void aDecompressionBombStopsAtItsRatioAndSaysSo() throws Exception {
        byte[] bomb = TestArchives.gzip(new byte[64 << 20]);

        ContentScan.Outcome o = scan(bomb, "zeros.gz", limits(new ArchiveLimits(3, 1L << 30, 1L << 34, 100, 1000)));

        assertThat(o.findings()).isEmpty();
        assertThat(o.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("zeros.gz");
            assertThat(s.reason()).isEqualTo(Skipped.Reason.LIMIT);
            assertThat(s.detail()).contains("decompression bomb");
        });
    }

    @Test
    void tooManyEntriesTooLargeAMemberAndTooManyBytesInAllEachEndInASkippedEntry() throws Exception {
        TestArchives many = new TestArchives().file("a/app.properties", PROPERTIES);
        for (int i = 0; i < 40; i++) {
            many.file("filler/" + i + ".txt", "nothing here " + i);
        }
        ContentScan.Outcome entries = scan(many.zip(), "many.zip", limits(new ArchiveLimits(3, 1 << 20, 1 << 30, 200, 10)));
        assertThat(entries.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(Skipped.Reason.LIMIT);
            assertThat(s.detail()).contains("--max-archive-entries");
        });
        assertThat(scan(many.tar(), "many.tar", limits(new ArchiveLimits(3, 1 << 20, 1 << 30, 200, 10))).skipped())
                .singleElement().satisfies(s -> assertThat(s.detail()).contains("--max-archive-entries"));

        byte[] big = new TestArchives().file("big.log", "x".repeat(5000)).file("app.properties", PROPERTIES).zip();
        ContentScan.Outcome member = scan(big, "logs.zip", limits(new ArchiveLimits(3, 1000, 1 << 30, 200, 100)));
        assertThat(member.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("logs.zip!/big.log");
            assertThat(s.reason()).isEqualTo(Skipped.Reason.TOO_LARGE);
        });
        assertThat(only(member, "aws-access-key-id").path()).isEqualTo("logs.zip!/app.properties");

        byte[] two = new TestArchives().file("one.txt", "y".repeat(3000)).file("two.txt", "z".repeat(3000)).zip();
        assertThat(scan(two, "two.zip", limits(new ArchiveLimits(3, 1 << 20, 4000, 200, 100))).skipped())
                .singleElement().satisfies(s -> {
                    assertThat(s.path()).isEqualTo("two.zip");
                    assertThat(s.detail()).contains("--max-archive-size");
                });
    }

    @Test
    void aDamagedOrUnsupportedArchiveIsListedAndItsBytesAreScannedAnyway() throws Exception {
        byte[] zip = new TestArchives().file("app.properties", PROPERTIES).zip();
        byte[] cut = java.util.Arrays.copyOf(zip, 40);
        ContentScan.Outcome o = scan(cut, "cut.zip");
        assertThat(o.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(Skipped.Reason.UNREADABLE);
            assertThat(s.detail()).contains("scanned as bytes");
        });

        byte[] zstd = new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        assertThat(scan(zstd, "data.zst").skipped()).singleElement()
                .satisfies(s -> assertThat(s.detail()).contains("zstd"));
    }

    @Test
    void memberNamesCannotClimbOutOfTheArchive() throws Exception {
        byte[] tar = new TestArchives().file("../../etc/app.properties", PROPERTIES).tar();
        assertThat(only(scan(tar, "evil.tar"), "aws-access-key-id").path()).isEqualTo("evil.tar!/etc/app.properties");
    }

    @Test
    void aCleanArchiveWithImagesGivesNothing() throws Exception {
        byte[] png = Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        byte[] jar = new TestArchives().file("icons/logo.png", png).file("app.properties", "name=demo\n").zip();

        ContentScan.Outcome o = scan(jar, "clean.jar");

        assertThat(o.findings()).isEmpty();
        assertThat(o.skipped()).isEmpty();
        assertThat(o.complete()).isTrue();
    }

    @Test
    void aMembersFingerprintDoesNotChangeWhenAnotherMemberDoes() throws Exception {
        byte[] before = new TestArchives().file("README.txt", "v1").file("app.properties", PROPERTIES).zip();
        byte[] after = new TestArchives().file("README.txt", "version two, longer").file("app.properties", PROPERTIES)
                .file("new.txt", "added").zip();

        assertThat(only(scan(after, "service.jar"), "aws-access-key-id").fingerprint())
                .isEqualTo(only(scan(before, "service.jar"), "aws-access-key-id").fingerprint());
    }

    @Test
    void aBase64EncodedKeyInAScriptIsReportedAtTheEncodedTextAsDecoded() {
        String encoded = Base64.getEncoder().encodeToString(
                utf8("AWS_SECRET_ACCESS_KEY=" + SECRET + " AWS_ACCESS_KEY_ID=" + KEY));
        String script = "#!/bin/sh\necho '" + encoded + "' | base64 -d > ~/.env\n";

        ContentScan.Outcome o = scan(utf8(script), "setup.sh");

        Finding key = only(o, "aws-access-key-id");
        assertThat(key.line()).isEqualTo(2);
        assertThat(key.column()).isEqualTo(7);
        assertThat(key.endColumn()).isEqualTo(6 + encoded.length());
        assertThat(key.secret()).isEqualTo(KEY);
        assertThat(key.attributes()).containsEntry(ContentScan.DECODED_ATTRIBUTE, "base64");
        assertThat(only(o, "aws-secret-access-key").secret()).isEqualTo(SECRET);
    }

    @Test
    void aKubernetesSecretsDataIsReportedAsTheKeyItHoldsWithItsAccount() {
        String yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws\ntype: Opaque\ndata:\n"
                + "  aws_access_key_id: " + Base64.getEncoder().encodeToString(utf8(KEY)) + "\n";

        ContentScan.Outcome o = scan(utf8(yaml), "k8s/secret.yaml");

        Finding key = only(o, "aws-access-key-id");
        assertThat(key.line()).isEqualTo(7);
        assertThat(key.attributes()).containsKey("aws-account").containsEntry(ContentScan.DECODED_ATTRIBUTE, "base64");
        // the decoded key is the finding for that value, not a second "base64 under data:" one
        assertThat(o.findings()).filteredOn(f -> f.line() == 7).hasSize(1);
    }

    @Test
    void urlSafeUnpaddedHexAndNestedEncodingsAreDecoded() {
        String line = "AWS_ACCESS_KEY_ID=" + KEY + "  # deploy";
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(line + "??>>"));
        assertThat(only(scan(utf8("x = \"" + urlSafe + "\"\n"), "a.py"), "aws-access-key-id")
                .attributes()).containsEntry(ContentScan.DECODED_ATTRIBUTE, "base64");

        String hex = HexFormat.of().formatHex(utf8(line));
        assertThat(only(scan(utf8("blob: " + hex + "\n"), "a.yml"), "aws-access-key-id")
                .attributes()).containsEntry(ContentScan.DECODED_ATTRIBUTE, "hex");

        String percent = "cfg=AWS_ACCESS_KEY_ID%3D" + KEY + "%26region%3Deu";
        String nested = Base64.getEncoder().encodeToString(utf8(percent));
        assertThat(only(scan(utf8("payload: " + nested + "\n"), "a.yml"), "aws-access-key-id")
                .attributes()).containsEntry(ContentScan.DECODED_ATTRIBUTE, "base64>percent");

        ContentScan.Options none = new ContentScan.Options(ArchiveLimits.defaults(1 << 20), 0, true);
        assertThat(scan(utf8("payload: " + nested + "\n"), "a.yml", none).findings()).isEmpty();
    }

    @Test
    void imagesDigestsAndIntegrityStringsDecodeToNothing() throws Exception {
        byte[] png = new byte[600];
        new java.util.Random(7).nextBytes(png);
        png[0] = (byte) 0x89;
        String text = "background: url(data:image/png;base64," + Base64.getEncoder().encodeToString(png) + ");\n"
                + "\"integrity\": \"sha512-" + Base64.getEncoder().encodeToString(java.security.MessageDigest
                        .getInstance("SHA-512").digest(png)) + "\",\n"
                + "sha256: " + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(png))
                + "\ncommit 0123456789abcdef0123456789abcdef01234567\n"
                + "const getElementsByTagNameAndClassName = document.querySelectorAll;\n"
                + "see https://example.com/search?q=hello%20world%21&lang=en\n";

        ContentScan.Outcome o = scan(utf8(text), "web/site.css");

        assertThat(o.findings()).isEmpty();
    }
}
