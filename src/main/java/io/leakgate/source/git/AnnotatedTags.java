package io.leakgate.source.git;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The annotated tags whose messages a history scan reads, each once: in a scan of every ref,
 * every tag object a ref reaches, through tags of tags and whatever they point at; in a narrower
 * scope (a range, a branch, a date), the tags that peel to one of the scan's commits.
 */
final class AnnotatedTags {
    private AnnotatedTags() {
    }

    /** The tags, with their raw content kept for their messages. */
    static List<RevTag> find(Repository repo, HistoryScope scope, Commits commits) throws LeakgateException {
        boolean everyRef = scope.equals(HistoryScope.all());
        ObjectId[] inScope = null;
        List<RevTag> out = new ArrayList<>();
        Set<ObjectId> seen = new HashSet<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRetainBody(true);
            for (Ref ref : repo.getRefDatabase().getRefs()) {
                if (ref.getObjectId() == null || ref.isPeeled() && ref.getPeeledObjectId() == null) {
                    continue; // a symbolic ref to nothing, or known not to be a tag: packed refs say so
                }
                RevObject o;
                try {
                    o = walk.parseAny(ref.getObjectId());
                } catch (MissingObjectException e) {
                    continue; // the commit walk reports such a ref when the scan covers it
                }
                List<RevTag> chain = new ArrayList<>();
                while (o instanceof RevTag t) {
                    if (!seen.contains(t)) {
                        chain.add(t);
                    }
                    try {
                        o = walk.parseAny(t.getObject());
                    } catch (MissingObjectException e) {
                        o = null; // the tag's own message is still there to read
                    }
                }
                if (chain.isEmpty()) {
                    continue;
                }
                if (!everyRef) {
                    if (inScope == null) {
                        inScope = commits.ids.clone();
                        Arrays.sort(inScope);
                    }
                    if (o == null || Arrays.binarySearch(inScope, o) < 0) {
                        continue;
                    }
                }
                seen.addAll(chain);
                out.addAll(chain);
            }
        } catch (IOException e) {
            throw new LeakgateException("cannot read the tags: " + e.getMessage(), e);
        }
        return out;
    }
}
