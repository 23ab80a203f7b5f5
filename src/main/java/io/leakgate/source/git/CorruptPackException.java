package io.leakgate.source.git;

import java.io.IOException;

/**
 * A pack holds something no git writes and no reader can resolve: a delta chain that loops or
 * runs deeper than {@link DeltaChains#MAX_DEPTH}, or an object header that never ends. The
 * message names the pack, the object and the offset.
 */
final class CorruptPackException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptPackException(String message) {
        super(message);
    }
}
