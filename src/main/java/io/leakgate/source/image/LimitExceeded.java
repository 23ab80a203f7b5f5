package io.leakgate.source.image;

import java.io.IOException;

/** Reading went over one of the {@link ImageLimits}; the message says which and where. */
final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    /** True when the image-wide budget is used up, so nothing more can be read. */
    private final boolean global;

    LimitExceeded(String message, boolean global) {
        super(message);
        this.global = global;
    }

    boolean global() {
        return global;
    }
}
