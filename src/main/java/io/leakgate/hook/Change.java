package io.leakgate.hook;

import io.leakgate.hook.git.LoggedCommit;
import java.util.List;

/**
 * A file version that a commit (or the index) brings: the blob now at {@code path}, and the blobs
 * the path held before (one per parent; absent paths are left out).
 *
 * @param commit the commit that brings it, or null for staged content
 * @param ref    the ref being updated that carries the commit, or null
 */
public record Change(String path, String blob, List<String> before, LoggedCommit commit, String ref) {
    public Change {
        before = List.copyOf(before);
    }
}
