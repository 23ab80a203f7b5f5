package io.leakgate.source.image;

import io.leakgate.source.Target;

/** A file read out of an image: a layer entry, a file in a nested archive, or rendered config. */
final class ImageFileTarget implements Target {
    private final String path;
    private final byte[] content;
    private final InFlight inFlight;
    private long held;

    ImageFileTarget(String path, byte[] content, InFlight inFlight) {
        this.path = path;
        this.content = content;
        this.inFlight = inFlight;
        this.held = inFlight == null ? 0 : inFlight.acquire(content.length);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long size() {
        return content.length;
    }

    @Override
    public Content read(byte[] into, long maxSize) {
        if (held > 0) {
            inFlight.release(held);
            held = 0;
        }
        if (content.length > maxSize) {
            return new Content(content, 0, true, content.length);
        }
        return new Content(content, content.length, false, content.length);
    }
}
