package io.leakgate.regex;

import java.nio.charset.StandardCharsets;

/**
 * A zero-copy view of a byte range as characters, one char per byte, so RE2J can match bytes
 * without a String of the whole file. Offsets in the view are byte offsets in the buffer.
 */
public final class ByteWindow implements CharSequence {
    private byte[] buf;
    private int offset;
    private int length;

    public ByteWindow() {
    }

    private ByteWindow(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.offset = offset;
        this.length = length;
    }

    public ByteWindow reset(byte[] buf, int from, int to) {
        this.buf = buf;
        this.offset = from;
        this.length = to - from;
        return this;
    }

    public int offset() {
        return offset;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return (char) (buf[offset + index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new ByteWindow(buf, offset + start, end - start);
    }

    @Override
    public String toString() {
        return new String(buf, offset, length, StandardCharsets.ISO_8859_1);
    }
}
