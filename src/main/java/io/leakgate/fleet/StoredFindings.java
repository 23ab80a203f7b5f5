package io.leakgate.fleet;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Finding;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Severity;
import io.leakgate.report.Redactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings a datastore holds (each repository's latest completed scan) with their triage
 * status, for {@code leakgate report --datastore} and {@code leakgate triage}. A reported finding
 * carries its repository and status as the attributes {@code repository} and {@code status}.
 */
public final class StoredFindings {
    /**
     * Which findings to report; null fields do not filter.
     *
     * @param severity this severity or a more severe one
     * @param since    first seen at or after this instant
     */
    public record Filter(String repository, String rule, Severity severity, TriageStatus status, Instant since) {
        public static Filter none() {
            return new Filter(null, null, null, null, null);
        }
    }

    private final Datastore store;
    private final FindingCodec codec = new FindingCodec(id -> null);

    public StoredFindings(Datastore store) {
        this.store = store;
    }

    /**
     * The findings that pass the filter, as a scan result the report writers take, secrets
     * already shown as {@code redactor} says: write it with a redactor that reveals.
     */
    public ScanResult report(Filter filter, Redactor redactor) throws LeakgateException {
        StringBuilder sql = new StringBuilder("SELECT f.repository, f.detail, t.status, f.first_seen FROM finding f "
                + "LEFT JOIN triage t ON t.fingerprint = f.fingerprint WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.repository() != null) {
            sql.append(" AND f.repository = ?");
            args.add(filter.repository());
        }
        if (filter.rule() != null) {
            sql.append(" AND f.rule_id = ?");
            args.add(filter.rule());
        }
        if (filter.since() != null) {
            sql.append(" AND f.first_seen >= ?");
            args.add(filter.since().toEpochMilli());
        }
        if (filter.status() != null) {
            sql.append(filter.status() == TriageStatus.OPEN ? " AND (t.status IS NULL OR t.status = ?)" : " AND t.status = ?");
            args.add(filter.status().label());
        }
        sql.append(" ORDER BY f.repository, f.path, f.fingerprint");
        List<Finding> out = new ArrayList<>();
        try (Connection c = store.connect(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Finding f = codec.decode(r.getString(2));
                    if (filter.severity() != null && f.rule().severity().compareTo(filter.severity()) < 0) {
                        continue;
                    }
                    Map<String, String> facts = new LinkedHashMap<>();
                    facts.put("repository", r.getString(1));
                    facts.put("status", r.getString(3) == null ? TriageStatus.OPEN.label() : r.getString(3));
                    facts.put("first-seen", Instant.ofEpochMilli(r.getLong(4)).toString());
                    out.add(SecretForm.shown(f, redactor).withFacts(List.of(), facts));
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw store.failure("cannot read findings", e);
        }
        out.sort(Comparator.comparing((Finding f) -> f.attributes().get("repository")).thenComparing(Finding::path)
                .thenComparingInt(Finding::line));
        return new ScanResult(out, List.of(), 0, 0, 0);
    }

    /** Sets the status of the finding(s) with this fingerprint; it must be a finding the datastore holds. */
    public int triage(String fingerprint, TriageStatus status, String comment) throws LeakgateException {
        try (Connection c = store.connect()) {
            int known;
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM finding WHERE fingerprint = ?")) {
                s.setString(1, fingerprint);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    known = r.getInt(1);
                }
            }
            if (known == 0) {
                c.rollback();
                throw new LeakgateException("no finding with fingerprint " + fingerprint + " in " + store.describe()
                        + " (see leakgate report --datastore for the fingerprints)");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO triage (fingerprint, status, comment, updated) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, "
                    + "comment = excluded.comment, updated = excluded.updated")) {
                s.setString(1, fingerprint);
                s.setString(2, status.label());
                s.setString(3, comment);
                s.setLong(4, System.currentTimeMillis());
                s.executeUpdate();
            }
            c.commit();
            return known;
        } catch (SQLException e) {
            throw store.failure("cannot set the triage status", e);
        }
    }
}
