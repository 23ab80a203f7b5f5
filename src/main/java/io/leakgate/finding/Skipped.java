package io.leakgate.finding;

/**
 * Content that was not scanned, and why: a scan never drops a file silently.
 *
 * @param size bytes, or -1 when unknown
 */
public record Skipped(String path, Reason reason, long size, String detail) {
    /** Why content was not scanned. */
    public enum Reason {
        TOO_LARGE("larger than --max-file-size"),
        MEDIA("media format that cannot hold a text secret"),
        UNREADABLE("could not be read"),
        MISSING("object missing from the repository"),
        LIMIT("over an archive limit");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
