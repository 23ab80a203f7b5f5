/**
 * Unwrap: archives (zip family, tar, gzip, bzip2, xz), recognised by their first bytes and read in
 * memory within limits on size, entries and ratio.
 */
package io.leakgate.source.archive;
