package io.leakgate.source.archive;

import java.io.IOException;

/** Reading an archive or image went over one of its limits; the message says which and where. */
public final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    /** True when a budget over everything (the whole image, the whole item) is used up, so nothing more can be read. */
    private final boolean global;

    public LimitExceeded(String message, boolean global) {
        super(message);
        this.global = global;
    }

    public boolean global() {
        return global;
    }
}
