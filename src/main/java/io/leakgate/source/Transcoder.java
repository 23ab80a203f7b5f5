package io.leakgate.source;

import io.leakgate.detect.Detector;
import io.leakgate.finding.Finding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;

/**
 * Turns UTF-16 and UTF-32 text (with a byte order mark, or recognised by where its zero bytes
 * fall) into UTF-8, since the detector matches UTF-8 bytes. Everything else, binary included,
 * is passed through untouched; so is content that claims a wide encoding but does not decode.
 */
public final class Transcoder {
    /** How many leading bytes are looked at to recognise text without a byte order mark. */
    private static final int SAMPLE = 4096;

    private Transcoder() {
    }

    /** Content ready for the detector: {@code bytes[0, length)} is UTF-8 or untouched bytes. */
    public record Text(byte[] bytes, int length) {
        /** Scans the text as the file {@code path}; lines and columns are those of the text. */
        public List<Finding> scan(Detector detector, String path) {
            return detector.scan(bytes, length, path);
        }
    }

    enum Encoding {
        UTF8(1), UTF16LE(2), UTF16BE(2), UTF32LE(4), UTF32BE(4);

        final int unit;

        Encoding(int unit) {
            this.unit = unit;
        }
    }

    /** A recognised encoding and the length of its byte order mark (0 when it had none). */
    record Sniffed(Encoding encoding, int bom) {
    }

    /** {@code b[0, len)} as UTF-8: the same array when nothing needs transcoding. */
    public static Text toUtf8(byte[] b, int len) {
        Sniffed s = sniff(b, len);
        if (s.encoding() == Encoding.UTF8) {
            return new Text(b, len);
        }
        Decoder d = new Decoder(s.encoding(), true);
        byte[] out = new byte[d.maxOutput(len - s.bom())];
        int n = d.decode(b, s.bom(), len, out, 0);
        if (n < 0) {
            return new Text(b, len);
        }
        if (d.consumed < len) {
            n = Decoder.put(out, n, 0xFFFD); // a last unit cut short
        }
        return new Text(out, n);
    }

    /** A stream of {@code in} as UTF-8; undecodable units become U+FFFD once a wide encoding is recognised. */
    public static InputStream toUtf8(InputStream in) throws IOException {
        byte[] head = in.readNBytes(SAMPLE);
        Sniffed s = sniff(head, head.length);
        if (s.encoding() == Encoding.UTF8) {
            return new SequenceInputStream(new ByteArrayInputStream(head), in);
        }
        return new Utf8Stream(new Decoder(s.encoding(), false), head, s.bom(), in);
    }

    private static final Encoding[] WIDE = {Encoding.UTF32LE, Encoding.UTF32BE, Encoding.UTF16LE, Encoding.UTF16BE};
    private static final Sniffed PLAIN = new Sniffed(Encoding.UTF8, 0);

    static Sniffed sniff(byte[] b, int len) {
        if (len >= 4 && u8(b, 0) == 0xFF && u8(b, 1) == 0xFE && b[2] == 0 && b[3] == 0) {
            return new Sniffed(Encoding.UTF32LE, 4);
        }
        if (len >= 4 && b[0] == 0 && b[1] == 0 && u8(b, 2) == 0xFE && u8(b, 3) == 0xFF) {
            return new Sniffed(Encoding.UTF32BE, 4);
        }
        if (len >= 2 && u8(b, 0) == 0xFF && u8(b, 1) == 0xFE) {
            return new Sniffed(Encoding.UTF16LE, 2);
        }
        if (len >= 2 && u8(b, 0) == 0xFE && u8(b, 1) == 0xFF) {
            return new Sniffed(Encoding.UTF16BE, 2);
        }
        int n = Math.min(len, SAMPLE) & ~3;
        if (n < 8) {
            return PLAIN;
        }
        // Wide text that is mostly ASCII is mostly zero bytes: without one, it is not wide text.
        // (The common case, and a plain loop: every blob of a history passes here.)
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                zeros++;
            }
        }
        if (zeros * 20 < n * 7) {
            return PLAIN;
        }
        for (Encoding e : WIDE) {
            if (looksLike(b, n, e)) {
                return new Sniffed(e, 0);
            }
        }
        return PLAIN;
    }

    /**
     * Mostly ASCII text in a wide encoding: at least 70% of the units are printable ASCII, tab,
     * CR or LF, and no unit is another ASCII control character (binary structures of small
     * integers have those), nor NUL.
     */
    private static boolean looksLike(byte[] b, int n, Encoding e) {
        int ascii = 0;
        int units = n / e.unit;
        for (int p = 0; p < n; p += e.unit) {
            int u = Decoder.unit(b, p, e);
            if (e.unit == 4 && u > 0x10FFFF) {
                return false;
            }
            if (u < 0x80) {
                if (u < 0x20 && u != '\t' && u != '\n' && u != '\r' || u == 0x7F) {
                    return false;
                }
                ascii++;
            }
        }
        return ascii * 10 >= units * 7;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    /** Decodes code units into UTF-8; not thread safe (it remembers how far it got). */
    static final class Decoder {
        private final Encoding encoding;
        private final boolean strict;
        /** Index after the last byte decoded by the latest {@link #decode} call. */
        int consumed;

        Decoder(Encoding encoding, boolean strict) {
            this.encoding = encoding;
            this.strict = strict;
        }

        /** Output bytes {@code n} input bytes can need at most (U+FFFD for a cut last unit included). */
        int maxOutput(int n) {
            return (encoding.unit == 2 ? n / 2 * 3 : n) + 3;
        }

        /**
         * Decodes the whole units of {@code src[from, to)} into {@code dst} from {@code out};
         * stops before a unit (or surrogate pair) that is cut off by {@code to}.
         *
         * @return the new output position, or -1 when strict and the input is not valid
         */
        int decode(byte[] src, int from, int to, byte[] dst, int out) {
            int unit = encoding.unit;
            int p = from;
            while (to - p >= unit) {
                int u = unit(src, p, encoding);
                int step = unit;
                int cp = u;
                if (u >= 0xD800 && u <= 0xDFFF) {
                    cp = 0xFFFD;
                    if (unit == 2 && u <= 0xDBFF) {
                        if (to - p < 4) {
                            break;
                        }
                        int low = unit(src, p + 2, encoding);
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                            step = 4;
                        }
                    }
                } else if (u > 0x10FFFF) {
                    cp = 0xFFFD;
                }
                if (cp == 0xFFFD && u != 0xFFFD && strict) {
                    return -1;
                }
                out = put(dst, out, cp);
                p += step;
            }
            consumed = p;
            return out;
        }

        static int unit(byte[] b, int p, Encoding e) {
            return switch (e) {
                case UTF16LE -> (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
                case UTF16BE -> (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
                case UTF32LE -> (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16
                        | (b[p + 3] & 0x7F) << 24 | (b[p + 3] < 0 ? 0x7FFFFFFF : 0);
                case UTF32BE -> (b[p] & 0x7F) << 24 | (b[p] < 0 ? 0x7FFFFFFF : 0) | (b[p + 1] & 0xFF) << 16
                        | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
                case UTF8 -> b[p] & 0xFF;
            };
        }

        static int put(byte[] dst, int out, int cp) {
            if (cp < 0x80) {
                dst[out++] = (byte) cp;
            } else if (cp < 0x800) {
                dst[out++] = (byte) (0xC0 | cp >> 6);
                dst[out++] = (byte) (0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                dst[out++] = (byte) (0xE0 | cp >> 12);
                dst[out++] = (byte) (0x80 | cp >> 6 & 0x3F);
                dst[out++] = (byte) (0x80 | cp & 0x3F);
            } else {
                dst[out++] = (byte) (0xF0 | cp >> 18);
                dst[out++] = (byte) (0x80 | cp >> 12 & 0x3F);
                dst[out++] = (byte) (0x80 | cp >> 6 & 0x3F);
                dst[out++] = (byte) (0x80 | cp & 0x3F);
            }
            return out;
        }
    }

    /** Transcodes a stream block by block, carrying a cut unit over to the next block. */
    private static final class Utf8Stream extends InputStream {
        private final Decoder decoder;
        private final InputStream in;
        private final byte[] raw = new byte[64 * 1024];
        private final byte[] out;
        private int rawLength;
        private int outPos;
        private int outLength;
        private boolean eof;

        Utf8Stream(Decoder decoder, byte[] head, int bom, InputStream in) {
            this.decoder = decoder;
            this.in = in;
            this.out = new byte[decoder.maxOutput(raw.length)];
            rawLength = head.length - bom;
            System.arraycopy(head, bom, raw, 0, rawLength);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (outPos == outLength) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, outLength - outPos);
            System.arraycopy(out, outPos, b, off, n);
            outPos += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (eof && rawLength == 0) {
                return false;
            }
            while (!eof && rawLength < raw.length) {
                int n = in.read(raw, rawLength, raw.length - rawLength);
                if (n < 0) {
                    eof = true;
                } else {
                    rawLength += n;
                    if (rawLength >= raw.length / 2) {
                        break;
                    }
                }
            }
            outLength = decoder.decode(raw, 0, rawLength, out, 0);
            outPos = 0;
            int left = rawLength - decoder.consumed;
            System.arraycopy(raw, decoder.consumed, raw, 0, left);
            rawLength = left;
            if (eof && rawLength > 0) {
                outLength = Decoder.put(out, outLength, 0xFFFD);
                rawLength = 0;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
