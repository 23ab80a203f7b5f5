package io.leakgate.source;

import io.leakgate.finding.Finding;
import io.leakgate.finding.Skipped;
import io.leakgate.source.archive.ArchiveFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scans a stream of any length with one detector: content that fits one window is scanned whole
 * (media check and transcoding included); longer content is transcoded as a stream and scanned in
 * windows that overlap by more than any rule looks around a keyword, each finding reported by the
 * one window whose own part holds its start, at its line and column in the whole text.
 * Not thread safe: each scanning thread owns one, and its buffer.
 */
final class WindowedScan {
    /** What one stream gave: findings and what was not scanned, or the media format it was skipped as. */
    record Outcome(List<Finding> findings, List<Skipped> skipped, String media) {
    }

    /** Largest archive read whole into memory to open it; beyond, its bytes are scanned in windows. */
    private static final long MAX_WHOLE_ARCHIVE = 256L << 20;

    private final ContentScan scan;
    private final int window;
    private final int overlap;
    private byte[] buf = new byte[64 * 1024];

    /**
     * @param window  bytes each window adds
     * @param overlap bytes a window shares with each neighbour: more than a secret, its keyword
     *                and the context a rule reads around it
     */
    WindowedScan(ContentScan scan, int window, int overlap) {
        this.scan = scan;
        this.window = window;
        this.overlap = overlap;
    }

    Outcome scan(InputStream in, String path) throws IOException {
        int capacity = window + 2 * overlap;
        int n = fill(in, 0, capacity);
        if (n < capacity) {
            return whole(n, path, List.of());
        }
        List<Skipped> skipped = List.of();
        if (ArchiveFormat.sniff(buf, n) != null) {
            // an archive is read whole, as far as its limits allow, so its members are opened
            long most = Math.min(MAX_WHOLE_ARCHIVE, scan.options().archives().maxInflated());
            n = fill(in, n, (int) Math.min(Integer.MAX_VALUE - 8, most + 1));
            if (n <= most) {
                return whole(n, path, List.of());
            }
            skipped = List.of(new Skipped(path, Skipped.Reason.LIMIT, -1, "archive larger than " + most
                    + " bytes: its members were not opened, its bytes were scanned"));
        }
        if (Transcoder.sniff(buf, n).encoding() == Transcoder.Encoding.UTF8) {
            return new Outcome(windows(in, n, path, capacity), skipped, null);
        }
        byte[] head = Arrays.copyOf(buf, n);
        InputStream text = Transcoder.toUtf8(new SequenceInputStream(new ByteArrayInputStream(head), in));
        return new Outcome(windows(text, 0, path, capacity), skipped, null);
    }

    /** Content that was read whole: the one scan step, archives and all. */
    private Outcome whole(int n, String path, List<Skipped> before) {
        ContentScan.Outcome o = scan.scan(buf, n, path, null);
        if (o.media() != null) {
            return new Outcome(List.of(), before, o.media());
        }
        List<Skipped> skipped = new ArrayList<>(before);
        skipped.addAll(o.skipped());
        return new Outcome(o.findings(), skipped, null);
    }

    /** Scans {@code buf[0, len)} and the rest of {@code in} window by window. */
    private List<Finding> windows(InputStream in, int len, String path, int capacity) throws IOException {
        List<Finding> out = new ArrayList<>();
        long lineBase = 0; // newlines before buf[0]
        int columnBase = 0; // characters between the last of them and buf[0]
        int ownFrom = 0;
        while (true) {
            len = fill(in, len, capacity);
            boolean last = len < capacity;
            int ownTo = last ? len : len - overlap;
            long from = position(ownFrom);
            long to = last ? Long.MAX_VALUE : position(ownTo);
            for (Finding f : scan.scanText(buf, len, path, null)) {
                long at = ((long) f.line() << 32) | f.column();
                if (at >= from && at < to) {
                    out.add(placed(f, lineBase, columnBase));
                }
            }
            if (last) {
                return out;
            }
            int keepFrom = ownTo - overlap;
            for (int i = 0; i < keepFrom; i++) {
                if (buf[i] == '\n') {
                    lineBase++;
                    columnBase = 0;
                } else if ((buf[i] & 0xC0) != 0x80) {
                    columnBase++;
                }
            }
            System.arraycopy(buf, keepFrom, buf, 0, len - keepFrom);
            len -= keepFrom;
            ownFrom = overlap;
        }
    }

    /** Line and column of {@code buf[off]} within the buffer, as the detector counts them, packed for comparing. */
    private long position(int off) {
        long line = 1;
        int column = 1;
        for (int i = 0; i < off; i++) {
            if (buf[i] == '\n') {
                line++;
                column = 1;
            } else if ((buf[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return (line << 32) | column;
    }

    /** The finding at its place in the whole text, given the lines and columns before the buffer. */
    private static Finding placed(Finding f, long lineBase, int columnBase) {
        if (lineBase == 0 && columnBase == 0) {
            return f;
        }
        int column = f.line() == 1 ? columnBase + f.column() : f.column();
        int endColumn = f.endLine() == 1 ? columnBase + f.endColumn() : f.endColumn();
        return new Finding(f.rule(), f.path(), line(lineBase, f.line()), column, line(lineBase, f.endLine()),
                endColumn, f.secret(), f.fingerprint(), f.tags(), f.provenance(), f.attributes(), f.others());
    }

    private static int line(long base, int line) {
        return (int) Math.min(Integer.MAX_VALUE, base + line);
    }

    /** Reads into {@code buf} from {@code len} until it holds {@code capacity} bytes or the stream ends, growing it as needed. */
    private int fill(InputStream in, int len, int capacity) throws IOException {
        while (len < capacity) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(capacity, 2L * buf.length));
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                break;
            }
            len += n;
        }
        return len;
    }
}
