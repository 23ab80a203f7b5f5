package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.source.ContentScan;
import io.leakgate.source.archive.ArchiveLimits;
import picocli.CommandLine.Option;

/**
 * How far the scanning commands look into archives and encoded text: one set of options for all
 * of them. The fields hold the defaults too, for commands built without picocli (tests, and
 * {@code baseline create --git}).
 */
final class UnwrapOptions {
    @Option(names = "--archive-depth", paramLabel = "N", defaultValue = "3",
            description = "How deep archives (zip, jar, war, apk, whl…, tar, gzip, bzip2, xz) are opened: "
                    + "1 opens an archive but not the archives inside it; 0 opens none. Default: ${DEFAULT-VALUE}.")
    int archiveDepth = ArchiveLimits.DEFAULT_DEPTH;

    @Option(names = "--decode-depth", paramLabel = "N", defaultValue = "2",
            description = "How many encodings deep base64, hex and percent-encoded text is decoded and scanned "
                    + "(base64 of percent-encoded text is 2); 0 decodes nothing. Default: ${DEFAULT-VALUE}.")
    int decodeDepth = ContentScan.Options.DEFAULT_DECODE_DEPTH;

    @Option(names = "--max-archive-size", paramLabel = "SIZE", defaultValue = "1GiB", converter = ByteSize.class,
            description = "Most bytes decompressed from one file and the archives in it; the rest is reported "
                    + "as not scanned. Default: ${DEFAULT-VALUE}.")
    long maxInflated = ArchiveLimits.DEFAULT_MAX_INFLATED;

    @Option(names = "--max-archive-entries", paramLabel = "N", defaultValue = "100000",
            description = "Most members read from one file and the archives in it. Default: ${DEFAULT-VALUE}.")
    int maxEntries = ArchiveLimits.DEFAULT_MAX_ENTRIES;

    @Option(names = "--max-ratio", paramLabel = "N", defaultValue = "200",
            description = "Stop a compressed stream that inflates more than N times its size (a "
                    + "decompression bomb). Default: ${DEFAULT-VALUE}.")
    long maxRatio = ArchiveLimits.DEFAULT_MAX_RATIO;

    /** The options of the one scan step, members as large as {@code maxFileSize}. */
    ContentScan.Options options(long maxFileSize, boolean skipMedia) throws LeakgateException {
        if (archiveDepth < 0 || decodeDepth < 0) {
            throw new LeakgateException("--archive-depth and --decode-depth must be at least 0");
        }
        if (maxRatio < 1 || maxEntries < 1 || maxInflated < 1) {
            throw new LeakgateException("--max-ratio, --max-archive-entries and --max-archive-size must be at least 1");
        }
        return new ContentScan.Options(new ArchiveLimits(archiveDepth, maxFileSize, maxInflated, maxRatio, maxEntries),
                decodeDepth, skipMedia);
    }
}
