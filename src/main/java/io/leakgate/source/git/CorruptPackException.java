package io.leakgate.source.git;

import java.io.IOException;

/**
 * A pack holds something no git writes and no reader can resolve: a delta chain that loops or
 * runs deeper than {@link DeltaChains#MAX_DEPTH}, a base where no object starts, or an object
 * header that never ends or gives a size of more than 64 bits. Where a pack reader knows the
 * object, the message names the pack, the object and the offset.
 */
final class CorruptPackException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptPackException(String message) {
        super(message);
    }
}
