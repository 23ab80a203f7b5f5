package io.leakgate.hook;

import io.leakgate.LeakgateException;
import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.LocationKind;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.Skipped;
import io.leakgate.hook.git.CatFile;
import io.leakgate.source.ContentScan;
import io.leakgate.source.archive.ArchiveLimits;
import io.leakgate.source.git.MessageScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scans the file versions a change brings and keeps only the secrets it introduces: a secret
 * that the path already held in any parent's version (a merge keeping a line of either side) is
 * not the change's doing. Each blob is read and scanned once, however many commits or refs carry it.
 */
public final class ChangeScanner {
    /** Thrown when the time budget runs out before every change was scanned. */
    public static final class OutOfTime extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<Change> unscanned;

        OutOfTime(List<Change> unscanned) {
            super("time budget exhausted with " + unscanned.size() + " file versions unscanned");
            this.unscanned = unscanned;
        }

        public List<Change> unscanned() {
            return unscanned;
        }
    }

    /**
     * Findings a change introduces, with what could not be scanned.
     *
     * @param clean the changes whose blob was scanned in full and held nothing at all (before
     *              any baseline, ignore file or bypass), for a record of clean content
     */
    public record Outcome(List<Finding> findings, List<Skipped> skipped, List<Change> clean, long blobs, long bytes) {
    }

    /** Content already known to be clean, so not read again: a blob at a path. */
    public interface KnownClean {
        boolean contains(String blob, String path);
    }

    private final CatFile objects;
    private final Detector detector;
    private final ContentScan scan;
    private final long maxSize;
    private final Map<String, List<Finding>> byBlob = new HashMap<>();
    /** The path each blob was scanned as, which its findings' paths begin with. */
    private final Map<String, String> scannedAs = new HashMap<>();
    private final Set<String> unscanned = new HashSet<>();
    private final List<Skipped> skipped = new ArrayList<>();
    /** Null when nothing is known: no lambda, whose first use costs a hook's cold JVM. */
    private KnownClean knownClean;
    private long blobs;
    private long bytes;

    /** Opening archives and decoding to the default depths; media are scanned too. */
    public ChangeScanner(CatFile objects, RuleIndex index, long maxSize) {
        this(objects, index, maxSize, new ContentScan.Options(ArchiveLimits.defaults(maxSize),
                ContentScan.Options.DEFAULT_DECODE_DEPTH, false));
    }

    public ChangeScanner(CatFile objects, RuleIndex index, long maxSize, ContentScan.Options options) {
        this.objects = objects;
        this.detector = new Detector(index);
        this.scan = new ContentScan(detector, options);
        this.maxSize = maxSize;
    }

    /** Skips reading changes that {@code known} holds as clean. */
    public ChangeScanner knowing(KnownClean known) {
        this.knownClean = known;
        return this;
    }

    /**
     * @param deadline {@link System#nanoTime()} after which scanning stops, or {@code Long.MAX_VALUE}
     */
    public Outcome scan(List<Change> changes, long deadline) throws LeakgateException, OutOfTime {
        List<Finding> out = new ArrayList<>();
        List<Change> clean = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (System.nanoTime() > deadline) {
                throw new OutOfTime(changes.subList(i, changes.size()));
            }
            Change c = changes.get(i);
            if (knownClean != null && knownClean.contains(c.blob(), c.path())) {
                continue;
            }
            List<Finding> found = blobFindings(c.blob(), c.path());
            if (found.isEmpty()) {
                if (!unscanned.contains(c.blob())) {
                    clean.add(c);
                }
                continue;
            }
            Set<String> before = new HashSet<>();
            for (String old : c.before()) {
                for (Finding f : blobFindings(old, c.path())) {
                    before.add(f.rule().id() + '\0' + f.secret());
                }
            }
            Provenance provenance = c.commit() == null ? null : c.commit().provenance();
            for (Finding f : found) {
                if (before.contains(f.rule().id() + '\0' + f.secret())) {
                    continue;
                }
                Finding placed = placed(f, scannedAs.get(c.blob()), c.path());
                out.add(provenance == null ? placed : placed.withProvenance(provenance));
            }
        }
        return new Outcome(out, List.copyOf(skipped), clean, blobs, bytes);
    }

    /**
     * Findings in the message of a commit (read through git) or of an annotated tag object: a
     * message is new with its object, so everything in it is introduced.
     *
     * @param object the tag's content, or null to read the commit {@code id}
     */
    public List<Finding> message(LocationKind kind, String id, byte[] object) throws LeakgateException {
        byte[] content = object;
        if (content == null) {
            CatFile.GitObject o = objects.read(id, maxSize);
            if (o == null || o.content() == null) {
                skipped.add(new Skipped(kind.place(kind.pseudoPath(), id, null), o == null ? Skipped.Reason.MISSING
                        : Skipped.Reason.TOO_LARGE, o == null ? -1 : o.size(), id));
                return List.of();
            }
            content = o.content();
        }
        return MessageScan.scan(detector, kind, id, content);
    }

    /** What could not be read so far (content over the size limit, missing objects). */
    public List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /** A finding of a blob scanned as {@code scanned}, at the blob's place {@code path}: an archive member keeps its name. */
    private static Finding placed(Finding f, String scanned, String path) {
        String at = scanned != null && f.path().startsWith(scanned) ? path + f.path().substring(scanned.length()) : path;
        return f.path().equals(at) ? f : f.withPath(at);
    }

    /** Findings of one blob, scanned once; reported under the first path it was seen at. */
    private List<Finding> blobFindings(String blob, String path) throws LeakgateException {
        List<Finding> cached = byBlob.get(blob);
        if (cached != null) {
            return cached;
        }
        List<Finding> found = List.of();
        CatFile.GitObject o = objects.read(blob, maxSize);
        // A gate scans media too: what it lets through unscanned must be a policy decision, and
        // a push's images cost little to read.
        if (o == null || !o.type().equals("blob")) {
            unscanned.add(blob);
            skipped.add(new Skipped(path, Skipped.Reason.MISSING, -1, blob));
        } else if (o.content() == null) {
            unscanned.add(blob);
            skipped.add(new Skipped(path, Skipped.Reason.TOO_LARGE, o.size(), blob));
        } else {
            byte[] content = o.content();
            blobs++;
            bytes += content.length;
            ContentScan.Outcome outcome = scan.scan(content, content.length, path, null);
            found = outcome.findings();
            if (!outcome.skipped().isEmpty()) {
                // an archive member over a limit: this blob is not wholly scanned, so never clean
                unscanned.add(blob);
                skipped.addAll(outcome.skipped());
            }
        }
        byBlob.put(blob, found);
        scannedAs.put(blob, path);
        return found;
    }
}
