package io.leakgate.detect;

/**
 * Offline checks applied to a finding after its rule matched: checksums and structure tests
 * that drop impossible secrets, and facts (tags, attributes) established from the secret or
 * its surroundings.
 */
final class Validators {
    private Validators() {
    }

    /**
     * Returns the finding (possibly with added tags and attributes), or null to drop it.
     *
     * @param content the scanned buffer, for checks that look around the match
     * @param length  the buffer's length
     */
    static Finding apply(Finding finding, byte[] content, int length) {
        return finding;
    }
}
