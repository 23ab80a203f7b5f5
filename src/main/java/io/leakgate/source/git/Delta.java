package io.leakgate.source.git;

import java.util.zip.DataFormatException;

/**
 * Git's delta format: a base size, a result size, then copy-from-base and insert instructions.
 * Every read is bounds-checked, so damaged instructions end in a {@link DataFormatException}.
 */
final class Delta {
    private Delta() {
    }

    /** Applies {@code delta} to {@code base}; null when the result would exceed {@code limit}. */
    static byte[] apply(byte[] base, byte[] delta, long limit) throws DataFormatException {
        Cursor at = new Cursor(delta);
        long baseSize = at.size("base");
        long resultSize = at.size("result");
        if (baseSize != base.length) {
            throw new DataFormatException("delta expects a base of " + baseSize + " bytes, got " + base.length);
        }
        if (resultSize > limit || resultSize > Integer.MAX_VALUE - 16) {
            return null;
        }
        byte[] out = new byte[(int) resultSize];
        int o = 0;
        while (at.p < delta.length) {
            int cmd = delta[at.p++] & 0xff;
            if ((cmd & 0x80) != 0) {
                long off = 0;
                int len = 0;
                for (int bit = 0; bit < 4; bit++) {
                    if ((cmd & (1 << bit)) != 0) {
                        off |= (long) at.next() << (8 * bit);
                    }
                }
                for (int bit = 0; bit < 3; bit++) {
                    if ((cmd & (0x10 << bit)) != 0) {
                        len |= at.next() << (8 * bit);
                    }
                }
                if (len == 0) {
                    len = 0x10000;
                }
                if (off > base.length - len || len > out.length - o) {
                    throw new DataFormatException("delta copies outside its base or result");
                }
                System.arraycopy(base, (int) off, out, o, len);
                o += len;
            } else if (cmd != 0) {
                if (cmd > delta.length - at.p || cmd > out.length - o) {
                    throw new DataFormatException("delta inserts past its end");
                }
                System.arraycopy(delta, at.p, out, o, cmd);
                at.p += cmd;
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

    /** A read position in a delta's bytes. */
    private static final class Cursor {
        final byte[] delta;
        int p;

        Cursor(byte[] delta) {
            this.delta = delta;
        }

        int next() throws DataFormatException {
            if (p >= delta.length) {
                throw new DataFormatException("delta ends inside an instruction");
            }
            return delta[p++] & 0xff;
        }

        /** One of the two sizes that open a delta, in 7-bit groups, low first. */
        long size(String which) throws DataFormatException {
            long size = 0;
            int shift = 0;
            int c;
            do {
                if (p >= delta.length) {
                    throw new DataFormatException("delta ends inside its " + which + " size");
                }
                c = delta[p++] & 0xff;
                if (shift > 56 && (shift >= 63 || (c & 0x7f) >>> (63 - shift) != 0)) {
                    throw new DataFormatException("delta gives a " + which + " size that does not fit in 64 bits");
                }
                size |= (long) (c & 0x7f) << shift;
                shift += 7;
            } while ((c & 0x80) != 0);
            return size;
        }
    }
}
