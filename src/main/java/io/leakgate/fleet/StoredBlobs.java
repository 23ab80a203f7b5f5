package io.leakgate.fleet;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Finding;
import io.leakgate.source.git.BlobMemory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The datastore's record of blobs scanned by one rule pack, as one repository's scan sees it:
 * recalls what any repository's earlier scan stored, and collects what this scan reads, to be
 * saved with its results ({@link #save}) once the scan completes.
 */
final class StoredBlobs implements BlobMemory {
    /** Keys per query: well under SQLite's and PostgreSQL's limits on bound parameters. */
    private static final int BATCH = 500;

    private final Datastore store;
    private final String pack;
    private final FindingCodec codec;
    private final SecretForm form;
    private final Map<String, String> learned = new ConcurrentHashMap<>();

    StoredBlobs(Datastore store, String pack, FindingCodec codec, SecretForm form) {
        this.store = store;
        this.pack = pack;
        this.codec = codec;
        this.form = form;
    }

    @Override
    public Map<String, List<Finding>> recall(Collection<String> keys) throws LeakgateException {
        Map<String, List<Finding>> known = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        try (Connection c = store.connect()) {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<String> part = all.subList(from, Math.min(all.size(), from + BATCH));
                String sql = "SELECT blob_key, findings FROM scanned_blob WHERE rule_pack = ? AND blob_key IN ("
                        + "?,".repeat(part.size() - 1) + "?)";
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, pack);
                    for (int i = 0; i < part.size(); i++) {
                        s.setString(i + 2, part.get(i));
                    }
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            String text = r.getString(2);
                            List<Finding> found = new ArrayList<>();
                            if (!text.equals("[]")) {
                                codec.decodeAll(text).forEach(f -> found.add(form.recalled(f)));
                            }
                            known.put(r.getString(1), found);
                        }
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw store.failure("cannot read scanned blobs", e);
        }
        return known;
    }

    @Override
    public List<Finding> remember(String key, List<Finding> findings) {
        List<Finding> kept = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            kept.add(form.kept(f));
        }
        learned.put(key, kept.isEmpty() ? "[]" : codec.encode(kept));
        return kept;
    }

    @Override
    public Finding carried(Finding finding) {
        return form.kept(finding);
    }

    /** How many blob keys this scan read and will save. */
    int learned() {
        return learned.size();
    }

    /** Saves what this scan read, in the caller's transaction; keys another scan saved meanwhile are kept as they are. */
    void save(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO scanned_blob (rule_pack, blob_key, findings) "
                + "VALUES (?, ?, ?) ON CONFLICT (rule_pack, blob_key) DO NOTHING")) {
            int n = 0;
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(learned).entrySet()) {
                s.setString(1, pack);
                s.setString(2, e.getKey());
                s.setString(3, e.getValue());
                s.addBatch();
                if (++n % BATCH == 0) {
                    s.executeBatch();
                }
            }
            s.executeBatch();
        }
    }
}
