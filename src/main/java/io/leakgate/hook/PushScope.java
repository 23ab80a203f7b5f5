package io.leakgate.hook;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Skipped;
import io.leakgate.hook.git.CatFile;
import io.leakgate.hook.git.LoggedCommit;
import io.leakgate.hook.git.RawLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a push asks the server to make reachable, as the gate must judge it: the commits
 * that no existing ref reaches (whether or not their objects are already in the repository),
 * every file version those commits introduce relative to their parents, and the blobs and trees
 * that a pushed ref points at directly or through tags. Nothing a ref will reach is left out
 * because the server happens to hold its object already.
 */
final class PushScope {
    /** A chain of tags longer than this is refused: git itself never makes one. */
    private static final int MAX_TAG_DEPTH = 32;

    /**
     * An annotated tag a push brings, with its raw object (header and message).
     *
     * @param content the tag object, or null when it was larger than the size limit
     */
    record Tag(String id, String ref, byte[] content) {
    }

    /** What the push brings; {@code unscanned} lists what could not even be listed for scanning. */
    record Listing(List<LoggedCommit> commits, List<PushedCommits.Tip> tips, List<Change> direct, List<Tag> tags,
            List<Skipped> unscanned) {
    }

    private PushScope() {
    }

    static Listing list(HookRepository git, List<RefUpdate> updates, long maxSize) throws LeakgateException {
        CatFile objects = git.objects();
        List<PushedCommits.Tip> tips = new ArrayList<>();
        List<Change> direct = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();
        List<Skipped> unscanned = new ArrayList<>();
        for (RefUpdate u : updates) {
            if (!u.isDelete()) {
                peel(git, objects, u, maxSize, tips, direct, tags, unscanned);
            }
        }
        List<LoggedCommit> commits;
        if (git.inQuarantine()) {
            // Inside git's quarantine the push's new commits are the quarantine's commits, found
            // without looking at any ref. Commits the server holds already but no ref reaches (a
            // deleted branch's, a bypassed push's) can be pushed again without bringing any
            // object: those are found from the new commits' outside parents and the tips.
            commits = new ArrayList<>(git.newCommits());
            Set<String> fresh = git.newObjects().commits();
            Set<String> boundary = new java.util.LinkedHashSet<>();
            for (PushedCommits.Tip t : tips) {
                if (!fresh.contains(t.commit())) {
                    boundary.add(t.commit());
                }
            }
            for (LoggedCommit c : commits) {
                for (String p : c.parents()) {
                    if (!fresh.contains(p)) {
                        boundary.add(p);
                    }
                }
            }
            // A ref's value before the push is reachable by definition: a fast-forward needs no
            // walk, and git's start is most of a small push's cost.
            for (RefUpdate u : updates) {
                if (!u.isCreate()) {
                    boundary.remove(u.oldId());
                }
            }
            if (!boundary.isEmpty()) {
                commits.addAll(unreachable(git, boundary));
            }
        } else if (!tips.isEmpty()) {
            // Without a quarantine, what is new is what no existing ref reaches.
            List<String> args = RawLog.logCommand("--topo-order", "--reverse");
            for (PushedCommits.Tip t : tips) {
                args.add(t.commit());
            }
            args.add("--not");
            args.add("--all");
            commits = RawLog.commits(git.git().output(null, args.toArray(String[]::new)));
        } else {
            commits = List.of();
        }
        return new Listing(commits, tips, direct, tags, unscanned);
    }

    /** The commits reachable from {@code from} that no existing ref reaches, with their changes. */
    private static List<LoggedCommit> unreachable(HookRepository git, Set<String> from) throws LeakgateException {
        List<String> args = new ArrayList<>(List.of("rev-list"));
        args.addAll(from);
        args.add("--not");
        args.add("--all");
        String listed = new String(git.git().output(null, args.toArray(String[]::new)), StandardCharsets.US_ASCII);
        if (listed.isBlank()) {
            return List.of();
        }
        List<String> log = RawLog.logCommand("--no-walk=unsorted", "--stdin");
        return RawLog.commits(git.git().output(listed.getBytes(StandardCharsets.US_ASCII), log.toArray(String[]::new)));
    }

    /** Follows a pushed ref's new value through tags to a commit (a tip), a tree or a blob. */
    private static void peel(HookRepository git, CatFile objects, RefUpdate u, long maxSize,
            List<PushedCommits.Tip> tips, List<Change> direct, List<Tag> tags, List<Skipped> unscanned)
            throws LeakgateException {
        String id = u.newId();
        Set<String> seen = new HashSet<>();
        for (int depth = 0; ; depth++) {
            if (depth > MAX_TAG_DEPTH || !seen.add(id)) {
                throw new LeakgateException(u.ref() + ": a chain of more than " + MAX_TAG_DEPTH + " tags");
            }
            CatFile.GitObject o = objects.read(id, maxSize);
            if (o == null) {
                throw new LeakgateException(u.ref() + ": object " + id + " is missing");
            }
            switch (o.type()) {
                case "commit" -> {
                    tips.add(new PushedCommits.Tip(o.id(), u.ref()));
                    return;
                }
                case "blob", "tree" -> {
                    direct.addAll(content(git, o, u.ref()));
                    return;
                }
                case "tag" -> {
                    tags.add(new Tag(o.id(), u.ref(), o.content()));
                    if (o.content() == null) {
                        unscanned.add(new Skipped(u.ref(), Skipped.Reason.TOO_LARGE, o.size(), o.id()));
                        CatFile.GitObject target = objects.read(o.id() + "^{}", 0);
                        if (target == null) {
                            throw new LeakgateException(u.ref() + ": tag " + o.id() + " points at nothing");
                        }
                        id = target.id();
                    } else {
                        id = target(o.content(), u.ref());
                    }
                }
                default -> throw new LeakgateException(u.ref() + ": unexpected object type " + o.type());
            }
        }
    }

    /** The object a tag names: its first header line, {@code object <id>}. */
    private static String target(byte[] tag, String ref) throws LeakgateException {
        int end = 0;
        while (end < tag.length && tag[end] != '\n') {
            end++;
        }
        String first = new String(tag, 0, end, StandardCharsets.US_ASCII);
        if (!first.startsWith("object ") || !RefUpdate.isId(first.substring(7))) {
            throw new LeakgateException(ref + ": a tag without a valid object line");
        }
        return first.substring(7);
    }

    /**
     * What a ref that names a blob or a tree (not through a commit) brings: the blob at
     * {@code <ref>}, or every blob of the tree at {@code <ref>:<path>}; nothing for other types.
     */
    static List<Change> content(HookRepository git, CatFile.GitObject o, String ref) throws LeakgateException {
        return switch (o.type()) {
            case "blob" -> List.of(new Change(ref, o.id(), List.of(), null, ref));
            case "tree" -> tree(git, o.id(), ref);
            default -> List.of();
        };
    }

    /** Every blob in a tree that a ref points at, at {@code <ref>:<path>}; submodule links have no content here. */
    private static List<Change> tree(HookRepository git, String tree, String ref) throws LeakgateException {
        byte[] out = git.git().output(null, "ls-tree", "-r", "-z", "--full-tree", tree);
        List<Change> changes = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] != 0) {
                continue;
            }
            // "<mode> SP <type> SP <object> TAB <path>"
            String entry = new String(out, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            int tab = entry.indexOf('\t');
            String[] head = entry.substring(0, Math.max(tab, 0)).split(" ");
            if (tab < 0 || head.length != 3) {
                throw new LeakgateException("unexpected git ls-tree output for " + ref);
            }
            if (head[1].equals("blob")) {
                changes.add(new Change(ref + ":" + entry.substring(tab + 1), head[2], List.of(), null, ref));
            }
        }
        return changes;
    }
}
