package io.leakgate.hook.git;

import java.util.List;

/**
 * A file version a commit (or the index) brings: the blob now at {@code path} and the blobs the
 * path held before, one per parent that had a file there.
 */
public record FileChange(String path, String blob, List<String> before) {
    public FileChange {
        before = List.copyOf(before);
    }
}
