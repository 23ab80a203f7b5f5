package io.leakgate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.Skipped;
import io.leakgate.hook.Verdict.Reason;
import io.leakgate.rules.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every branch of the server's verdict, judged in-process from what a scan found: no git, no JVM of its own. */
class VerdictTest {
    static final String KEY_ID = "AKIAYVP4CIPPOWONZTGT";
    static final String COMMIT = "3f1c0de0a5b8e2c4d6f8091a2b3c4d5e6f708192";
    static final String OTHER_COMMIT = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807";
    static final AuditLog.Pusher PUSHER = new AuditLog.Pusher("alice", "GL_USERNAME");
    static final Skipped TOO_LARGE = new Skipped("big.bin", Skipped.Reason.TOO_LARGE, 30L << 20,
            "0123456789abcdef0123456789abcdef01234567");
    static Detector detector;

    @BeforeAll
    static void loadRules() throws Exception {
        detector = new Detector(new RuleIndex(new ConfigLoader().loadDefault()));
    }

    static Finding secretIn(String path, String commit) {
        byte[] b = ("AWS_ACCESS_KEY_ID=" + KEY_ID + "\n").getBytes(StandardCharsets.UTF_8);
        List<Finding> found = detector.scan(b, b.length, path);
        assertThat(found).hasSize(1);
        Finding f = found.get(0);
        return commit == null ? f : f.withProvenance(new Provenance(commit, "A U Thor", "a@example.com",
                "2024-01-02T03:04:05Z", "add config"));
    }

    static ServerSettings settings(ServerSettings.Outcome onUnscanned, boolean allowBypass, Set<String> warnRules) {
        return new ServerSettings(warnRules, Duration.ofSeconds(4), ServerSettings.Outcome.REJECT,
                ServerSettings.Outcome.REJECT, onUnscanned, ServerSettings.DEFAULT_MAX_FILE_SIZE, allowBypass,
                Path.of("audit.jsonl"), null, null, 10, 3, 2);
    }

    static final ServerSettings DEFAULTS = settings(ServerSettings.Outcome.REJECT, true, Set.of());

    static Verdict.Scanned push(List<Finding> findings, List<Skipped> unscanned, String bypass) {
        return new Verdict.Scanned(findings, unscanned, Map.of(COMMIT, "refs/heads/main"), bypass, PUSHER);
    }

    static String printed(Verdict v) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        v.printTo(new HookMessages(err, Map.of()));
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPushWithNothingFoundAndEverythingScannedIsAcceptedSilently() {
        Verdict v = Verdict.ofScan(push(List.of(), List.of(), null), DEFAULTS);
        assertThat(v.exitCode()).isEqualTo(PreReceive.ACCEPT);
        assertThat(v.reasons()).containsExactly(Reason.CLEAN);
        assertThat(v.messages()).isEmpty();
        assertThat(v.audit()).isEmpty();
    }

    @Test
    void aSecretRejectsThePushListingItRedactedWithAdviceAndNoAuditEntry() {
        Finding f = secretIn("app.env", COMMIT);
        Verdict v = Verdict.ofScan(push(List.of(f), List.of(), null), DEFAULTS);
        assertThat(v.exitCode()).isEqualTo(PreReceive.REJECT);
        assertThat(v.reasons()).containsExactly(Reason.SECRET);
        assertThat(v.audit()).isEmpty();
        String out = printed(v);
        assertThat(out).contains("push rejected: 1 secret introduced by this push", "3f1c0de0a5b8  app.env:1:",
                "fingerprint " + f.fingerprint(), "What to do:", "leakgate.bypass")
                .doesNotContain(KEY_ID);
    }

    @Test
    void theSameSecretCarriedBySeveralCommitsIsListedOnceAtTheFirst() {
        Verdict v = Verdict.ofScan(push(List.of(secretIn("app.env", COMMIT), secretIn("app.env", OTHER_COMMIT)),
                List.of(), null), DEFAULTS);
        assertThat(printed(v)).contains("1 secret introduced").contains("3f1c0de0a5b8").doesNotContain("9e8d7c6b5a4f");
    }

    @Test
    void aSecretInABlobATagPointsAtRejectsLikeAnyOtherAndItsBypassEntryNamesThePathWithoutACommit() {
        Finding inTaggedBlob = secretIn("refs/tags/keys", null);
        Verdict rejected = Verdict.ofScan(push(List.of(inTaggedBlob), List.of(), null), DEFAULTS);
        assertThat(rejected.exitCode()).isEqualTo(PreReceive.REJECT);
        assertThat(printed(rejected)).contains("  refs/tags/keys:1:");

        Verdict bypassed = Verdict.ofScan(push(List.of(inTaggedBlob), List.of(), "release key, rotated"), DEFAULTS);
        assertThat(bypassed.audit()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("bypass");
            assertThat(e.fields()).containsEntry("path", "refs/tags/keys").containsEntry("commit", null)
                    .containsEntry("ref", null);
        });
    }

    @Test
    void unscannedContentRejectsThePushWhenTheServerRejectsWhatItHasNotScanned() {
        Verdict v = Verdict.ofScan(push(List.of(), List.of(TOO_LARGE), null), DEFAULTS);
        assertThat(v.exitCode()).isEqualTo(PreReceive.REJECT);
        assertThat(v.reasons()).containsExactly(Reason.UNSCANNED);
        assertThat(v.audit()).isEmpty();
        assertThat(printed(v)).contains("1 file version could not be scanned", "big.bin  not scanned: larger than the size limit",
                "raise leakgate.maxFileSize", "Must it land anyway?");
    }

    @Test
    void unscannedContentIsAcceptedWithAnAuditEntryWhenTheServerAcceptsIt() {
        Verdict v = Verdict.ofScan(push(List.of(), List.of(TOO_LARGE), null),
                settings(ServerSettings.Outcome.ACCEPT, true, Set.of()));
        assertThat(v.exitCode()).isEqualTo(PreReceive.ACCEPT);
        assertThat(v.reasons()).containsExactly(Reason.UNSCANNED_ACCEPTED);
        assertThat(v.unaudited()).isNotNull();
        assertThat(v.unaudited().exitCode()).isEqualTo(PreReceive.REJECT);
        assertThat(v.audit()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("accepted-unscanned");
            assertThat(e.fields()).containsEntry("pusher", "alice").containsEntry("pusherFrom", "GL_USERNAME")
                    .containsEntry("path", "big.bin").containsEntry("size", Long.toString(30L << 20))
                    .containsEntry("reason", "larger than leakgate.maxFileSize")
                    .containsEntry("acceptedBy", "leakgate.onUnscanned=accept");
        });
        assertThat(printed(v)).contains("warning: 1 file version not scanned, accepted by server policy");
    }

    @Test
    void aSecretStillRejectsWhenUnscannedContentBesideItIsAccepted() {
        Verdict v = Verdict.ofScan(push(List.of(secretIn("app.env", COMMIT)), List.of(TOO_LARGE), null),
                settings(ServerSettings.Outcome.ACCEPT, true, Set.of()));
        assertThat(v.exitCode()).isEqualTo(PreReceive.REJECT);
        assertThat(v.reasons()).containsExactlyInAnyOrder(Reason.SECRET, Reason.UNSCANNED_ACCEPTED);
        assertThat(v.audit()).extracting(AuditLog.Entry::event).containsExactly("accepted-unscanned");
        assertThat(v.unaudited()).as("a rejection stands without its audit entries").isNull();
    }

    @Test
    void aBypassWithAReasonAcceptsTheSecretAndRecordsItWithoutTheSecret() {
        Finding f = secretIn("app.env", COMMIT);
        Verdict v = Verdict.ofScan(push(List.of(f), List.of(), "test fixture, revoked"), DEFAULTS);
        assertThat(v.exitCode()).isEqualTo(PreReceive.ACCEPT);
        assertThat(v.reasons()).containsExactly(Reason.BYPASSED);
        assertThat(v.audit()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("bypass");
            assertThat(e.fields()).containsEntry("ref", "refs/heads/main").containsEntry("commit", COMMIT)
                    .containsEntry("path", "app.env").containsEntry("kind", "file")
                    .containsEntry("fingerprint", f.fingerprint()).containsEntry("reason", "test fixture, revoked");
            assertThat(e.fields().values()).doesNotContain(KEY_ID);
        });
        assertThat(printed(v)).contains("1 secret accepted by bypass (\"test fixture, revoked\")").doesNotContain(KEY_ID);
    }

    @Test
    void aBypassAlsoAcceptsUnscannedContentTheServerWouldReject() {
        Verdict v = Verdict.ofScan(push(List.of(secretIn("app.env", COMMIT)), List.of(TOO_LARGE), "vendored"), DEFAULTS);
        assertThat(v.exitCode()).isEqualTo(PreReceive.ACCEPT);
        assertThat(v.audit()).extracting(AuditLog.Entry::event).containsExactly("bypass", "accepted-unscanned");
        assertThat(v.audit().get(1).fields()).containsEntry("acceptedBy", "bypass: vendored");
        assertThat(printed(v)).contains("1 secret and 1 unscanned file version accepted by bypass");
    }

    @Test
    void aBypassIsRefusedOnAServerThatDoesNotAllowIt() {
        Verdict v = Verdict.ofScan(push(List.of(secretIn("app.env", COMMIT)), List.of(), "please"),
                settings(ServerSettings.Outcome.REJECT, false, Set.of()));
        assertThat(v.exitCode()).isEqualTo(PreReceive.REJECT);
        assertThat(v.reasons()).containsExactlyInAnyOrder(Reason.SECRET, Reason.BYPASS_NOT_ALLOWED);
        assertThat(v.audit()).isEmpty();
        assertThat(printed(v)).contains("bypass was requested, but this server does not allow it")
                .doesNotContain("Must it land anyway");
    }

    @Test
    void aBypassWithoutAReasonIsRefused() {
        Verdict v = Verdict.ofScan(push(List.of(secretIn("app.env", COMMIT)), List.of(), " "), DEFAULTS);
        assertThat(v.exitCode()).isEqualTo(PreReceive.REJECT);
        assertThat(v.reasons()).containsExactlyInAnyOrder(Reason.SECRET, Reason.BYPASS_WITHOUT_REASON);
        assertThat(v.audit()).isEmpty();
        assertThat(printed(v)).contains("a bypass needs a reason");
    }

    @Test
    void findingsOfRulesSetToWarnOnlyAreShownButNeverBlock() {
        Finding f = secretIn("app.env", COMMIT);
        Verdict v = Verdict.ofScan(push(List.of(f), List.of(), null),
                settings(ServerSettings.Outcome.REJECT, true, Set.of(f.rule().id())));
        assertThat(v.exitCode()).isEqualTo(PreReceive.ACCEPT);
        assertThat(v.reasons()).containsExactly(Reason.WARNED);
        assertThat(printed(v)).contains("warning: 1 possible secret (rules set to warn only on this server)");
    }

    @Test
    void aPushTheBudgetRanOutOnIsRejectedSayingWhatWasLeft() {
        Verdict v = Verdict.ofTimeout(List.of(new RefUpdate(COMMIT, OTHER_COMMIT, "refs/heads/main")), DEFAULTS,
                "12 file versions left", 4.0, PUSHER);
        assertThat(v.exitCode()).isEqualTo(PreReceive.REJECT);
        assertThat(v.reasons()).containsExactly(Reason.OUT_OF_TIME);
        assertThat(printed(v)).contains("did not finish within 4.0 s (12 file versions left).");
    }

    @Test
    void aPushTheBudgetRanOutOnIsAcceptedWhenTheServerSaysSoWithAnEntryPerUpdatedRefButNoneForADeletion() {
        ServerSettings acceptOnTimeout = new ServerSettings(Set.of(), Duration.ofMillis(4500),
                ServerSettings.Outcome.ACCEPT, ServerSettings.Outcome.REJECT, ServerSettings.Outcome.REJECT,
                ServerSettings.DEFAULT_MAX_FILE_SIZE, true, Path.of("audit.jsonl"), null, null, 10, 3, 2);
        List<RefUpdate> updates = List.of(
                new RefUpdate(RefUpdate.ZERO, COMMIT, "refs/heads/new"),
                new RefUpdate(COMMIT, OTHER_COMMIT, "refs/heads/main"),
                new RefUpdate(OTHER_COMMIT, RefUpdate.ZERO, "refs/heads/gone"));
        Verdict v = Verdict.ofTimeout(updates, acceptOnTimeout, null, 4.5, PUSHER);
        assertThat(v.exitCode()).isEqualTo(PreReceive.ACCEPT);
        assertThat(v.audit()).extracting(e -> e.fields().get("ref")).containsExactly("refs/heads/new", "refs/heads/main");
        assertThat(v.audit().get(0).fields()).containsEntry("unscannedRange", COMMIT)
                .containsEntry("left", "listing not finished").containsEntry("reason", "time budget of 4500 ms exhausted");
        assertThat(v.audit().get(1).fields()).containsEntry("unscannedRange", COMMIT + ".." + OTHER_COMMIT);
        assertThat(v.unaudited().exitCode()).isEqualTo(PreReceive.REJECT);
    }

    @Test
    void aPushThatOnlyDeletesRefsIsAcceptedAsClean() {
        // A deletion brings no content: the listing yields nothing to scan, and nothing is judged.
        Verdict v = Verdict.ofScan(push(List.of(), List.of(), null), DEFAULTS);
        assertThat(v.accepted()).isTrue();
        Verdict timedOut = Verdict.ofTimeout(List.of(new RefUpdate(COMMIT, RefUpdate.ZERO, "refs/heads/gone")),
                settings(ServerSettings.Outcome.REJECT, true, Set.of()), null, 1.0, PUSHER);
        assertThat(timedOut.audit()).isEmpty();
    }

    @Test
    void aScanThatCouldNotRunRejectsWithAnErrorUnlessTheServerAcceptsItAudited() {
        List<RefUpdate> updates = List.of(new RefUpdate(COMMIT, OTHER_COMMIT, "refs/heads/main"));
        Verdict rejected = Verdict.ofError(ServerSettings.Outcome.REJECT, updates, "", "unsupported repository", PUSHER);
        assertThat(rejected.exitCode()).isEqualTo(PreReceive.ERROR);
        assertThat(printed(rejected)).contains("could not run: unsupported repository", "problem on the server");

        Verdict accepted = Verdict.ofError(ServerSettings.Outcome.ACCEPT, updates, "", "unsupported repository", PUSHER);
        assertThat(accepted.exitCode()).isEqualTo(PreReceive.ACCEPT);
        assertThat(accepted.audit()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("accepted-after-error");
            assertThat(e.fields()).containsEntry("refs", "refs/heads/main " + OTHER_COMMIT)
                    .containsEntry("error", "unsupported repository");
        });
        assertThat(accepted.unaudited().exitCode()).isEqualTo(PreReceive.ERROR);
    }
}
