package io.leakgate.detect;

import java.util.zip.CRC32;

/**
 * Recognises images that cannot carry a text secret: a PNG, GIF or JPEG counts as media only when
 * the whole content parses as that format, to its end, with no block that holds text. Everything
 * else is scanned, binary or not: a SQLite file or a core dump can hold a key, and a magic number
 * followed by an {@code .env} is an {@code .env}.
 */
public final class ContentKind {
    /** GIF application extensions that only control animation. */
    private static final String[] GIF_APPLICATIONS = {"NETSCAPE2.0", "ANIMEXTS1.0"};

    private ContentKind() {
    }

    /** Returns a short name of the media format, or null when the content should be scanned. */
    public static String mediaFormat(byte[] b, int len) {
        if (len < 8) {
            return null;
        }
        if (png(b, len)) {
            return "png";
        }
        if (gif(b, len)) {
            return "gif";
        }
        if (jpeg(b, len)) {
            return "jpeg";
        }
        return null;
    }

    /**
     * Signature, IHDR first, then chunks whose lengths and CRCs are right, up to IEND at the very
     * end. Text chunks ({@code tEXt}, {@code zTXt}, {@code iTXt}), EXIF and chunk types outside
     * the specification mean the file is scanned.
     */
    private static boolean png(byte[] b, int len) {
        if (!starts(b, len, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')) {
            return false;
        }
        CRC32 crc = new CRC32();
        int p = 8;
        boolean first = true;
        while (len - p >= 12) {
            long length = u32(b, p);
            if (length > len - p - 12) {
                return false;
            }
            int n = (int) length;
            String type = new String(b, p + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            crc.reset();
            crc.update(b, p + 4, 4 + n);
            if (crc.getValue() != u32(b, p + 8 + n)) {
                return false;
            }
            if (first != type.equals("IHDR") || !pixelChunk(type)) {
                return false;
            }
            first = false;
            p += 12 + n;
            if (type.equals("IEND")) {
                return p == len;
            }
        }
        return false;
    }

    /** Chunks of the PNG and APNG specifications that hold no text. */
    private static boolean pixelChunk(String type) {
        return switch (type) {
            case "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP",
                    "bKGD", "hIST", "pHYs", "sPLT", "tIME", "acTL", "fcTL", "fdAT" -> true;
            default -> false;
        };
    }

    /**
     * Header, logical screen descriptor and colour table, then image descriptors (with their LZW
     * data), graphic-control and animation extensions, to the trailer at the very end. Comment
     * and plain-text extensions and other applications' extensions mean the file is scanned.
     */
    private static boolean gif(byte[] b, int len) {
        if (len < 14 || !(starts(b, len, 'G', 'I', 'F', '8', '7', 'a') || starts(b, len, 'G', 'I', 'F', '8', '9', 'a'))) {
            return false;
        }
        int p = 13 + colourTable(b[10]);
        while (p < len) {
            int block = b[p] & 0xFF;
            if (block == 0x3B) {
                return p + 1 == len;
            } else if (block == 0x2C) {
                if (len - p < 11) {
                    return false;
                }
                p += 10 + colourTable(b[p + 9]);
                p += 1; // LZW minimum code size
                p = subBlocks(b, len, p);
            } else if (block == 0x21 && p + 1 < len) {
                int label = b[p + 1] & 0xFF;
                if (label == 0xFF) {
                    if (!gifApplication(b, len, p + 2)) {
                        return false;
                    }
                } else if (label != 0xF9) {
                    return false;
                }
                p = subBlocks(b, len, p + 2);
            } else {
                return false;
            }
            if (p < 0) {
                return false;
            }
        }
        return false;
    }

    private static int colourTable(byte flags) {
        return (flags & 0x80) == 0 ? 0 : 3 << ((flags & 0x07) + 1);
    }

    /** Skips data sub-blocks up to their terminator; -1 when they run past the end. */
    private static int subBlocks(byte[] b, int len, int p) {
        while (p < len) {
            int size = b[p] & 0xFF;
            p += 1 + size;
            if (size == 0) {
                return p;
            }
        }
        return -1;
    }

    private static boolean gifApplication(byte[] b, int len, int p) {
        if (p >= len || b[p] != 11 || len - p < 12) {
            return false;
        }
        String id = new String(b, p + 1, 11, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String allowed : GIF_APPLICATIONS) {
            if (allowed.equals(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Start of image, marker segments with lengths that fit, entropy-coded data after each start
     * of scan, and end of image at the very end. Comments and application segments other than
     * JFIF, ICC profiles and Adobe colour information mean the file is scanned.
     */
    private static boolean jpeg(byte[] b, int len) {
        if (!starts(b, len, 0xFF, 0xD8, 0xFF)) {
            return false;
        }
        int p = 2;
        while (p < len) {
            if ((b[p] & 0xFF) != 0xFF) {
                return false;
            }
            while (p < len && (b[p] & 0xFF) == 0xFF) {
                p++; // fill bytes
            }
            if (p >= len) {
                return false;
            }
            int marker = b[p++] & 0xFF;
            if (marker == 0xD9) {
                return p == len;
            }
            if (marker == 0x00 || marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                return false; // standalone markers do not belong between segments
            }
            if (len - p < 2) {
                return false;
            }
            int length = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            if (length < 2 || length > len - p || !jpegSegment(marker, b, p + 2, length - 2)) {
                return false;
            }
            p += length;
            if (marker == 0xDA) {
                p = entropyCoded(b, len, p);
            }
        }
        return false;
    }

    private static boolean jpegSegment(int marker, byte[] b, int p, int n) {
        return switch (marker) {
            case 0xE0 -> startsAt(b, p, n, "JFIF\0") || startsAt(b, p, n, "JFXX\0");
            case 0xE2 -> startsAt(b, p, n, "ICC_PROFILE\0");
            case 0xEE -> startsAt(b, p, n, "Adobe");
            // frames, Huffman and arithmetic tables, quantisation, scans, restart interval, lines
            default -> (marker >= 0xC0 && marker <= 0xCF) || (marker >= 0xDA && marker <= 0xDF);
        };
    }

    /** Skips entropy-coded data: up to the first marker other than a stuffed zero or a restart. */
    private static int entropyCoded(byte[] b, int len, int p) {
        while (p + 1 < len) {
            if ((b[p] & 0xFF) == 0xFF) {
                int next = b[p + 1] & 0xFF;
                if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
                    return p;
                }
            }
            p++;
        }
        return len;
    }

    private static boolean startsAt(byte[] b, int p, int n, String magic) {
        if (n < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (b[p + i] != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
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
