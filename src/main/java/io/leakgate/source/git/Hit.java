package io.leakgate.source.git;

import io.leakgate.detect.Finding;

/**
 * A finding in one blob at one place: the finding as the detector made it (under the path the
 * blob was scanned as) and the path and commit that place stands for.
 */
record Hit(Finding finding, int path, int commit) {
}
