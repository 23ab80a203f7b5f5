package io.leakgate.source.git;

import java.util.zip.DataFormatException;

/** Git's delta format: a base size, a result size, then copy-from-base and insert instructions. */
final class Delta {
    private Delta() {
    }

    /** Applies {@code delta} to {@code base}; null when the result would exceed {@code limit}. */
    static byte[] apply(byte[] base, byte[] delta, long limit) throws DataFormatException {
        int p = 0;
        long baseSize = 0;
        int shift = 0;
        int c;
        do {
            c = delta[p++] & 0xff;
            baseSize |= (long) (c & 0x7f) << shift;
            shift += 7;
        } while ((c & 0x80) != 0);
        long resultSize = 0;
        shift = 0;
        do {
            c = delta[p++] & 0xff;
            resultSize |= (long) (c & 0x7f) << shift;
            shift += 7;
        } while ((c & 0x80) != 0);
        if (baseSize != base.length) {
            throw new DataFormatException("delta expects a base of " + baseSize + " bytes, got " + base.length);
        }
        if (resultSize > limit) {
            return null;
        }
        byte[] out = new byte[(int) resultSize];
        int o = 0;
        while (p < delta.length) {
            int cmd = delta[p++] & 0xff;
            if ((cmd & 0x80) != 0) {
                int off = 0;
                int len = 0;
                if ((cmd & 0x01) != 0) {
                    off = delta[p++] & 0xff;
                }
                if ((cmd & 0x02) != 0) {
                    off |= (delta[p++] & 0xff) << 8;
                }
                if ((cmd & 0x04) != 0) {
                    off |= (delta[p++] & 0xff) << 16;
                }
                if ((cmd & 0x08) != 0) {
                    off |= (delta[p++] & 0xff) << 24;
                }
                if ((cmd & 0x10) != 0) {
                    len = delta[p++] & 0xff;
                }
                if ((cmd & 0x20) != 0) {
                    len |= (delta[p++] & 0xff) << 8;
                }
                if ((cmd & 0x40) != 0) {
                    len |= (delta[p++] & 0xff) << 16;
                }
                if (len == 0) {
                    len = 0x10000;
                }
                if (off < 0 || len > base.length - off || len > out.length - o) {
                    throw new DataFormatException("delta copies outside its base or result");
                }
                System.arraycopy(base, off, out, o, len);
                o += len;
            } else if (cmd != 0) {
                if (cmd > delta.length - p || cmd > out.length - o) {
                    throw new DataFormatException("delta inserts past its end");
                }
                System.arraycopy(delta, p, out, o, cmd);
                p += cmd;
                o += cmd;
            } else {
                throw new DataFormatException("delta has a reserved instruction");
            }
        }
        if (o != out.length) {
            throw new DataFormatException("delta result is " + o + " bytes, expected " + out.length);
        }
        return out;
    }
}
