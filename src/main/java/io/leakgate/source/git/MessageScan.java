package io.leakgate.source.git;

import io.leakgate.detect.Detector;
import io.leakgate.finding.Finding;
import io.leakgate.finding.LocationKind;
import io.leakgate.finding.Provenance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;

/**
 * Finds secrets in the message of a commit or of an annotated tag, text that no blob holds and
 * that people paste keys into. It is the one entry point for every source that takes in commit
 * or tag objects (the history scan with JGit's raw buffers, a hook with what {@code git cat-file
 * --batch} prints), so every source locates message findings the same way.
 */
public final class MessageScan {
    private MessageScan() {
    }

    /**
     * Scans the message of one commit or annotated tag object.
     *
     * <p>The message is everything after the first blank line of the object, as git itself splits
     * it (for a signed tag, the signature is part of it); the header lines before it are not
     * scanned. Each finding has {@code kind} as its {@link Finding#kind()}, the kind's
     * {@linkplain LocationKind#pseudoPath() pseudo path} as its path (so its fingerprint is
     * {@code Fingerprint.of(rule, pseudo path, secret)}, the same after a rebase gives the
     * object a new id), line and column counted inside the message (line 1 is the subject), and
     * as provenance {@code id} with the commit's author, or the tag's tagger, date and subject. A
     * tag's name is its finding's {@value LocationKind#TAG_ATTRIBUTE} attribute. Rules limited
     * to some paths apply only if their path pattern matches the pseudo path, and rules that
     * match a file's name alone never apply: a message has no file name. Allowlists see the
     * pseudo path and {@code id} as the commit.
     *
     * @param detector the calling thread's detector (a detector is not thread safe)
     * @param kind     {@link LocationKind#COMMIT_MESSAGE} or {@link LocationKind#TAG_MESSAGE}
     * @param id       the object's id, in hex
     * @param object   the object's content as git stores it, without the {@code "<type> <size>\0"}
     *                 header: what {@code git cat-file --batch} prints after its header line,
     *                 what JGit's {@code RevObject.getRawBuffer()} returns
     * @return the findings in the message, in the order of the text; empty when there are none
     * @throws IllegalArgumentException when {@code kind} is not a message kind
     */
    public static List<Finding> scan(Detector detector, LocationKind kind, String id, byte[] object) {
        if (!kind.isMessage()) {
            throw new IllegalArgumentException("not a message kind: " + kind);
        }
        int start = messageStart(object);
        if (start >= object.length) {
            return List.of();
        }
        byte[] message = Arrays.copyOfRange(object, start, object.length);
        List<Finding> found = detector.scan(message, message.length, kind.pseudoPath(), id);
        if (found.isEmpty()) {
            return found;
        }
        Provenance provenance;
        String tagName = null;
        if (kind == LocationKind.COMMIT_MESSAGE) {
            provenance = commitProvenance(id, object);
        } else {
            RevTag tag = parseTag(object);
            provenance = tagProvenance(id, tag);
            tagName = tag == null ? null : tag.getTagName();
        }
        List<Finding> out = new ArrayList<>(found.size());
        for (Finding f : found) {
            if (detector.index().isPathOnly(f.rule().id())) {
                continue;
            }
            Finding m = f.withKind(kind).withProvenance(provenance);
            if (tagName != null) {
                m = m.withFacts(List.of(), Map.of(LocationKind.TAG_ATTRIBUTE, tagName));
            }
            out.add(m);
        }
        return out;
    }

    /** Where the message begins: just past the first blank line, or the end when there is none. */
    static int messageStart(byte[] object) {
        for (int i = 0; i + 1 < object.length; i++) {
            if (object[i] == '\n' && object[i + 1] == '\n') {
                return i + 2;
            }
        }
        return object.length;
    }

    private static Provenance commitProvenance(String id, byte[] object) {
        try {
            Provenance p = CommitProvenance.of(RevCommit.parse(object));
            return new Provenance(id, p.author(), p.email(), p.date(), p.subject());
        } catch (RuntimeException e) {
            // a damaged or crafted header: the finding still names the commit
            return new Provenance(id, null, null, null, null);
        }
    }

    private static RevTag parseTag(byte[] object) {
        try {
            return RevTag.parse(object);
        } catch (org.eclipse.jgit.errors.CorruptObjectException | RuntimeException e) {
            return null;
        }
    }

    private static Provenance tagProvenance(String id, RevTag tag) {
        if (tag == null) {
            return new Provenance(id, null, null, null, null);
        }
        PersonIdent t = null;
        String subject = null;
        try {
            t = tag.getTaggerIdent();
            subject = tag.getShortMessage();
        } catch (RuntimeException e) {
            // an unparsable tagger line: the finding still names the tag
        }
        return t == null ? new Provenance(id, null, null, null, subject)
                : new Provenance(id, t.getName(), t.getEmailAddress(), CommitProvenance.date(t), subject);
    }
}
