package io.leakgate.source.git;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;

/**
 * Orders blobs the way they lie in the pack files, for reading object by object: Git writes a
 * delta's base before the delta, so pack order finds bases in the delta-base cache and reads
 * each pack window once, where commit order jumps around the file.
 */
final class PackOrder {
    private PackOrder() {
    }

    /** A lookup entry pointing at a blob that already lives in another map. */
    private static final class Slot extends ObjectIdOwnerMap.Entry {
        final BlobPlaces blob;

        Slot(AnyObjectId id, BlobPlaces blob) {
            super(id);
            this.blob = blob;
        }
    }

    /** The unique blobs of {@code list} in the order of {@code packs} and their offsets in them; the rest last. */
    static BlobPlaces[] of(List<PackFile> packs, List<BlobPlaces> list) {
        ObjectIdOwnerMap<Slot> slots = new ObjectIdOwnerMap<>();
        for (BlobPlaces b : list) {
            b.order = Long.MAX_VALUE;
            if (slots.get(b) == null) {
                slots.add(new Slot(b, b));
            }
        }
        if (list.size() > 1) {
            long packNo = 0;
            MutableObjectId id = new MutableObjectId();
            for (PackFile pack : packs) {
                for (PackIndex.MutableEntry e : pack.index()) {
                    e.copyOidTo(id);
                    Slot s = slots.get(id);
                    if (s != null && s.blob.order == Long.MAX_VALUE) {
                        s.blob.order = (packNo << 40) | e.getOffset();
                    }
                }
                packNo++;
            }
        }
        List<BlobPlaces> unique = new ArrayList<>(slots.size());
        slots.forEach(s -> unique.add(s.blob));
        unique.sort(Comparator.comparingLong(b -> b.order));
        return unique.toArray(new BlobPlaces[0]);
    }
}
