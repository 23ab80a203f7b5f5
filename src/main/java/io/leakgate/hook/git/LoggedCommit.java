package io.leakgate.hook.git;

import io.leakgate.finding.Provenance;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A commit as {@code git log} lists it, with the file versions it introduces.
 *
 * @param date  the author date, strict ISO 8601 as git prints it
 * @param files the regular files and symlinks whose blob differs from that path's blob in every parent
 */
public record LoggedCommit(String id, List<String> parents, String author, String email, String date,
        String subject, List<FileChange> files) {
    public LoggedCommit {
        parents = List.copyOf(parents);
        files = List.copyOf(files);
    }

    /** The commit's provenance as reports show it (the same form as a history scan's). */
    public Provenance provenance() {
        String iso = date;
        try {
            iso = OffsetDateTime.parse(date).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (RuntimeException e) {
            // keep git's own text
        }
        return new Provenance(id, author, email, iso, subject);
    }
}
