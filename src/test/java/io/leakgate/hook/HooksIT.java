package io.leakgate.hook;

import io.leakgate.source.archive.TestArchives;
import java.util.Base64;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakgate.Processes;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks as a user meets them: the packaged jar installed with {@code leakgate install} into
 * real repositories, driven by real {@code git push} and {@code git commit}.
 */
class HooksIT {
    static final String AWS_ID = "AKIAYVP4CIPPOWONZTGT";
    static final String AWS_SECRET = "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";
    static final String DOCKERFILE = "FROM alpine:3.19\nENV AWS_ACCESS_KEY=" + AWS_ID + "\n"
            + "ENV AWS_SECRET_ACCESS_KEY=" + AWS_SECRET + "\n";

    @TempDir
    static Path shared;
    static Path template;

    @TempDir
    Path dir;
    Git git;
    Path server;
    Path clone;

    /** Installs the pre-receive hook once; each test copies the installed hooks directory. */
    @BeforeAll
    static void installOnce() throws Exception {
        Git g = new Git(shared.resolve("home"));
        Path bare = shared.resolve("template.git");
        g.ok(shared, "init", "-q", "--bare", bare.toString());
        Git.Result r = runJar(shared, "install", "pre-receive", "--repo", bare.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("installed").contains("class-data archive");
        template = bare.resolve("hooks");
        assertThat(template.resolve("leakgate.jar")).exists();
        assertThat(template.resolve("leakgate.jsa")).exists();
    }

    @BeforeEach
    void repositories() throws Exception {
        git = new Git(dir.resolve("home"));
        server = dir.resolve("server.git");
        git.ok(dir, "init", "-q", "--bare", server.toString());
        git.ok(server, "config", "receive.advertisePushOptions", "true");
        for (String f : List.of("pre-receive", "leakgate.jar", "leakgate.jsa")) {
            Files.copy(template.resolve(f), server.resolve("hooks").resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
        clone = dir.resolve("clone");
        git.ok(dir, "clone", "-q", server.toString(), clone.toString());
        commit("README.md", "# demo\n", "first commit");
        git.ok(clone, "push", "-q", "origin", "main");
    }

    @Test
    void acceptsACleanPush() throws Exception {
        commit("app.py", "print('hello')\n", "add app");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isZero();
    }

    @Test
    void rejectsPushThatAddsAwsKeyInDockerfileAndLeavesNoTraceOnTheServer() throws Exception {
        commit("Dockerfile", DOCKERFILE, "add image");
        String blob = git.ok(clone, "rev-parse", "HEAD:Dockerfile");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("remote: leakgate: push rejected")
                .contains("Dockerfile:2:").contains("aws-access-key-id")
                .contains("AKIAYVP4…ZTGT").doesNotContain(AWS_ID).doesNotContain(AWS_SECRET)
                .contains("git commit --amend").contains("Rotate the credential");
        assertThat(git.run(server, "cat-file", "-e", blob).exit()).as("blob must not be on the server").isNotZero();
        assertThat(git.ok(server, "rev-parse", "main")).isNotEqualTo(git.ok(clone, "rev-parse", "HEAD"));
    }

    @Test
    void rejectsCredentialsOnAContinuedDockerfileLineAndPointsAtTheLineTheyAreOn() throws Exception {
        commit("docker/Dockerfile", "FROM alpine:3.20\n"
                + "RUN apk add curl \\\n"
                + " && curl -fsSL -u deploy:Zq8vT2mLx4Rw \\\n"
                + "      https://artifacts.acme.net/app.tgz | tar xz\n"
                + "ENV DB_PASSWORD=hunter2\n", "add image");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push rejected")
                .contains("docker/Dockerfile:3:").contains("curl-basic-auth")
                .contains("docker/Dockerfile:5:").contains("dockerfile-secret-variable-literal")
                .doesNotContain("Zq8vT2mLx4Rw").doesNotContain("hunter2");
    }

    @Test
    void rejectsASecretAddedAndDeletedWithinOnePush() throws Exception {
        commit("Dockerfile", DOCKERFILE, "add image");
        commit("Dockerfile", "FROM alpine:3.19\n", "remove the key again");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push rejected").contains("Dockerfile:2:");
    }

    @Test
    void rejectsASecretInAPushLargeEnoughThatGitKeepsItAsAPackInTheQuarantine() throws Exception {
        // Past receive.unpackLimit (100 objects) git keeps the pushed pack instead of loose objects.
        String blob = null;
        for (int i = 0; i < 60; i++) {
            commit("notes/n" + (i % 7) + ".txt", "note " + i + "\n", "note " + i);
            if (i == 30) {
                commit("Dockerfile", DOCKERFILE, "add image");
                blob = git.ok(clone, "rev-parse", "HEAD:Dockerfile");
            }
        }
        commit("Dockerfile", "FROM alpine:3.19\n", "remove the key again");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push rejected").contains("Dockerfile:2:");
        assertThat(git.run(server, "cat-file", "-e", blob).exit()).as("blob must not be on the server").isNotZero();
    }

    @Test
    void aReplaceRefPushedAheadCannotHideASecretCommit() throws Exception {
        // The pusher first lands refs/replace/<id of the secret commit> -> a clean commit, so that a
        // git that honours replace refs would show the clean commit in place of the secret one.
        commit("Dockerfile", DOCKERFILE, "add image");
        String secret = git.ok(clone, "rev-parse", "HEAD");
        git.ok(clone, "checkout", "-q", "-b", "decoy", "HEAD~1");
        commit("Dockerfile", "FROM alpine:3.19\n", "decoy");
        String decoy = git.ok(clone, "rev-parse", "HEAD");
        git.ok(clone, "checkout", "-q", "main");
        Git.Result first = git.run(clone, "push", "origin", decoy + ":refs/replace/" + secret);
        assertThat(first.exit()).as(first.all()).isZero();
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push rejected").contains("Dockerfile:2:");
    }

    @Test
    void rejectsASecretOnlyOnTheSecondRefOfAMultiRefPush() throws Exception {
        commit("ok.txt", "fine\n", "clean change");
        git.ok(clone, "checkout", "-q", "-b", "feature");
        commit("deploy/Dockerfile", DOCKERFILE, "feature with a key");
        git.ok(clone, "checkout", "-q", "main");
        Git.Result push = git.run(clone, "push", "origin", "main", "feature");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("deploy/Dockerfile:2:");
        assertThat(git.run(server, "rev-parse", "--verify", "-q", "feature").exit()).isNotZero();
    }

    @Test
    void rejectsATagThatCarriesASecret() throws Exception {
        git.ok(clone, "checkout", "-q", "--detach");
        commit("Dockerfile", DOCKERFILE, "release build");
        git.ok(clone, "tag", "-a", "v1.0", "-m", "release");
        git.ok(clone, "checkout", "-q", "main");
        Git.Result push = git.run(clone, "push", "origin", "v1.0");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push rejected");
    }

    @Test
    void rejectsALightweightTagThatPointsStraightAtABlobWithASecret() throws Exception {
        Path key = dir.resolve("key.env");
        Files.writeString(key, "AWS_ACCESS_KEY_ID=" + AWS_ID + "\nAWS_SECRET_ACCESS_KEY=" + AWS_SECRET + "\n");
        String blob = git.ok(clone, "hash-object", "-w", key.toString());
        git.ok(clone, "tag", "leak", blob);
        Git.Result push = git.run(clone, "push", "origin", "refs/tags/leak");
        assertThat(push.exit()).as(push.all()).isNotZero();
        assertThat(push.err()).contains("push rejected").contains("refs/tags/leak").contains("aws-access-key-id")
                .doesNotContain(AWS_SECRET);
        assertThat(git.run(server, "cat-file", "-e", blob).exit()).as("blob must not be on the server").isNotZero();
    }

    @Test
    void rejectsAnAnnotatedTagOfABlobAndATagOfATree() throws Exception {
        Path key = dir.resolve("key.env");
        Files.writeString(key, "AWS_ACCESS_KEY_ID=" + AWS_ID + "\nAWS_SECRET_ACCESS_KEY=" + AWS_SECRET + "\n");
        String blob = git.ok(clone, "hash-object", "-w", key.toString());
        git.ok(clone, "tag", "-a", "-m", "just a blob", "blobtag", blob);
        Git.Result blobPush = git.run(clone, "push", "origin", "refs/tags/blobtag");
        assertThat(blobPush.exit()).as(blobPush.all()).isNotZero();
        assertThat(blobPush.err()).contains("push rejected").contains("refs/tags/blobtag");

        Path index = dir.resolve("tree-index");
        Git alt = git.with("GIT_INDEX_FILE", index.toString());
        alt.ok(clone, "update-index", "--add", "--cacheinfo", "100644," + blob + ",config/deploy.env");
        String tree = alt.ok(clone, "write-tree");
        git.ok(clone, "tag", "treetag", tree);
        Git.Result treePush = git.run(clone, "push", "origin", "refs/tags/treetag");
        assertThat(treePush.exit()).as(treePush.all()).isNotZero();
        assertThat(treePush.err()).contains("push rejected").contains("config/deploy.env");
    }

    @Test
    void rejectsContentTheServerAlreadyHoldsWhenANewCommitIntroducesIt() throws Exception {
        // A secret lands on a scratch branch by bypass; the branch is deleted, the blob stays.
        git.ok(clone, "checkout", "-q", "-b", "scratch");
        commit("Dockerfile", DOCKERFILE, "scratch with a key");
        git.ok(clone, "push", "-q", "-o", "leakgate.bypass=scratch experiment", "origin", "scratch");
        String bypassed = git.ok(clone, "rev-parse", "HEAD");
        git.ok(clone, "push", "-q", "origin", "--delete", "scratch");
        git.ok(clone, "checkout", "-q", "main");

        commit("deploy/Dockerfile", DOCKERFILE, "same content, on main");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as("a blob already on the server is not thereby scanned").isNotZero();
        assertThat(push.err()).contains("push rejected").contains("deploy/Dockerfile:2:");

        // The bypassed commit itself, still in the server's object store, pushed to another branch.
        Git.Result again = git.run(clone, "push", "origin", bypassed + ":refs/heads/revived");
        assertThat(again.exit()).as(again.all()).isNotZero();
        assertThat(again.err()).contains("push rejected").contains("Dockerfile:2:");
    }

    @Test
    void remembersCleanBlobsButNeverABypassedOne() throws Exception {
        commit("app.py", "print('clean')\n", "clean");
        git.ok(clone, "push", "-q", "origin", "main");
        try (Stream<Path> files = Files.list(server.resolve("leakgate"))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("clean-"))).hasSize(1);
        }
        // Rewritten history re-introduces the same blobs: still judged, still clean.
        git.ok(clone, "commit", "-q", "--amend", "-m", "clean, reworded");
        assertThat(git.run(clone, "push", "--force", "origin", "main").exit()).isZero();
    }

    @Test
    void rejectsAFileTooLargeToScanUnlessPolicyAcceptsItWithAnAuditEntry() throws Exception {
        git.ok(server, "config", "leakgate.maxFileSize", "1k");
        commit("big.env", "AWS_ACCESS_KEY_ID=" + AWS_ID + "\n" + "#".repeat(4000) + "\n", "a large env file");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isNotZero();
        assertThat(push.err()).contains("push rejected").contains("not scanned").contains("big.env")
                .contains("larger than");

        git.ok(server, "config", "leakgate.onUnscanned", "accept");
        Git.Result accepted = git.run(clone, "push", "origin", "main");
        assertThat(accepted.exit()).as(accepted.all()).isZero();
        assertThat(accepted.err()).contains("not scanned").contains("big.env");
        JsonNode entry = new ObjectMapper().readTree(Files.readAllLines(server.resolve("leakgate-audit.jsonl")).get(0));
        assertThat(entry.get("event").asText()).isEqualTo("accepted-unscanned");
        assertThat(entry.get("path").asText()).isEqualTo("big.env");
        assertThat(entry.get("reason").asText()).contains("larger than");
    }

    @Test
    void refusesABypassWithoutAReason() throws Exception {
        commit("Dockerfile", DOCKERFILE, "add image");
        for (String option : List.of("leakgate.bypass", "leakgate.bypass=", "leakgate.bypass=\"  \"")) {
            Git.Result push = git.run(clone, "push", "-o", option, "origin", "main");
            assertThat(push.exit()).as(option).isNotZero();
            assertThat(push.err()).contains("push rejected").contains("needs a reason");
        }
        assertThat(server.resolve("leakgate-audit.jsonl")).doesNotExist();
    }

    @Test
    void theTimeBudgetCoversListingTheCommitsNotOnlyScanning() throws Exception {
        // A git whose log never answers: the hook must still decide once its budget is spent.
        Path slowGit = dir.resolve("slow-git");
        String realGit = Processes.run(List.of("sh", "-c", "command -v git"), dir, e -> { }, null, 30).out().trim();
        Files.writeString(slowGit, "#!/bin/sh\ncase \"$1\" in log) exec sleep 300 ;; esac\nexec " + realGit + " \"$@\"\n");
        slowGit.toFile().setExecutable(true);
        git.ok(server, "config", "leakgate.timeBudget", "2s");
        commit("a.txt", "a\n", "a");
        Git.Result push = git.with("LEAKGATE_GIT", slowGit.toString()).run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("did not finish within 2.0 s");
    }

    @Test
    void rejectsASecretInACommitMessageOrAnAnnotatedTagsMessage() throws Exception {
        commit("app.py", "print('ok')\n", "deploy fix\n\nused AWS_ACCESS_KEY_ID=" + AWS_ID + " to test");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isNotZero();
        assertThat(push.err()).contains("push rejected").contains(" message:3:").contains("aws-access-key-id")
                .doesNotContain(AWS_ID);

        git.ok(clone, "reset", "-q", "--hard", "HEAD~1");
        git.ok(clone, "tag", "-a", "v2.0", "-m", "release\n\nAWS_ACCESS_KEY_ID=" + AWS_ID);
        Git.Result tag = git.run(clone, "push", "origin", "refs/tags/v2.0");
        assertThat(tag.exit()).as(tag.all()).isNotZero();
        assertThat(tag.err()).contains("push rejected").contains("tag v2.0 message").doesNotContain(AWS_ID);
    }

    @Test
    void acceptsBranchCreationAndDeletion() throws Exception {
        git.ok(clone, "checkout", "-q", "-b", "topic");
        commit("topic.txt", "work\n", "topic work");
        assertThat(git.run(clone, "push", "origin", "topic").exit()).isZero();
        Git.Result delete = git.run(clone, "push", "origin", "--delete", "topic");
        assertThat(delete.exit()).as(delete.all()).isZero();
    }

    @Test
    void judgesForcePushesByWhatTheyBring() throws Exception {
        commit("a.txt", "a\n", "a");
        git.ok(clone, "push", "-q", "origin", "main");
        git.ok(clone, "reset", "-q", "--hard", "HEAD~1");
        commit("Dockerfile", DOCKERFILE, "rewritten with a key");
        assertThat(git.run(clone, "push", "--force", "origin", "main").exit()).isNotZero();
        git.ok(clone, "reset", "-q", "--hard", "HEAD~1");
        commit("b.txt", "b\n", "rewritten clean");
        assertThat(git.run(clone, "push", "--force", "origin", "main").exit()).isZero();
    }

    @Test
    void rejectsASecretIntroducedByAMergeCommitAndAcceptsACleanMerge() throws Exception {
        git.ok(clone, "checkout", "-q", "-b", "side");
        commit("side.txt", "side\n", "side work");
        git.ok(clone, "checkout", "-q", "main");
        commit("main.txt", "main\n", "main work");
        git.ok(clone, "merge", "-q", "--no-ff", "-m", "merge side", "side");
        assertThat(git.run(clone, "push", "origin", "main").exit()).isZero();

        git.ok(clone, "checkout", "-q", "-b", "side2");
        commit("s2.txt", "s2\n", "side2 work");
        git.ok(clone, "checkout", "-q", "main");
        commit("m2.txt", "m2\n", "main2 work");
        git.ok(clone, "merge", "-q", "--no-ff", "--no-commit", "side2");
        Files.writeString(clone.resolve("Dockerfile"), DOCKERFILE);
        git.ok(clone, "add", "Dockerfile");
        git.ok(clone, "commit", "-q", "-m", "evil merge");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("Dockerfile:2:");
    }

    @Test
    void doesNotBlockLaterEditsOfAFileWhoseSecretIsAlreadyOnTheServer() throws Exception {
        commit("Dockerfile", DOCKERFILE, "old key");
        git.ok(clone, "push", "-q", "-o", "leakgate.bypass=legacy import", "origin", "main");
        commit("Dockerfile", DOCKERFILE + "CMD [\"sh\"]\n", "unrelated edit");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isZero();
    }

    @Test
    void acceptsABypassWithAReasonAndAuditsItWithoutTheSecret() throws Exception {
        commit("Dockerfile", DOCKERFILE, "add image");
        Git.Result push = git.with("USER", "alice").run(clone, "push", "-o", "leakgate.bypass=test fixture, rotated",
                "origin", "main");
        assertThat(push.exit()).as(push.all()).isZero();
        assertThat(push.err()).contains("accepted by bypass");
        List<String> audit = Files.readAllLines(server.resolve("leakgate-audit.jsonl"));
        assertThat(audit).hasSize(2);
        JsonNode entry = new ObjectMapper().readTree(audit.get(0));
        assertThat(entry.get("event").asText()).isEqualTo("bypass");
        assertThat(entry.get("pusher").asText()).isEqualTo("alice");
        assertThat(entry.get("pusherFrom").asText()).isEqualTo("USER");
        assertThat(entry.get("ref").asText()).isEqualTo("refs/heads/main");
        assertThat(entry.get("commit").asText()).isEqualTo(git.ok(clone, "rev-parse", "HEAD"));
        assertThat(entry.get("reason").asText()).isEqualTo("test fixture, rotated");
        assertThat(entry.get("fingerprint").asText()).matches("v2-[0-9a-f]{32}");
        assertThat(String.join("\n", audit)).doesNotContain(AWS_ID).doesNotContain(AWS_SECRET);
    }

    @Test
    void refusesABypassItCannotAuditAndSaysWhy() throws Exception {
        // a regular file where the log's directory should be: the entry cannot be written
        Files.writeString(server.resolve("not-a-dir"), "x");
        git.ok(server, "config", "leakgate.auditLog", "not-a-dir/audit.jsonl");
        commit("Dockerfile", DOCKERFILE, "add image");
        Git.Result push = git.run(clone, "push", "-o", "leakgate.bypass=fixture", "origin", "main");
        assertThat(push.exit()).as(push.all()).isNotZero();
        assertThat(push.err()).contains("push rejected: the audit log cannot be written").doesNotContain("accepted by bypass");
    }

    @Test
    void auditsThePersonTheHostingSoftwareNamesNotTheHostingAccount() throws Exception {
        commit("Dockerfile", DOCKERFILE, "add image");
        Git.Result push = git.with("USER", "git").with("GL_USER", "bob")
                .run(clone, "push", "-o", "leakgate.bypass=fixture", "origin", "main");
        assertThat(push.exit()).as(push.all()).isZero();
        JsonNode entry = new ObjectMapper().readTree(Files.readAllLines(server.resolve("leakgate-audit.jsonl")).get(0));
        assertThat(entry.get("pusher").asText()).isEqualTo("bob");
        assertThat(entry.get("pusherFrom").asText()).isEqualTo("GL_USER");
    }

    @Test
    void refusesABypassWhenTheServerDisablesIt() throws Exception {
        git.ok(server, "config", "leakgate.allowBypass", "false");
        commit("Dockerfile", DOCKERFILE, "add image");
        Git.Result push = git.run(clone, "push", "-o", "leakgate.bypass=please", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("does not allow it");
        assertThat(server.resolve("leakgate-audit.jsonl")).doesNotExist();
    }

    @Test
    void acceptsASecretMarkedAllowedInline() throws Exception {
        commit("test/fixture.env", "AWS_ACCESS_KEY_ID=" + AWS_ID + " # leakgate:allow\n", "fixture");
        assertThat(git.run(clone, "push", "origin", "main").exit()).isZero();
    }

    @Test
    void acceptsASecretInTheServersBaseline() throws Exception {
        Files.writeString(clone.resolve("Dockerfile"), DOCKERFILE);
        Git.Result create = runJar(clone, "baseline", "create", "-r", server.resolve("baseline.json").toString(), "Dockerfile");
        assertThat(create.exit()).as(create.all()).isIn(0, 1);
        git.ok(server, "config", "leakgate.baseline", "baseline.json");
        commit("Dockerfile", DOCKERFILE, "known, rotated key");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isZero();
    }

    @Test
    void honoursTheIgnoreFileOnTheServerButNotOneThePushBringsItself() throws Exception {
        Files.writeString(clone.resolve("Dockerfile"), DOCKERFILE);
        JsonNode report = new ObjectMapper().readTree(runJar(clone, "scan", "-f", "json", "Dockerfile").out());
        String ignore = report.get("findings").findValuesAsText("fingerprint").stream()
                .reduce("# accepted: fake keys in a fixture\n", (a, b) -> a + b + "\n");
        Files.writeString(clone.resolve(".leakgateignore"), ignore);
        git.ok(clone, "add", ".leakgateignore", "Dockerfile");
        git.ok(clone, "commit", "-q", "-m", "a key and its own ignore file");
        Git.Result selfIgnored = git.run(clone, "push", "origin", "main");
        assertThat(selfIgnored.exit()).as("a push cannot wave its own secret through").isNotZero();
        assertThat(selfIgnored.err()).contains("push rejected").contains("takes two pushes");
        for (String fingerprint : report.get("findings").findValuesAsText("fingerprint")) {
            assertThat(selfIgnored.err()).as("the rejection prints each fingerprint").contains("fingerprint " + fingerprint);
        }

        git.ok(clone, "reset", "-q", "--hard", "HEAD~1");
        commit(".leakgateignore", ignore, "ignore the fixture keys (reviewed)");
        assertThat(git.run(clone, "push", "origin", "main").exit()).isZero();
        commit("Dockerfile", DOCKERFILE, "fixture keys, ignored on the server");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isZero();
    }

    @Test
    void rulesSetToWarnOnlyDoNotBlock() throws Exception {
        git.ok(server, "config", "--add", "leakgate.warnRule", "aws-access-key-id");
        git.ok(server, "config", "--add", "leakgate.warnRule", "aws-secret-access-key");
        commit("Dockerfile", DOCKERFILE, "add image");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isZero();
        assertThat(push.err()).contains("warning");
    }

    @Test
    void aBrokenServerConfigRejectsWithAClearMessage() throws Exception {
        Files.writeString(server.resolve("rules.toml"), "[[rules]]\nid = \"x\"\nregex = '''(oops'''\n");
        git.ok(server, "config", "leakgate.config", "rules.toml");
        commit("app.py", "print(1)\n", "clean");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("the secret scan could not run").contains("rules.toml:3:")
                .doesNotContain("Exception");
    }

    @Test
    void aBrokenServerConfigIsAcceptedAndAuditedWhenPolicySaysSo() throws Exception {
        Files.writeString(server.resolve("rules.toml"), "not toml at all = = =\n");
        git.ok(server, "config", "leakgate.config", "rules.toml");
        git.ok(server, "config", "leakgate.onError", "accept");
        commit("app.py", "print(1)\n", "clean");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isZero();
        assertThat(Files.readString(server.resolve("leakgate-audit.jsonl"))).contains("accepted-after-error");
    }

    @Test
    void aTimeBudgetThatRunsOutRejectsByDefault() throws Exception {
        git.ok(server, "config", "leakgate.timeBudget", "1ms");
        for (int i = 0; i < 3; i++) {
            commit("f" + i + ".txt", "content " + i + "\n", "commit " + i);
        }
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("did not finish within");
    }

    @Test
    void aSha256RepositoryIsAnExplicitErrorNotASilentPass() throws Exception {
        Path sha = dir.resolve("sha256.git");
        git.ok(dir, "init", "-q", "--bare", "--object-format=sha256", sha.toString());
        Files.copy(template.resolve("pre-receive"), sha.resolve("hooks/pre-receive"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(template.resolve("leakgate.jar"), sha.resolve("hooks/leakgate.jar"));
        Path work = dir.resolve("sha-work");
        git.ok(dir, "init", "-q", "--object-format=sha256", work.toString());
        Files.writeString(work.resolve("a.txt"), "a\n");
        git.ok(work, "add", "a.txt");
        git.ok(work, "commit", "-q", "-m", "a");
        Git.Result push = git.run(work, "push", sha.toString(), "HEAD:main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("sha256 repositories are not supported");
    }

    @Test
    void aSha256RepositoryFollowsOnErrorAcceptFromItsGitConfigWithAnAuditEntry() throws Exception {
        Path sha = sha256Server("sha256.git");
        git.ok(sha, "config", "leakgate.onError", "accept");
        Git.Result push = pushToSha256(git, sha);
        assertThat(push.exit()).as(push.all()).isZero();
        assertThat(push.err()).contains("sha256 repositories are not supported").contains("accepted unscanned");
        assertThat(Files.readString(sha.resolve("leakgate-audit.jsonl"))).contains("accepted-after-error");
    }

    @Test
    void anOnErrorAcceptGivenOnTheCommandLineIsAuditedToo() throws Exception {
        Path sha = sha256Server("sha256-cli.git");
        Git.Result push = pushToSha256(git.with("LEAKGATE_OPTS", "--on-error accept"), sha);
        assertThat(push.exit()).as(push.all()).isZero();
        assertThat(push.err()).contains("accepted unscanned");
        assertThat(Files.readString(sha.resolve("leakgate-audit.jsonl"))).contains("accepted-after-error")
                .contains("sha256 repositories are not supported");
    }

    private Path sha256Server(String name) throws IOException {
        Path sha = dir.resolve(name);
        git.ok(dir, "init", "-q", "--bare", "--object-format=sha256", sha.toString());
        Files.copy(template.resolve("pre-receive"), sha.resolve("hooks/pre-receive"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(template.resolve("leakgate.jar"), sha.resolve("hooks/leakgate.jar"));
        return sha;
    }

    private Git.Result pushToSha256(Git g, Path sha) throws IOException {
        Path work = dir.resolve(sha.getFileName() + "-work");
        git.ok(dir, "init", "-q", "--object-format=sha256", work.toString());
        Files.writeString(work.resolve("a.txt"), "a\n");
        git.ok(work, "add", "a.txt");
        git.ok(work, "commit", "-q", "-m", "a");
        return g.run(work, "push", sha.toString(), "HEAD:main");
    }

    @Test
    void prefixesMessagesForGitLab() throws Exception {
        commit("Dockerfile", DOCKERFILE, "add image");
        Git.Result push = git.with("GL_ID", "user-7").run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("remote: GL-HOOK-ERR: leakgate: push rejected");
    }

    @Test
    void preCommitBlocksAStagedSecretAndPassesCleanAndFirstCommits() throws Exception {
        Path work = dir.resolve("work");
        git.ok(dir, "init", "-q", work.toString());
        Git.Result install = runJar(work, "install", "pre-commit");
        assertThat(install.exit()).as(install.all()).isZero();

        Files.writeString(work.resolve("README.md"), "# first\n");
        git.ok(work, "add", ".");
        Git.Result first = git.run(work, "commit", "-m", "first");
        assertThat(first.exit()).as(first.all()).isZero();

        Files.writeString(work.resolve("Dockerfile"), DOCKERFILE);
        git.ok(work, "add", "Dockerfile");
        Git.Result blocked = git.run(work, "commit", "-m", "add key");
        assertThat(blocked.exit()).isNotZero();
        assertThat(blocked.err()).contains("commit blocked").contains("Dockerfile:2:").doesNotContain(AWS_SECRET);

        git.ok(work, "rm", "-q", "--cached", "Dockerfile");
        Files.writeString(work.resolve("app.py"), "print('ok')\n");
        git.ok(work, "add", "app.py");
        assertThat(git.run(work, "commit", "-m", "clean").exit()).isZero();
    }

    @Test
    void rejectsAPushCarryingAKeyInsideAJarATarballOrBase64TextAndNamesWhere() throws Exception {
        String properties = "aws.accessKeyId=" + AWS_ID + "\naws.secretKey=" + AWS_SECRET + "\n";
        commitBytes("lib/service.jar", new TestArchives().file("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
                .file("BOOT-INF/classes/application.properties", properties).zip(), "add the service jar");
        commitBytes("dist/release.tar.gz", TestArchives.gzip(new TestArchives().file("app/.env", properties).tar()),
                "add the release");
        String encoded = Base64.getEncoder().encodeToString(("AWS_ACCESS_KEY_ID=" + AWS_ID).getBytes(UTF_8));
        commit("setup.sh", "#!/bin/sh\necho '" + encoded + "' | base64 -d >> ~/.aws/env\n", "add setup");

        Git.Result push = git.run(clone, "push", "origin", "main");

        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push rejected")
                .contains("lib/service.jar!/BOOT-INF/classes/application.properties:1:")
                .contains("dist/release.tar.gz!/app/.env:1:")
                .contains("setup.sh:2:7 (base64-encoded)  aws-access-key-id")
                .doesNotContain(AWS_ID).doesNotContain(AWS_SECRET);
    }

    @Test
    void anArchiveOverALimitFollowsTheServersPolicyForUnscannedContent() throws Exception {
        commitBytes("data/zeros.gz", TestArchives.gzip(new byte[64 << 20]), "add a bomb");

        Git.Result rejected = git.run(clone, "push", "origin", "main");
        assertThat(rejected.exit()).isNotZero();
        assertThat(rejected.err()).contains("data/zeros.gz").contains("decompression bomb");

        git.ok(server, "config", "leakgate.onUnscanned", "accept");
        Git.Result accepted = git.run(clone, "push", "origin", "main");
        assertThat(accepted.exit()).as(accepted.all()).isZero();
        assertThat(accepted.err()).contains("data/zeros.gz");
    }

    @Test
    void theServerSetsHowDeepArchivesAreOpenedAndADeeperOneIsUnscannedContent() throws Exception {
        byte[] inner = new TestArchives().file("app.properties", "aws.accessKeyId=" + AWS_ID + "\n").zip();
        commitBytes("dist/bundle.zip", new TestArchives().file("lib/inner.jar", inner).zip(), "add the bundle");
        git.ok(server, "config", "leakgate.archiveDepth", "1");

        Git.Result rejected = git.run(clone, "push", "origin", "main");
        assertThat(rejected.exit()).isNotZero();
        assertThat(rejected.err()).contains("dist/bundle.zip!/lib/inner.jar  not scanned").doesNotContain(AWS_ID);

        git.ok(server, "config", "leakgate.archiveDepth", "2");
        Git.Result deeper = git.run(clone, "push", "origin", "main");
        assertThat(deeper.exit()).isNotZero();
        assertThat(deeper.err()).contains("dist/bundle.zip!/lib/inner.jar!/app.properties:1:")
                .contains("aws-access-key-id");
    }

    @Test
    void preCommitAndPrePushSeeInsideArchivesAndEncodings() throws Exception {
        assertThat(runJar(clone, "install", "pre-commit").exit()).isZero();
        Files.write(clone.resolve("backup.tgz"), TestArchives.gzip(new TestArchives()
                .file("etc/app.env", "AWS_SECRET_ACCESS_KEY=" + AWS_SECRET + "\nAWS_ACCESS_KEY_ID=" + AWS_ID + "\n")
                .tar()));
        git.ok(clone, "add", "backup.tgz");
        Git.Result commit = git.run(clone, "commit", "-m", "backup");
        assertThat(commit.exit()).isNotZero();
        assertThat(commit.err()).contains("backup.tgz!/etc/app.env:2:").doesNotContain(AWS_ID);
        git.ok(clone, "reset", "-q");
        Files.delete(clone.resolve(".git/hooks/pre-commit"));

        assertThat(runJar(clone, "install", "pre-push").exit()).isZero();
        String hex = java.util.HexFormat.of().formatHex(("aws_access_key_id = " + AWS_ID).getBytes(UTF_8));
        commit("config/blob.yml", "payload: " + hex + "\n", "add payload");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push blocked").contains("config/blob.yml:1:10 (hex-encoded)");
    }

    @Test
    void preCommitSaysWhichStagedFilesItDidNotScan() throws Exception {
        assertThat(runJar(clone, "install", "pre-commit").exit()).isZero();
        Files.writeString(clone.resolve("big.env"), "TOKEN=x\n" + "#".repeat(4000) + "\n");
        git.ok(clone, "add", "big.env");
        Git.Result commit = git.with("LEAKGATE_OPTS", "--max-file-size 1k").run(clone, "commit", "-m", "big file");
        assertThat(commit.exit()).as(commit.all()).isZero();
        assertThat(commit.err()).contains("not scanned").contains("big.env");
    }

    @Test
    void prePushBlocksASecretInACommitMessage() throws Exception {
        assertThat(runJar(clone, "install", "pre-push").exit()).isZero();
        commit("app.py", "print('ok')\n", "AWS_ACCESS_KEY_ID=" + AWS_ID);
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push blocked").contains(" message:1:");
    }

    @Test
    void prePushUnderThePreCommitFrameworkScansANewBranchWhoseRootCommitHoldsASecret() throws Exception {
        // The framework gives no input for the first push of a branch that brings its root
        // commit: only the remote's name and the local branch, in its environment.
        git.ok(clone, "checkout", "-q", "--orphan", "fresh");
        git.ok(clone, "rm", "-q", "-r", "--cached", ".");
        commit("Dockerfile", DOCKERFILE, "root commit with a key");
        Git.Result r = runJar(clone, e -> {
            e.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("PRE_COMMIT"));
            e.put("PRE_COMMIT", "1");
            e.put("PRE_COMMIT_REMOTE_NAME", "origin");
            e.put("PRE_COMMIT_REMOTE_URL", server.toString());
            e.put("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/fresh");
            e.put("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/fresh");
        }, "pre-push");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("push blocked").contains("Dockerfile:2:");
    }

    @Test
    void prePushWithNothingOnStandardInputSaysSo() throws Exception {
        Git.Result r = runJar(clone, "pre-push", "origin", server.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.err()).contains("nothing was scanned");
    }

    @Test
    void prePushBlocksATagOfABlobWithASecret() throws Exception {
        assertThat(runJar(clone, "install", "pre-push").exit()).isZero();
        Path key = dir.resolve("key.env");
        Files.writeString(key, "AWS_ACCESS_KEY_ID=" + AWS_ID + "\n");
        git.ok(clone, "tag", "leak", git.ok(clone, "hash-object", "-w", key.toString()));
        Git.Result push = git.run(clone, "push", "origin", "refs/tags/leak");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push blocked").contains("refs/tags/leak");
    }

    @Test
    void preCommitHonoursTheWorkTreesIgnoreFile() throws Exception {
        assertThat(runJar(clone, "install", "pre-commit").exit()).isZero();
        Files.writeString(clone.resolve("Dockerfile"), DOCKERFILE);
        JsonNode report = new ObjectMapper().readTree(runJar(clone, "scan", "-f", "json", "Dockerfile").out());
        Files.writeString(clone.resolve(".leakgateignore"), String.join("\n",
                report.get("findings").findValuesAsText("fingerprint")) + "\n");
        git.ok(clone, "add", "Dockerfile", ".leakgateignore");
        Git.Result commit = git.run(clone, "commit", "-m", "fixture keys, accepted");
        assertThat(commit.exit()).as(commit.all()).isZero();
    }

    @Test
    void prePushBlocksCommitsTheRemoteDoesNotHave() throws Exception {
        Git.Result install = runJar(clone, "install", "pre-push");
        assertThat(install.exit()).as(install.all()).isZero();
        commit("Dockerfile", DOCKERFILE, "add image");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("push blocked").contains("Dockerfile:2:");
    }

    @Test
    void installsIntoALinkedWorktreeWhereGitRunsItsHooks() throws Exception {
        Path linked = dir.resolve("linked");
        git.ok(clone, "worktree", "add", "-q", linked.toString());
        Git.Result install = runJar(linked, "install", "pre-commit");
        assertThat(install.exit()).as(install.all()).isZero();
        assertThat(clone.resolve(".git/hooks/pre-commit")).exists();
        Files.writeString(linked.resolve("Dockerfile"), DOCKERFILE);
        git.ok(linked, "add", "Dockerfile");
        Git.Result commit = git.run(linked, "commit", "-m", "key in a worktree");
        assertThat(commit.exit()).as(commit.all()).isNotZero();
        assertThat(commit.err()).contains("commit blocked").contains("Dockerfile:2:");
    }

    @Test
    void installSaysSoWhenTheHooksPathIsATrackedDirectoryOfTheWorkTree() throws Exception {
        git.ok(clone, "config", "core.hooksPath", ".githooks");
        Git.Result install = runJar(clone, "install", "pre-commit");
        assertThat(install.exit()).as(install.all()).isZero();
        assertThat(install.all()).contains("inside the work tree").contains(".gitignore");
        assertThat(clone.resolve(".githooks/pre-commit")).exists();
    }

    @Test
    void worksLinkedFromASharedHooksDirectoryBesideAHookManagersOwnUpdateHook() throws Exception {
        // gitolite's layout: hooks live in a common directory and are linked into every repository;
        // its update hook (here a stand-in that protects one branch) must keep running.
        Path common = dir.resolve("gitolite/hooks/common");
        Files.createDirectories(common);
        Path update = common.resolve("update");
        Files.writeString(update, "#!/bin/sh\ncase \"$1\" in refs/heads/protected) echo \"access denied\" >&2; exit 1 ;; esac\n");
        update.toFile().setExecutable(true);
        Path own = server.resolve("hooks");
        Files.delete(own.resolve("pre-receive"));
        Files.createSymbolicLink(own.resolve("update"), update);
        Git.Result install = runJar(dir, "install", "pre-receive", "--repo", server.toString(),
                "--hooks-dir", common.toString());
        assertThat(install.exit()).as(install.all()).isZero();
        assertThat(install.all()).contains("holds other hooks (update").contains("gitolite");
        Files.createSymbolicLink(own.resolve("pre-receive"), common.resolve("pre-receive"));
        Files.delete(own.resolve("leakgate.jar"));
        Files.delete(own.resolve("leakgate.jsa"));

        commit("Dockerfile", DOCKERFILE, "add image");
        Git.Result push = git.run(clone, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isNotZero();
        assertThat(push.err()).contains("push rejected").contains("Dockerfile:2:");
        git.ok(clone, "reset", "-q", "--hard", "HEAD~1");
        Git.Result denied = git.run(clone, "push", "origin", "main:protected");
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.err()).contains("access denied");
    }

    @Test
    void refusesToInstallIntoASha256RepositoryItCannotRead() throws Exception {
        Path sha = dir.resolve("sha-install.git");
        git.ok(dir, "init", "-q", "--bare", "--object-format=sha256", sha.toString());
        Git.Result install = runJar(dir, "install", "pre-receive", "--repo", sha.toString());
        assertThat(install.exit()).as(install.all()).isEqualTo(2);
        assertThat(install.err()).contains("SHA-1 repositories only").doesNotContain("Exception");
        assertThat(sha.resolve("hooks/pre-receive")).doesNotExist();
    }

    @Test
    void installLauncherFollowsHome() throws Exception {
        Path home = dir.resolve("someone");
        Files.createDirectories(home);
        Git.Result r = runJar(dir, e -> e.put("HOME", home.toString()), "install", "launcher");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(home.resolve(".local/bin/leakgate")).exists();
    }

    @Test
    void installRefusesToClobberAForeignHookAndChainsItOnRequest() throws Exception {
        Path hook = clone.resolve(".git/hooks/pre-commit");
        Files.writeString(hook, "#!/bin/sh\necho chained-hook-ran >&2\nexit 0\n");
        hook.toFile().setExecutable(true);
        Git.Result refused = runJar(clone, "install", "pre-commit");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("already exists").contains("--chain");
        assertThat(Files.readString(hook)).contains("chained-hook-ran");

        assertThat(runJar(clone, "install", "pre-commit", "--chain").exit()).isZero();
        Files.writeString(clone.resolve("x.txt"), "x\n");
        git.ok(clone, "add", "x.txt");
        Git.Result commit = git.run(clone, "commit", "-m", "x");
        assertThat(commit.exit()).as(commit.all()).isZero();
        assertThat(commit.err()).contains("chained-hook-ran");
    }

    @Test
    void installsTheLauncherWithAnArchiveAndItScansHistoryAndRefusesAForeignCommand() throws Exception {
        commit("Dockerfile", DOCKERFILE, "add image");
        Path bin = dir.resolve("bin");
        Git.Result install = runJar(dir, "install", "launcher", "--dir", bin.toString());
        assertThat(install.exit()).as(install.all()).isZero();
        assertThat(install.out()).contains("installed " + bin.resolve("leakgate")).contains("class-data archive");
        assertThat(bin.resolve("leakgate.jar")).exists();
        assertThat(bin.resolve("leakgate.jsa")).exists();

        Processes.Result scan = Processes.run(List.of(bin.resolve("leakgate").toString(), "git", "--format", "json",
                "."), clone, e -> e.put("LEAKGATE_JAVA_OPTS", "-Xshare:on"), null, 120);
        assertThat(scan.exit()).as(scan.err()).isEqualTo(1);
        JsonNode finding = new ObjectMapper().readTree(scan.out()).get("findings").get(0);
        assertThat(finding.get("path").asText()).isEqualTo("Dockerfile");
        assertThat(finding.get("subject").asText()).isEqualTo("add image");

        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("leakgate"), "#!/bin/sh\necho someone else's\n");
        Git.Result refused = runJar(dir, "install", "launcher", "--dir", other.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("already exists and is not leakgate's launcher");
        assertThat(Files.readString(other.resolve("leakgate"))).contains("someone else's");
    }

    private void commitBytes(String path, byte[] content, String message) throws IOException {
        Path file = clone.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        git.ok(clone, "add", path);
        git.ok(clone, "commit", "-q", "-m", message);
    }

    private void commit(String path, String content, String message) throws IOException {
        Path file = clone.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        git.ok(clone, "add", path);
        git.ok(clone, "commit", "-q", "-m", message);
    }

    static Git.Result runJar(Path cwd, String... args) {
        return runJar(cwd, e -> { }, args);
    }

    /** Runs the packaged jar with {@code environment} applied to the inherited environment; no input. */
    static Git.Result runJar(Path cwd, java.util.function.Consumer<java.util.Map<String, String>> environment,
            String... args) {
        String jar = System.getProperty("leakgate.jar", "target/leakgate.jar");
        List<String> cmd = Stream.concat(Stream.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(jar).toAbsolutePath().toString()), Stream.of(args)).toList();
        Processes.Result r = Processes.run(cmd, cwd, environment, null, 180);
        return new Git.Result(r.exit(), r.out(), r.err());
    }
}
