package io.leakgate.source.git;

import io.leakgate.finding.Finding;

/**
 * A finding in one blob at one place: the finding as the detector made it (under the path the
 * blob was scanned as) and the path and commit that place stands for. A finding in a message
 * has no path ({@link #NO_PATH}): its finding is already located, and its commit is the commit whose
 * message it is, or {@link #NO_COMMIT} for a tag's message. A finding inside an archive blob has
 * the rest of its path after the blob's own as {@code member} ({@code !/BOOT-INF/app.properties}),
 * "" otherwise, so each place of the blob keeps the member.
 */
record Hit(Finding finding, int path, int commit, String member) {
    Hit(Finding finding, int path, int commit) {
        this(finding, path, commit, "");
    }

    /** The path index of a place that is no path of the history, such as a message. */
    static final int NO_PATH = -1;

    /** The commit index of a place that is no commit of the walk, such as a tag. */
    static final int NO_COMMIT = -1;
}
