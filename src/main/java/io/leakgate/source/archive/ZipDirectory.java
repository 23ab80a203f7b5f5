package io.leakgate.source.archive;

/**
 * Reads the entry count a zip declares in its end-of-central-directory record, so a zip of a
 * million entries is refused before a reader builds a million entry objects.
 */
final class ZipDirectory {
    private static final int EOCD_SIZE = 22;

    private ZipDirectory() {
    }

    /** The declared number of entries, or 0 when there is no readable record (the reader then decides). */
    static int entries(byte[] b, int len) {
        int lowest = Math.max(0, len - EOCD_SIZE - 0xffff);
        for (int i = len - EOCD_SIZE; i >= lowest; i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                int total = (b[i + 10] & 0xff) | (b[i + 11] & 0xff) << 8;
                // 0xffff: the real count is in the zip64 record, which the reader checks as it goes
                return total == 0xffff ? 0 : total;
            }
        }
        return 0;
    }
}
