package io.leakgate.detect;

/**
 * Recognises, by magic bytes, formats that cannot carry a text secret (images, audio, video,
 * fonts). Everything else is scanned, binary or not: a SQLite file or a core dump can hold a key.
 */
public final class ContentKind {
    private ContentKind() {
    }

    /** Returns a short name of the media format, or null when the content should be scanned. */
    public static String mediaFormat(byte[] b, int len) {
        if (len < 4) {
            return null;
        }
        if (starts(b, len, 0x89, 'P', 'N', 'G')) {
            return "png";
        }
        if (starts(b, len, 0xFF, 0xD8, 0xFF)) {
            return "jpeg";
        }
        if (starts(b, len, 'G', 'I', 'F', '8')) {
            return "gif";
        }
        if (starts(b, len, 'R', 'I', 'F', 'F') && len >= 12) {
            String kind = new String(b, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (kind.equals("WEBP") || kind.equals("WAVE") || kind.startsWith("AVI")) {
                return kind.trim().toLowerCase(java.util.Locale.ROOT);
            }
        }
        if (len >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            return "iso-media";
        }
        if (starts(b, len, 'I', 'D', '3') || starts(b, len, 0xFF, 0xFB) || starts(b, len, 0xFF, 0xF3)) {
            return "mp3";
        }
        if (starts(b, len, 'O', 'g', 'g', 'S')) {
            return "ogg";
        }
        if (starts(b, len, 'f', 'L', 'a', 'C')) {
            return "flac";
        }
        if (starts(b, len, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "matroska";
        }
        if (starts(b, len, 'w', 'O', 'F', 'F') || starts(b, len, 'w', 'O', 'F', '2')) {
            return "woff";
        }
        if (starts(b, len, 0x00, 0x01, 0x00, 0x00, 0x00) || starts(b, len, 'O', 'T', 'T', 'O')) {
            return "font";
        }
        if (starts(b, len, 'I', 'I', 0x2A, 0x00) || starts(b, len, 'M', 'M', 0x00, 0x2A)) {
            return "tiff";
        }
        if (starts(b, len, 0x00, 0x00, 0x01, 0x00) && len > 6 && b[4] != 0) {
            return "ico";
        }
        return null;
    }

    private static boolean starts(byte[] b, int len, int... magic) {
        if (len < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
