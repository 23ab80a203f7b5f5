package io.leakgate.source.git;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * One object's header in a pack: its type, its size once inflated, how many bytes the header
 * takes before the compressed data, and a delta's base (an offset in the same pack, or an id).
 * The one parser of pack headers: every reader of packs goes through {@link #parse}.
 */
record PackEntry(long offset, int type, long size, int headerLength, long baseOffset, ObjectId baseId) {
    static final int OFS_DELTA = 6;
    static final int REF_DELTA = 7;
    /** Type and size (10 bytes at most), then a base's distance (10) or id (20). */
    static final int MAX_HEADER = 32;
    /** Where a pack's first object starts, after its 12-byte signature, version and count. */
    static final long FIRST_OBJECT = 12;

    boolean isDelta() {
        return type == OFS_DELTA || type == REF_DELTA;
    }

    /**
     * Parses the header of the object at pack offset {@code offset} from {@code b[from, from + length)}.
     * A header that runs past those bytes, a size of more than 63 bits, or a base distance that
     * reaches before the first object or to the object itself is a {@link CorruptPackException}.
     */
    static PackEntry parse(byte[] b, int from, int length, long offset) throws CorruptPackException {
        int end = from + length;
        int p = from;
        if (p >= end) {
            throw new CorruptPackException("the pack ends before offset " + offset);
        }
        int c = b[p++] & 0xff;
        int type = (c >> 4) & 7;
        long size = c & 15;
        int shift = 4;
        while ((c & 0x80) != 0) {
            if (p >= end) {
                throw new CorruptPackException("the object header at offset " + offset + " does not end");
            }
            c = b[p++] & 0xff;
            long bits = c & 0x7f;
            if (shift > 56 && (shift >= 63 || bits >>> (63 - shift) != 0)) {
                throw new CorruptPackException("the object header at offset " + offset
                        + " gives a size that does not fit in 64 bits");
            }
            size |= bits << shift;
            shift += 7;
        }
        long baseOffset = -1;
        ObjectId baseId = null;
        if (type == OFS_DELTA) {
            if (p >= end) {
                throw new CorruptPackException("the delta at offset " + offset + " is cut short");
            }
            c = b[p++] & 0xff;
            long back = c & 0x7f;
            while ((c & 0x80) != 0) {
                if (p >= end || back >= (1L << 55)) {
                    throw new CorruptPackException("the delta at offset " + offset
                            + " has a base distance that does not end");
                }
                c = b[p++] & 0xff;
                back = ((back + 1) << 7) | (c & 0x7f);
            }
            if (back == 0) {
                throw new CorruptPackException("the delta at offset " + offset + " names itself as its base");
            }
            if (back > offset - FIRST_OBJECT) {
                throw new CorruptPackException("the delta at offset " + offset + " names offset " + (offset - back)
                        + ", before the pack's first object");
            }
            baseOffset = offset - back;
        } else if (type == REF_DELTA) {
            if (p + Constants.OBJECT_ID_LENGTH > end) {
                throw new CorruptPackException("the delta at offset " + offset + " is cut short");
            }
            baseId = ObjectId.fromRaw(b, p);
            p += Constants.OBJECT_ID_LENGTH;
        }
        return new PackEntry(offset, type, size, p - from, baseOffset, baseId);
    }
}
