package io.leakgate.source.image;

import io.leakgate.finding.Skipped;
import io.leakgate.source.Target;
import io.leakgate.source.archive.EntryName;
import io.leakgate.source.archive.Inflation;
import io.leakgate.source.archive.LimitExceeded;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Streams one layer (a tar, plain or gzip-compressed) and emits each regular file as a target
 * named {@code <layer-id>:/path}. Whiteouts ({@code .wh.name}, {@code .wh..wh..opq}) are recorded
 * so findings in files a later layer deletes can say so, and scanned too when they carry content.
 * Archives inside the layer are opened by the scan step every source feeds, to
 * {@link ImageLimits#maxDepth()}, their files named {@code <layer-id>:/app.jar!/inner/path}.
 * A layer that is cut short (truncated, corrupt, over a limit) is recorded as skipped; what was
 * read before stays scanned.
 */
final class LayerReader {
    /** What one layer contains and removes, by cleaned path. */
    static final class Contents {
        final Set<String> entries = new HashSet<>();
        final Set<String> whiteouts = new HashSet<>();
        final Set<String> opaqueDirs = new HashSet<>();
    }

    private final ImageLimits limits;
    private final Unpacked budget;
    private final InFlight inFlight;
    private final Consumer<Target> sink;
    private final List<Skipped> skipped;

    LayerReader(ImageLimits limits, Unpacked budget, InFlight inFlight, Consumer<Target> sink, List<Skipped> skipped) {
        this.limits = limits;
        this.budget = budget;
        this.inFlight = inFlight;
        this.sink = sink;
        this.skipped = skipped;
    }

    /**
     * Reads a layer's stream to its end or to the first problem.
     *
     * @param label how the layer is named in skipped entries
     * @return false when the image-wide budget is spent and no further layer should be read
     */
    boolean read(InputStream raw, String prefix, String label, Contents contents) {
        try (InputStream in = decompressed(new BufferedInputStream(raw, 64 * 1024), label)) {
            if (in == null) {
                return true;
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = EntryName.clean(e.getName());
                if (name.isEmpty()) {
                    continue;
                }
                String base = EntryName.base(name);
                boolean whiteout = base.startsWith(".wh.");
                if (whiteout) {
                    String dir = EntryName.parent(name);
                    if (base.equals(".wh..wh..opq")) {
                        contents.opaqueDirs.add(dir);
                    } else if (!base.startsWith(".wh..wh.")) {
                        contents.whiteouts.add(join(dir, base.substring(4)));
                    }
                } else {
                    contents.entries.add(name);
                }
                // A whiteout is meant to be empty, but whatever it carries is in the image all the
                // same: it is scanned like any file.
                if (e.isLink() || e.isSymbolicLink() || !e.isFile() || whiteout && e.getSize() == 0) {
                    continue;
                }
                file(prefix + ":/" + name, e.getSize(), tar);
            }
            return true;
        } catch (LimitExceeded x) {
            skipped.add(new Skipped(label, Skipped.Reason.LIMIT, -1, x.getMessage()));
            return !x.global();
        } catch (IOException | RuntimeException x) {
            skipped.add(new Skipped(label, Skipped.Reason.UNREADABLE, -1, describe(x)));
            return true;
        }
    }

    /** Reads and emits one file that is not in a layer (an entry of the image archive itself). */
    void loose(String path, String name, long size, InputStream in) {
        try {
            file(path, size, in);
        } catch (LimitExceeded x) {
            skipped.add(new Skipped(path, Skipped.Reason.LIMIT, size, x.getMessage()));
        } catch (IOException | RuntimeException x) {
            skipped.add(new Skipped(path, Skipped.Reason.UNREADABLE, size, describe(x)));
        }
    }

    /** A layer's tar stream, decompressed and bounded; null (and a skipped entry) for unknown formats. */
    private InputStream decompressed(BufferedInputStream in, String label) throws IOException {
        in.mark(8);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            Inflation.Counting counted = new Inflation.Counting(in);
            return new Inflation(new GZIPInputStream(counted, 64 * 1024), counted::count, budget,
                    limits.maxRatio());
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            skipped.add(new Skipped(label, Skipped.Reason.UNREADABLE, -1,
                    "zstd-compressed layer: not supported, re-save the image with gzip layers"));
            in.close();
            return null;
        }
        return new Inflation(in, null, budget, limits.maxRatio());
    }

    /** Reads one file of {@code size} bytes (-1: unknown) from {@code in} and emits it. */
    private void file(String path, long size, InputStream in) throws IOException {
        if (size > limits.maxFileSize()) {
            skipped.add(new Skipped(path, Skipped.Reason.TOO_LARGE, size, null));
            return;
        }
        byte[] content;
        if (size >= 0) {
            content = in.readNBytes((int) size);
            if (content.length < size) {
                throw new EOFException(path + " is cut short: the archive is truncated");
            }
        } else {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileSize() + 1));
            if (content.length > limits.maxFileSize()) {
                skipped.add(new Skipped(path, Skipped.Reason.TOO_LARGE, -1, null));
                return;
            }
        }
        sink.accept(new ImageFileTarget(path, content, inFlight));
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private static String describe(Exception x) {
        String m = x.getMessage();
        return m == null || m.isBlank() ? x.getClass().getSimpleName() : m;
    }
}
