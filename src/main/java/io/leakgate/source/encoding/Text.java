package io.leakgate.source.encoding;

/** Whether decoded bytes are text worth scanning, rather than the binary most encodings carry. */
final class Text {
    private Text() {
    }

    /**
     * True when {@code b[0, n)} is printable ASCII, tabs and line breaks, allowing one byte in
     * twenty to be anything else but a NUL (accents, a stray control): random or compressed bytes
     * fail at once.
     */
    static boolean looksLike(byte[] b, int n) {
        int other = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (c == 0 || ++other * 20 > n) {
                return false;
            }
        }
        return n > 0;
    }
}
