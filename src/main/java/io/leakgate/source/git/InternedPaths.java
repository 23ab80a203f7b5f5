package io.leakgate.source.git;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Interned paths: each distinct path of the history is one String and one small int. */
final class InternedPaths {
    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> names = new ArrayList<>();

    int intern(String path) {
        Integer id = ids.get(path);
        if (id != null) {
            return id;
        }
        synchronized (names) {
            return ids.computeIfAbsent(path, p -> {
                names.add(p);
                return names.size() - 1;
            });
        }
    }

    String name(int id) {
        synchronized (names) {
            return names.get(id);
        }
    }

    /** A snapshot for readers that no longer intern, such as the scanning workers. */
    String[] toArray() {
        synchronized (names) {
            return names.toArray(new String[0]);
        }
    }
}
