package io.leakgate.source.git;

import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.internal.storage.commitgraph.CommitGraph;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * A JGit reader that has {@link DeltaChains} check an object's delta chain before JGit follows
 * it, so that a crafted pack ends in a {@link CorruptPackException} instead of a loop.
 */
final class CheckedReader extends ObjectReader {
    private final ObjectReader reader;
    private final DeltaChains chains;

    CheckedReader(ObjectReader reader, DeltaChains chains) {
        this.reader = reader;
        this.chains = chains;
    }

    @Override
    public ObjectReader newReader() {
        return new CheckedReader(reader.newReader(), chains);
    }

    @Override
    public Collection<ObjectId> resolve(AbbreviatedObjectId id) throws IOException {
        return reader.resolve(id);
    }

    @Override
    public boolean has(AnyObjectId id) throws IOException {
        return reader.has(id);
    }

    @Override
    public ObjectLoader open(AnyObjectId id, int typeHint) throws IOException {
        chains.check(id);
        return reader.open(id, typeHint);
    }

    @Override
    public long getObjectSize(AnyObjectId id, int typeHint) throws IOException {
        chains.check(id);
        return reader.getObjectSize(id, typeHint);
    }

    @Override
    public boolean isNotLargerThan(AnyObjectId id, int typeHint, long size) throws IOException {
        chains.check(id);
        return reader.isNotLargerThan(id, typeHint, size);
    }

    @Override
    public Set<ObjectId> getShallowCommits() throws IOException {
        return reader.getShallowCommits();
    }

    @Override
    public Optional<CommitGraph> getCommitGraph() throws IOException {
        return reader.getCommitGraph();
    }

    @Override
    public void setAvoidUnreachableObjects(boolean avoid) {
        reader.setAvoidUnreachableObjects(avoid);
    }

    @Override
    public void setStreamFileThreshold(int threshold) {
        super.setStreamFileThreshold(threshold);
        reader.setStreamFileThreshold(threshold);
    }

    @Override
    public int getStreamFileThreshold() {
        return reader.getStreamFileThreshold();
    }

    @Override
    public void close() {
        reader.close();
    }
}
