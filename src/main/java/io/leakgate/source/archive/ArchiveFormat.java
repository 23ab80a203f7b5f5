package io.leakgate.source.archive;

/**
 * The container formats whose members are scanned, known by their magic bytes (never by name
 * alone, so a renamed jar is opened and a text file called {@code x.zip} is not).
 */
public enum ArchiveFormat {
    /** Zip and everything built on it: jar, war, ear, apk, aar, nupkg, whl, vsix, xpi, docx… */
    ZIP("zip"),
    TAR("tar"),
    GZIP("gzip"),
    BZIP2("bzip2"),
    XZ("xz"),
    /** Recognised so it is named as unscanned, not read: no pure-Java decoder is at hand. */
    ZSTD("zstd");

    private final String label;

    ArchiveFormat(String label) {
        this.label = label;
    }

    /** How reports name the format: {@code zip}, {@code tar}, {@code gzip}… */
    public String label() {
        return label;
    }

    /** The format of {@code b[0, len)} by its magic bytes, or null. */
    public static ArchiveFormat sniff(byte[] b, int len) {
        if (len >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            return ZIP;
        }
        if (len >= 18 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b && b[2] == 8) {
            return GZIP;
        }
        if (len >= 10 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && b[3] >= '1' && b[3] <= '9'
                && b[4] == 0x31 && b[5] == 0x41 && b[6] == 0x59 && b[7] == 0x26 && b[8] == 0x53 && b[9] == 0x59) {
            return BZIP2;
        }
        if (len >= 6 && (b[0] & 0xff) == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z' && b[5] == 0) {
            return XZ;
        }
        if (len >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f
                && (b[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (isTar(b, len)) {
            return TAR;
        }
        return null;
    }

    /** A POSIX or GNU tar header with a valid checksum: the magic alone is six bytes of text. */
    private static boolean isTar(byte[] b, int len) {
        if (len < 512 || b[257] != 'u' || b[258] != 's' || b[259] != 't' || b[260] != 'a' || b[261] != 'r') {
            return false;
        }
        long stored = 0;
        boolean digits = false;
        for (int i = 148; i < 156; i++) {
            int c = b[i];
            if (c >= '0' && c <= '7') {
                stored = stored * 8 + (c - '0');
                digits = true;
            } else if (c != ' ' && c != 0 || digits && c == ' ') {
                break;
            }
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : b[i] & 0xff;
        }
        return digits && stored == sum;
    }
}
