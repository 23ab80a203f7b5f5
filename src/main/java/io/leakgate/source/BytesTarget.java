package io.leakgate.source;

/** Content already in memory, such as standard input. */
public record BytesTarget(String path, byte[] content) implements Target {
    @Override
    public long size() {
        return content.length;
    }

    @Override
    public Content read(byte[] into, long maxSize) {
        if (content.length > maxSize) {
            return new Content(content, 0, true, content.length);
        }
        return new Content(content, content.length, false, content.length);
    }
}
