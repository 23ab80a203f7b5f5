package io.leakgate.detect;

import io.leakgate.finding.Finding;
import io.leakgate.rules.Rule;
import io.leakgate.rules.Validation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Offline checks applied to a finding after its rule matched: checksums and structure tests
 * that drop impossible secrets, and facts (tags, attributes) established from the secret or
 * its surroundings. Nothing here touches the network.
 */
final class Validators {
    static final String CANARY = "canary";

    private Validators() {
    }

    /**
     * Returns the finding (possibly with added tags and attributes), or null to drop it.
     *
     * @param content    the scanned buffer, for checks that look around the match
     * @param length     the buffer's length
     * @param matchStart where the rule's match starts in the buffer
     * @param matchEnd   where it ends (exclusive)
     */
    static Finding apply(RuleIndex index, Rule rule, Finding finding, byte[] content, int length, int matchStart, int matchEnd) {
        Finding f = finding;
        for (Validation v : rule.validate()) {
            String secret = f.secret();
            switch (v) {
                case GITHUB_CRC32, NPM_CRC32 -> {
                    if (!TokenChecksum.valid(secret)) {
                        return null;
                    }
                }
                case JWT -> {
                    if (!StructureChecks.jwt(secret)) {
                        return null;
                    }
                }
                case PEM_BODY -> {
                    if (!StructureChecks.pemBody(utf8(content, matchStart, matchEnd))) {
                        return null;
                    }
                }
                case WIREGUARD_KEY -> {
                    if (!StructureChecks.wireguardKey(secret)) {
                        return null;
                    }
                }
                case AWS_ACCOUNT -> {
                    String account = AwsAccount.of(secret);
                    if (account != null) {
                        f = index.canaryAwsAccounts.contains(account)
                                ? f.withFacts(List.of(CANARY), Map.of("aws-account", account,
                                        "canary", "AWS account " + account + " belongs to a canary-token service"))
                                : f.withFacts(List.of(), Map.of("aws-account", account));
                    }
                }
                default -> throw new IllegalStateException("unhandled validation " + v);
            }
        }
        String host = CanaryContext.host(content, length, matchStart, matchEnd);
        if (host != null) {
            f = f.withFacts(List.of(CANARY), Map.of("canary", "found next to canary-token host " + host));
        }
        return f;
    }

    private static String utf8(byte[] content, int from, int to) {
        return new String(content, from, to - from, StandardCharsets.UTF_8);
    }
}
