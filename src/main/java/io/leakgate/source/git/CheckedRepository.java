package io.leakgate.source.git;

import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A file repository whose object readers check delta chains before JGit follows them
 * ({@link CheckedReader}), for every read of an object: ours, and JGit's own through this
 * repository (resolving a revision, peeling a ref).
 */
final class CheckedRepository extends FileRepository {
    private List<PackFile> packs;
    private DeltaChains chains;

    private CheckedRepository(FileRepositoryBuilder builder) throws IOException {
        super(builder);
    }

    /** Opens the existing repository whose git directory is {@code gitDir}. */
    static CheckedRepository open(java.io.File gitDir) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true);
        builder.setup();
        CheckedRepository repo = new CheckedRepository(builder);
        if (!repo.getObjectDatabase().exists()) {
            repo.close();
            throw new RepositoryNotFoundException(gitDir);
        }
        return repo;
    }

    @Override
    public ObjectReader newObjectReader() {
        return new CheckedReader(super.newObjectReader(), chains());
    }

    private synchronized DeltaChains chains() {
        if (chains == null) {
            packs = PackFile.of(this);
            chains = new DeltaChains(packs);
        }
        return chains;
    }

    @Override
    protected void doClose() {
        synchronized (this) {
            if (packs != null) {
                packs.forEach(PackFile::close);
            }
        }
        super.doClose();
    }
}
