package io.leakgate.source;

import io.leakgate.finding.Skipped;
import java.io.IOException;

/** What a walk found but cannot hand over for reading, so the scan lists it instead of dropping it. */
record SkippedTarget(Skipped skipped) implements Target {
    @Override
    public String path() {
        return skipped.path();
    }

    @Override
    public long size() {
        return skipped.size();
    }

    @Override
    public Content read(byte[] into, long maxSize) throws IOException {
        throw new IOException(skipped.detail());
    }
}
