package io.leakgate.hook;

import io.leakgate.hook.git.FileChange;
import io.leakgate.hook.git.LoggedCommit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commits a push brings, put in order: parents before children (so the same secret in several
 * commits is reported at the oldest), each with the first ref, in the push's order, whose new tip
 * reaches it.
 */
final class PushedCommits {
    /** A ref's new tip, peeled to a commit. */
    record Tip(String commit, String ref) {
    }

    private PushedCommits() {
    }

    /**
     * The file versions the commits introduce relative to their parents, oldest commit first,
     * whether or not the repository holds their blobs already.
     */
    static List<Change> changes(List<LoggedCommit> commits, List<Tip> tips) {
        Map<String, String> refs = refs(commits, tips);
        List<Change> out = new ArrayList<>();
        for (LoggedCommit c : parentsFirst(commits)) {
            String ref = refs.get(c.id());
            for (FileChange f : c.files()) {
                out.add(new Change(f.path(), f.blob(), f.before(), c, ref));
            }
        }
        return out;
    }

    /** A topological order of {@code commits}, keeping git's order where it is free to. */
    static List<LoggedCommit> parentsFirst(List<LoggedCommit> commits) {
        Map<String, LoggedCommit> byId = new LinkedHashMap<>();
        for (LoggedCommit c : commits) {
            byId.putIfAbsent(c.id(), c);
        }
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<LoggedCommit>> children = new HashMap<>();
        for (LoggedCommit c : byId.values()) {
            int n = 0;
            for (String p : c.parents()) {
                if (byId.containsKey(p)) {
                    n++;
                    children.computeIfAbsent(p, k -> new ArrayList<>()).add(c);
                }
            }
            waiting.put(c.id(), n);
        }
        ArrayDeque<LoggedCommit> ready = new ArrayDeque<>();
        for (LoggedCommit c : byId.values()) {
            if (waiting.get(c.id()) == 0) {
                ready.add(c);
            }
        }
        List<LoggedCommit> out = new ArrayList<>(byId.size());
        while (!ready.isEmpty()) {
            LoggedCommit c = ready.poll();
            out.add(c);
            for (LoggedCommit child : children.getOrDefault(c.id(), List.of())) {
                if (waiting.merge(child.id(), -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        return out;
    }

    /** Each commit's ref: the first tip, in the push's order, from which it is reachable. */
    static Map<String, String> refs(List<LoggedCommit> commits, List<Tip> tips) {
        Map<String, LoggedCommit> byId = new HashMap<>();
        for (LoggedCommit c : commits) {
            byId.put(c.id(), c);
        }
        Map<String, String> refs = new HashMap<>();
        for (Tip tip : tips) {
            ArrayDeque<String> todo = new ArrayDeque<>();
            todo.push(tip.commit());
            while (!todo.isEmpty()) {
                LoggedCommit c = byId.get(todo.pop());
                if (c == null || refs.putIfAbsent(c.id(), tip.ref()) != null) {
                    continue;
                }
                c.parents().forEach(todo::push);
            }
        }
        return refs;
    }
}
