package io.leakgate.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Text from the scanned content (file names, paths, authors, commit subjects, rule descriptions
 * from a repository's config) made safe for a terminal: every control character is shown as a
 * visible escape ({@code \x1b}, {@code \u202e}), so none can move the cursor, retitle the window,
 * start a forged line or reorder what a reader sees.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code s} with every control character escaped; {@code s} itself when it has none. */
    public static String of(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !control(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!control(c)) {
                b.append(c);
            } else if (c < 0x100) {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    /**
     * C0 (tab and line ends included), DEL, C1, the bidirectional marks, embeddings, overrides and
     * isolates, and the Unicode line and paragraph separators.
     */
    static boolean control(char c) {
        return c < 0x20 || c >= 0x7f && c < 0xa0 || c == 0x061c || c == 0x200e || c == 0x200f
                || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x2028 || c == 0x2029;
    }

    /**
     * For JSON reports: Jackson escapes C0 already; this escapes the rest of {@link #control} as
     * {@code \}{@code u} sequences too, so a JSON report printed to a terminal is as safe as the
     * text one while every value still parses back exactly.
     */
    static final CharacterEscapes JSON = new CharacterEscapes() {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch <= 0xffff && control((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    };
}
