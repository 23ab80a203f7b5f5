package io.leakgate.source.git;

import io.leakgate.LeakgateException;
import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.LocationKind;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import io.leakgate.rules.Allowlist;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import io.leakgate.source.ContentScan;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.util.FS;

/**
 * A repository's history as a source of findings: every unique blob reachable from the scope is
 * read and scanned once, and each finding names the commit that introduced it. The messages of
 * the scope's commits and of its annotated tags ({@link AnnotatedTags}) are scanned too. Open with
 * {@link #open(Path)}, scan with {@link #scan}, close when done.
 */
public final class GitHistory implements AutoCloseable {
    private final Repository repo;
    private final List<String> notes = new ArrayList<>();

    private GitHistory(Repository repo) {
        this.repo = repo;
    }

    /**
     * Starts, on a background thread, the JGit set-up that opening any repository waits for: its
     * system reader (see {@link SystemConfigFile}) and the file-store attributes of
     * {@code likelyRepo}'s file system (read from JGit's own config, through a thread pool of its
     * own). In a cold JVM these cost about as much as parsing the command
     * line, which runs meanwhile; whatever is not ready yet, {@link #open} does itself.
     */
    public static void prepare(Path likelyRepo) {
        Thread t = new Thread(() -> {
            try {
                SystemConfigFile.install();
                FS.FileStoreAttributes.get(likelyRepo.toAbsolutePath());
            } catch (RuntimeException e) {
                // open() meets the same problem and reports it
            }
        }, "leakgate-prepare");
        t.setDaemon(true);
        t.start();
    }

    /** Opens the repository at {@code dir}: a work tree, its {@code .git}, or a bare repository. */
    public static GitHistory open(Path dir) throws LeakgateException {
        if (!Files.isDirectory(dir)) {
            throw new LeakgateException(dir + ": no such directory");
        }
        File gitDir = RepositoryCache.FileKey.resolve(dir.toFile(), FS.DETECTED);
        if (gitDir == null) {
            throw new LeakgateException(dir + " is not a Git repository");
        }
        refuseSha256(gitDir);
        SystemConfigFile.install();
        try {
            Repository repo = CheckedRepository.open(gitDir);
            return new GitHistory(repo);
        } catch (RepositoryNotFoundException e) {
            throw new LeakgateException(dir + " is not a Git repository", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new LeakgateException(dir + ": cannot open the repository: " + e.getMessage(), e);
        }
    }

    private static void refuseSha256(File gitDir) throws LeakgateException {
        FileBasedConfig config = new FileBasedConfig(new File(gitDir, "config"), FS.DETECTED);
        try {
            config.load();
        } catch (IOException | org.eclipse.jgit.errors.ConfigInvalidException e) {
            throw new LeakgateException(gitDir + "/config: cannot read: " + e.getMessage(), e);
        }
        String format = config.getString("extensions", null, "objectformat");
        if (format != null && !format.equalsIgnoreCase("sha1")) {
            throw new LeakgateException(gitDir + ": " + format.toUpperCase(Locale.ROOT)
                    + " repositories are not supported (only SHA-1 object ids)");
        }
    }

    /**
     * Sizes JGit's process-wide object caches for reading a whole history: small caches, since
     * blobs and trees are read past JGit, and a stream threshold above the largest blob that will
     * be scanned, so every scanned blob is read into one array. Call once, before opening
     * repositories.
     */
    public static void tuneObjectCaches(long maxFileSize) {
        WindowCacheConfig c = new WindowCacheConfig();
        // Blobs are read by PackBlobs and trees by PackTrees: this cache serves the commit walk,
        // which reads the pack's commits about in the order they are stored, and the objects
        // those readers hand back. Caches larger than that need only churn the heap: each
        // entry lives long enough to be promoted and then dies, which on a large history keeps
        // G1 in back-to-back concurrent cycles and full collections.
        // Heap windows, not mapped ones, so the pages read count once against the footprint.
        c.setPackedGitLimit(4L << 20);
        c.setPackedGitWindowSize(256 << 10);
        c.setPackedGitMMAP(false);
        c.setPackedGitOpenFiles(256);
        c.setDeltaBaseCacheLimit(2 << 20);
        c.setStreamFileThreshold((int) Math.min(Math.max(maxFileSize + 1, 64L << 20), Integer.MAX_VALUE - 64));
        c.install();
    }

    /** The work tree, where the config is looked for; null for a bare repository. */
    public Path workTree() {
        return repo.isBare() ? null : repo.getWorkTree().toPath();
    }

    /** Things the user should know about the last scan: a shallow clone, missing objects. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Scans the commits of {@code scope}, opening archives and decoding as {@link ContentScan.Options#defaults} does. */
    public ScanResult scan(HistoryScope scope, RuleIndex index, int threads, long maxFileSize, ScanProgress progress)
            throws LeakgateException {
        return scan(scope, index, threads, maxFileSize, progress, ContentScan.Options.defaults(maxFileSize));
    }

    /** Scans the commits of {@code scope}: each blob once, through the one scan step with {@code options}. */
    public ScanResult scan(HistoryScope scope, RuleIndex index, int threads, long maxFileSize, ScanProgress progress,
            ContentScan.Options options) throws LeakgateException {
        return scan(scope, index, threads, maxFileSize, progress, options, BlobMemory.NONE);
    }

    /** Blobs the last scan took from its {@link BlobMemory} instead of reading them. */
    public long recalled() {
        return recalled;
    }

    private long recalled;

    /**
     * Scans the commits of {@code scope}, reading only the blobs {@code memory} does not remember
     * under every path class they appear in; the findings of the others are recalled, and those
     * of the blobs read are handed to it.
     */
    public ScanResult scan(HistoryScope scope, RuleIndex index, int threads, long maxFileSize, ScanProgress progress,
            ContentScan.Options options, BlobMemory memory) throws LeakgateException {
        recalled = 0;
        // opened once for the scan: the tree walk, the blob pass and the pack order share them
        List<PackFile> packs = PackFile.of(repo);
        try {
            return scan(packs, scope, index, threads, maxFileSize, progress, options, memory);
        } finally {
            PackFile.closeAll(packs);
        }
    }

    private ScanResult scan(List<PackFile> packs, HistoryScope scope, RuleIndex index, int threads, long maxFileSize,
            ScanProgress progress, ContentScan.Options options, BlobMemory memory) throws LeakgateException {
        long started = System.nanoTime();
        notes.clear();
        int shallow = shallowCommits();
        if (shallow > 0) {
            notes.add("shallow clone: history beyond " + shallow + (shallow == 1 ? " boundary commit" : " boundary commits")
                    + " is absent and was not scanned");
        }
        InternedPaths paths = new InternedPaths();
        ObjectIdOwnerMap<BlobPlaces> blobs = new ObjectIdOwnerMap<>();
        // Messages are scanned on the walking thread as the walk hands each commit over: a few
        // hundred bytes a commit, against the diffs and blobs the other threads work through.
        Detector messages = new Detector(index);
        List<Hit> messageHits = new ArrayList<>();
        Commits commits = Introductions.find(repo, packs, scope, paths, threads, progress, blobs, (i, c) -> {
            for (Finding f : MessageScan.scan(messages, LocationKind.COMMIT_MESSAGE, c.name(), c.getRawBuffer())) {
                messageHits.add(new Hit(memory.carried(f), Hit.NO_PATH, i));
            }
        });
        List<RevTag> tags = AnnotatedTags.find(repo, scope, commits);
        for (RevTag t : tags) {
            for (Finding f : MessageScan.scan(messages, LocationKind.TAG_MESSAGE, t.name(), t.getRawBuffer())) {
                messageHits.add(new Hit(memory.carried(f), Hit.NO_PATH, Hit.NO_COMMIT));
            }
        }
        if (commits.size() == 0) {
            notes.add("no commits to scan" + (!scope.equals(HistoryScope.all()) ? " in this scope"
                    : tags.isEmpty() ? ": the repository is empty"
                    : "; only the messages of " + tags.size() + (tags.size() == 1 ? " annotated tag" : " annotated tags")));
            List<Finding> found = Grouping.group(messageHits, new String[0], c -> null);
            return new ScanResult(found, List.of(), 0, 0, System.nanoTime() - started);
        }
        String[] pathNames = paths.toArray();
        PathClasses pathClasses = new PathClasses(index.ruleSet());
        int[] classes = pathClasses.classify(pathNames);
        Set<String> allowlisted = allowlistedCommits(index.ruleSet());
        List<Hit> recalledHits = new ArrayList<>();
        if (memory != BlobMemory.NONE) {
            blobs = recall(blobs, memory, classes, pathClasses, commits, allowlisted, recalledHits);
        }
        BlobScan scan = new BlobScan(repo, index, maxFileSize, pathNames, classes, commits.ids,
                allowlisted, progress, options, memory, pathClasses::signature);
        progress.start("scanning blobs", blobs.size());
        // Nothing left to read (an unchanged repository against its memory): no blob pass at all.
        List<BlobPlaces> left = blobs.size() == 0 ? List.of() : scan.fromPacks(packs, blobs, threads);
        if (!left.isEmpty()) {
            scan.run(PackOrder.of(packs, left), threads);
        }
        if (scan.missing.get() > 0) {
            notes.add(scan.missing.get() + (scan.missing.get() == 1 ? " blob is" : " blobs are")
                    + " missing from the repository (a partial or damaged clone); listed as skipped");
        }
        progress.start("grouping findings", scan.hits.size());
        List<Finding> findings;
        try (RevWalk walk = new RevWalk(repo)) {
            List<Hit> hits = new ArrayList<>(scan.hits);
            hits.addAll(recalledHits);
            hits.addAll(messageHits);
            findings = Grouping.group(hits, pathNames, c -> provenance(walk, commits, c));
        }
        progress.finish();
        List<Skipped> skipped = new ArrayList<>(scan.skipped);
        skipped.sort(Comparator.comparing(Skipped::path).thenComparing(s -> s.detail() == null ? "" : s.detail()));
        return new ScanResult(findings, skipped, scan.scanned.get(), scan.bytes.get(), System.nanoTime() - started);
    }

    /**
     * Takes out of {@code blobs} those the memory holds under every path class they appear in (and
     * at no commit an allowlist names), adding their recalled findings to {@code hits}; returns
     * the blobs left to read.
     */
    private ObjectIdOwnerMap<BlobPlaces> recall(ObjectIdOwnerMap<BlobPlaces> blobs, BlobMemory memory, int[] classes,
            PathClasses pathClasses, Commits commits, Set<String> allowlisted, List<Hit> hits)
            throws LeakgateException {
        Set<String> keys = new HashSet<>();
        for (BlobPlaces b : blobs) {
            for (int i = 0; i < b.size(); i++) {
                keys.add(b.name() + ':' + pathClasses.signature(classes[b.path(i)]));
            }
        }
        java.util.Map<String, List<Finding>> known = memory.recall(keys);
        ObjectIdOwnerMap<BlobPlaces> left = new ObjectIdOwnerMap<>();
        for (BlobPlaces b : blobs) {
            boolean all = true;
            for (int i = 0; i < b.size() && all; i++) {
                all = known.containsKey(b.name() + ':' + pathClasses.signature(classes[b.path(i)]))
                        && (allowlisted.isEmpty() || !allowlisted.contains(commits.ids[b.commit(i)].name()));
            }
            if (!all) {
                left.add(b);
                continue;
            }
            recalled++;
            for (int i = 0; i < b.size(); i++) {
                for (Finding f : known.get(b.name() + ':' + pathClasses.signature(classes[b.path(i)]))) {
                    int at = f.path().indexOf(io.leakgate.finding.Location.MEMBER_SEPARATOR);
                    hits.add(new Hit(f, b.path(i), b.commit(i), at < 0 ? "" : f.path().substring(at)));
                }
            }
        }
        return left;
    }

    private int shallowCommits() {
        try {
            return repo.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory dir
                    ? dir.getShallowCommits().size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Set<String> allowlistedCommits(RuleSet rules) {
        Set<String> commits = new HashSet<>();
        for (Allowlist a : rules.allowlists()) {
            commits.addAll(a.commits());
        }
        for (Rule r : rules.rules()) {
            for (Allowlist a : r.allowlists()) {
                commits.addAll(a.commits());
            }
        }
        return commits;
    }

    private static Provenance provenance(RevWalk walk, Commits commits, int index) {
        try {
            return CommitProvenance.of(walk.parseCommit(commits.ids[index]));
        } catch (IOException e) {
            return new Provenance(commits.ids[index].name(), null, null, null, null);
        }
    }

    @Override
    public void close() {
        repo.close();
    }
}
