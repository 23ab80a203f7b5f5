package io.leakgate.source;

import io.leakgate.detect.ContentKind;
import io.leakgate.detect.Detector;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Location;
import io.leakgate.finding.Skipped;
import io.leakgate.source.archive.ArchiveFormat;
import io.leakgate.source.archive.ArchiveLimits;
import io.leakgate.source.archive.ArchiveReader;
import io.leakgate.source.archive.LimitExceeded;
import io.leakgate.source.encoding.EncodedSpans;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one scan step every source feeds: a content item (bytes and the path they are known by)
 * goes through the media check, the archive reader (members named {@code a.jar!/x/y}),
 * transcoding to UTF-8, the detector and the decoders (base64, hex, percent), and comes out as
 * findings, what could not be scanned, and counts. Sources only read bytes and say where they
 * came from; a new skip reason, counter or transform is written here once. Not thread safe: each
 * scanning thread owns one, with its detector.
 */
public final class ContentScan {
    /** The attribute naming how a decoded finding's text was encoded, outermost first: {@code base64>percent}. */
    public static final String DECODED_ATTRIBUTE = "decoded";
    /** The attribute naming the archive members a finding's path runs through, outermost first: {@code zip>gzip}. */
    public static final String ARCHIVE_ATTRIBUTE = "archive";

    /**
     * How deep to look.
     *
     * @param archives    limits on opening archives; a depth of 0 opens none
     * @param decodeDepth how many encodings deep to decode ({@code base64} of {@code percent}
     *                    is 2); 0 decodes nothing
     * @param skipMedia   whether content that is wholly media (a PNG, a JPEG) is skipped; a hook
     *                    scans everything it lets through
     */
    public record Options(ArchiveLimits archives, int decodeDepth, boolean skipMedia) {
        public static final int DEFAULT_DECODE_DEPTH = 2;

        /** Archives to the default depth, decoding two levels, media skipped. */
        public static Options defaults(long maxMember) {
            return new Options(ArchiveLimits.defaults(maxMember), DEFAULT_DECODE_DEPTH, true);
        }
    }

    /**
     * What one item gave.
     *
     * @param media the media format the whole item was skipped as, or null
     * @param bytes bytes run through the detector, members and decoded text included
     */
    public record Outcome(List<Finding> findings, List<Skipped> skipped, String media, long bytes) {
        /** Whether everything in the item was read: nothing over a limit, unreadable or skipped. */
        public boolean complete() {
            return media == null && skipped.isEmpty();
        }
    }

    private final Detector detector;
    private final Options options;

    public ContentScan(Detector detector, Options options) {
        this.detector = detector;
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /**
     * Scans {@code data[0, len)} as the file {@code path}.
     *
     * @param commit the commit the content belongs to, for commit allowlists; null if none
     */
    public Outcome scan(byte[] data, int len, String path, String commit) {
        if (options.skipMedia()) {
            String media = ContentKind.mediaFormat(data, len);
            if (media != null) {
                return new Outcome(List.of(), List.of(), media, 0);
            }
        }
        Item item = new Item(commit);
        item.content(data, len, path, 0, null);
        return new Outcome(item.findings, item.skipped, null, item.bytes);
    }

    /**
     * Scans text that is already UTF-8 and no archive, such as one window of a long stream:
     * the detector and the decoders only.
     */
    public List<Finding> scanText(byte[] utf8, int len, String path, String commit) {
        return new Item(commit).text(utf8, len, path);
    }

    /** The state of one item: its archive budget, what it found and skipped. */
    private final class Item {
        private final String commit;
        private final List<Finding> findings = new ArrayList<>();
        private final List<Skipped> skipped = new ArrayList<>();
        private ArchiveReader archives;
        private long bytes;
        private boolean budgetReported;

        Item(String commit) {
            this.commit = commit;
        }

        /**
         * One piece of content at {@code depth} archives deep.
         *
         * @param chain the formats of the archives it is in, outermost first; null at the top
         */
        void content(byte[] data, int len, String path, int depth, String chain) {
            ArchiveFormat format = ArchiveFormat.sniff(data, len);
            if (format != null) {
                if (depth >= options.archives().maxDepth()) {
                    if (options.archives().maxDepth() > 0) {
                        skipped.add(new Skipped(path, Skipped.Reason.LIMIT, len, format.label()
                                + " nested more than " + options.archives().maxDepth()
                                + " archives deep (--archive-depth; leakgate.archiveDepth in a hook): not opened, scanned as bytes"));
                    }
                } else if (open(format, data, len, path, depth, chain)) {
                    return;
                }
            }
            List<Finding> found = text(data, len, path);
            for (Finding f : found) {
                findings.add(chain == null ? f : f.withFacts(List.of(), Map.of(ARCHIVE_ATTRIBUTE, chain)));
            }
        }

        /** Reads an archive's members into {@link #content}; false when it is no readable archive, to be scanned as bytes. */
        private boolean open(ArchiveFormat format, byte[] data, int len, String path, int depth, String chain) {
            if (archives == null) {
                archives = new ArchiveReader(options.archives());
            }
            String inner = chain == null ? format.label() : chain + ">" + format.label();
            try {
                archives.read(format, path, data, len, new ArchiveReader.Members() {
                    @Override
                    public void member(String name, byte[] member, int n) {
                        String at = path + Location.MEMBER_SEPARATOR + name;
                        String media = options.skipMedia() ? ContentKind.mediaFormat(member, n) : null;
                        if (media == null) {
                            content(member, n, at, depth + 1, inner);
                        }
                    }

                    @Override
                    public void skipped(String name, Skipped.Reason reason, long size, String detail) {
                        skipped.add(new Skipped(path + Location.MEMBER_SEPARATOR + name, reason, size, detail));
                    }
                });
                return true;
            } catch (LimitExceeded e) {
                if (!e.global() || !budgetReported) {
                    budgetReported |= e.global();
                    skipped.add(new Skipped(path, Skipped.Reason.LIMIT, len, e.getMessage()
                            + "; the rest of this " + format.label() + " was not scanned"));
                }
                return true;
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                        : e.getMessage();
                skipped.add(new Skipped(path, Skipped.Reason.UNREADABLE, len, "looks like " + format.label()
                        + " but could not be opened (" + why + "); scanned as bytes"));
                return false;
            }
        }

        /** Transcodes, detects and decodes one text. */
        List<Finding> text(byte[] data, int len, String path) {
            Transcoder.Text t = Transcoder.toUtf8(data, len);
            bytes += len;
            List<Finding> found = detector.scan(t.bytes(), t.length(), path, commit);
            if (options.decodeDepth() <= 0) {
                return found;
            }
            return Decoded.merge(found, decoded(t.bytes(), t.length(), path, 1, null), t.bytes());
        }

        /** Findings in the decodable spans of {@code text}, each placed over its whole span. */
        private List<Decoded.Hit> decoded(byte[] text, int len, String path, int depth, String chain) {
            List<EncodedSpans.Span> spans = EncodedSpans.find(text, len);
            if (spans.isEmpty()) {
                return List.of();
            }
            List<Decoded.Hit> out = new ArrayList<>();
            for (EncodedSpans.Span s : spans) {
                String how = chain == null ? s.encoding() : chain + ">" + s.encoding();
                byte[] d = s.decoded();
                bytes += d.length;
                for (Finding f : detector.scan(d, d.length, path, commit)) {
                    out.add(new Decoded.Hit(s.start(), s.end(), how, f));
                }
                if (depth < options.decodeDepth()) {
                    for (Decoded.Hit inner : decoded(d, d.length, path, depth + 1, how)) {
                        out.add(new Decoded.Hit(s.start(), s.end(), inner.how(), inner.finding()));
                    }
                }
            }
            return out;
        }
    }
}
