package io.leakgate.source.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.lib.Repository;

/**
 * Orders blobs the way they lie in the pack files. Git writes a delta's base before the delta,
 * so reading in pack order finds bases in the delta-base cache and reads each pack window once;
 * commit order jumps around the file and decompresses the same bases again and again.
 */
final class PackOrder {
    private PackOrder() {
    }

    static BlobPlaces[] of(Repository repo, ObjectIdOwnerMap<BlobPlaces> blobs) {
        List<BlobPlaces> all = new ArrayList<>(blobs.size());
        blobs.forEach(b -> {
            b.order = Long.MAX_VALUE;
            all.add(b);
        });
        if (repo.getObjectDatabase() instanceof ObjectDirectory dir) {
            long packNo = 0;
            for (Pack pack : dir.getPacks()) {
                try {
                    PackIndex index = pack.getIndex();
                    for (PackIndex.MutableEntry e : index) {
                        BlobPlaces b = blobs.get(e.toObjectId());
                        if (b != null && b.order == Long.MAX_VALUE) {
                            b.order = (packNo << 40) | e.getOffset();
                        }
                    }
                } catch (IOException ignored) {
                    // An unreadable index: its blobs keep the last place and are read by id.
                }
                packNo++;
            }
        }
        all.sort(Comparator.comparingLong(b -> b.order));
        return all.toArray(new BlobPlaces[0]);
    }
}
