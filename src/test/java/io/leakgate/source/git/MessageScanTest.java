package io.leakgate.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Fingerprint;
import io.leakgate.finding.LocationKind;
import io.leakgate.rules.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The entry point hooks and history scans share for commit and tag messages. */
class MessageScanTest {
    static final String KEY = "AKIAYVP4CIPPOWONZTGT";
    static final String COMMIT_ID = "3f1c0de0a5b8e2c4d6f8091a2b3c4d5e6f708192";
    static final String TAG_ID = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807";

    private final Detector detector;

    MessageScanTest() throws Exception {
        detector = new Detector(new RuleIndex(new ConfigLoader().loadDefault()));
    }

    static byte[] commit(String parent, String extraHeaders, String message) {
        return ("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
                + (parent == null ? "" : "parent " + parent + "\n")
                + "author Dana Example <dana@example.invalid> 1762078500 +0100\n"
                + "committer Dana Example <dana@example.invalid> 1762078500 +0100\n"
                + extraHeaders
                + "\n" + message).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] tag(String headers, String message) {
        return ("object " + COMMIT_ID + "\ntype commit\ntag v1.0\n" + headers + "\n" + message)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCommitMessageFindingIsLocatedInsideTheMessageAndNamesTheCommitItsAuthorAndSubject() {
        byte[] object = commit(null, "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEz\n -----END PGP SIGNATURE-----\n",
                "Rotate keys\n\nthe old one was\nAWS_ACCESS_KEY_ID=" + KEY + "\n");
        List<Finding> found = MessageScan.scan(detector, LocationKind.COMMIT_MESSAGE, COMMIT_ID, object);
        assertThat(found).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.kind()).isEqualTo(LocationKind.COMMIT_MESSAGE);
        assertThat(f.path()).isEqualTo("<commit-message>");
        assertThat(f.line()).isEqualTo(4);
        assertThat(f.column()).isEqualTo("AWS_ACCESS_KEY_ID=".length() + 1);
        assertThat(f.fingerprint()).isEqualTo(Fingerprint.of("aws-access-key-id", "<commit-message>", KEY));
        assertThat(f.provenance().commit()).isEqualTo(COMMIT_ID);
        assertThat(f.provenance().author()).isEqualTo("Dana Example");
        assertThat(f.provenance().email()).isEqualTo("dana@example.invalid");
        assertThat(f.provenance().date()).isEqualTo("2025-11-02T11:15:00+01:00");
        assertThat(f.provenance().subject()).isEqualTo("Rotate keys");
        assertThat(f.place()).isEqualTo("commit 3f1c0de0a5b8 message");
    }

    @Test
    void theSameMessageInARewrittenCommitHasTheSameFingerprint() {
        String message = "Deploy\n\nAWS_ACCESS_KEY_ID=" + KEY + "\n";
        Finding before = MessageScan.scan(detector, LocationKind.COMMIT_MESSAGE, COMMIT_ID,
                commit(null, "", message)).get(0);
        Finding after = MessageScan.scan(detector, LocationKind.COMMIT_MESSAGE, TAG_ID,
                commit(COMMIT_ID, "", message)).get(0);
        assertThat(after.provenance().commit()).isNotEqualTo(before.provenance().commit());
        assertThat(after.fingerprint()).isEqualTo(before.fingerprint());
    }

    @Test
    void aTagMessageFindingNamesTheTagItsTaggerAndTheTagName() {
        byte[] object = tag("tagger Tom Tagger <tom@example.invalid> 1762078500 +0000\n",
                "Release 1.0\n\nAWS_ACCESS_KEY_ID=" + KEY + "\n");
        Finding f = MessageScan.scan(detector, LocationKind.TAG_MESSAGE, TAG_ID, object).get(0);
        assertThat(f.kind()).isEqualTo(LocationKind.TAG_MESSAGE);
        assertThat(f.path()).isEqualTo("<tag-message>");
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.provenance().commit()).isEqualTo(TAG_ID);
        assertThat(f.provenance().author()).isEqualTo("Tom Tagger");
        assertThat(f.provenance().subject()).isEqualTo("Release 1.0");
        assertThat(f.attributes()).containsEntry("tag", "v1.0");
        assertThat(f.place()).isEqualTo("tag v1.0 message");
    }

    @Test
    void anUnknownHeaderOrAMissingTaggerDoesNotHideATagMessage() {
        byte[] object = tag("x-custom anything\n", "AWS_ACCESS_KEY_ID=" + KEY + "\n");
        List<Finding> found = MessageScan.scan(detector, LocationKind.TAG_MESSAGE, TAG_ID, object);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).line()).isEqualTo(1);
        assertThat(found.get(0).provenance().commit()).isEqualTo(TAG_ID);
        assertThat(found.get(0).provenance().author()).isNull();
    }

    @Test
    void aDamagedCommitHeaderStillGivesAFindingThatNamesTheCommit() {
        byte[] object = ("tree nonsense\nauthor nobody\n\nAWS_ACCESS_KEY_ID=" + KEY + "\n").getBytes(StandardCharsets.UTF_8);
        Finding f = MessageScan.scan(detector, LocationKind.COMMIT_MESSAGE, COMMIT_ID, object).get(0);
        assertThat(f.provenance().commit()).isEqualTo(COMMIT_ID);
        assertThat(f.line()).isEqualTo(1);
    }

    @Test
    void headersAreNotTheMessageAndAnObjectWithoutABlankLineHasNone() {
        byte[] inHeader = commit(null, "x-note AWS_ACCESS_KEY_ID=" + KEY + "\n", "clean\n");
        assertThat(MessageScan.scan(detector, LocationKind.COMMIT_MESSAGE, COMMIT_ID, inHeader)).isEmpty();
        byte[] noMessage = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n".getBytes(StandardCharsets.UTF_8);
        assertThat(MessageScan.scan(detector, LocationKind.COMMIT_MESSAGE, COMMIT_ID, noMessage)).isEmpty();
    }

    @Test
    void pathOnlyRulesNeverFireOnAMessageAndAllowlistsSeeThePseudoPathAndTheCommit() throws Exception {
        Detector custom = new Detector(new RuleIndex(new ConfigLoader().loadText("test.toml", """
                [[rules]]
                id = "any-file"
                path = '''.*'''

                [[rules]]
                id = "house-token"
                regex = '''hk_[a-z0-9]{20}'''
                keywords = ["hk_"]

                [[allowlists]]
                commits = ["%s"]

                [[allowlists]]
                paths = ['''^<tag-message>$''']
                """.formatted(TAG_ID))));
        byte[] message = commit(null, "", "token hk_abcdefghij0123456789\n");
        assertThat(MessageScan.scan(custom, LocationKind.COMMIT_MESSAGE, COMMIT_ID, message))
                .extracting(f -> f.rule().id()).containsExactly("house-token");
        assertThat(MessageScan.scan(custom, LocationKind.COMMIT_MESSAGE, TAG_ID, message)).isEmpty();
        assertThat(MessageScan.scan(custom, LocationKind.TAG_MESSAGE, COMMIT_ID,
                tag("", "token hk_abcdefghij0123456789\n"))).isEmpty();
    }

    @Test
    void aFileKindIsRefused() {
        assertThatThrownBy(() -> MessageScan.scan(detector, LocationKind.FILE, COMMIT_ID, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
