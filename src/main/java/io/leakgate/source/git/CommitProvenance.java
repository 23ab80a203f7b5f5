package io.leakgate.source.git;

import io.leakgate.finding.Provenance;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Who made a commit and when, as reports show it: one form for history scans and hooks. */
public final class CommitProvenance {
    private CommitProvenance() {
    }

    /** The commit's id, author, email, ISO-8601 author date (with its offset) and subject. */
    public static Provenance of(RevCommit c) {
        PersonIdent a = c.getAuthorIdent();
        return new Provenance(c.name(), a.getName(), a.getEmailAddress(), date(a), c.getShortMessage());
    }

    /** A person's date as reports show it: ISO-8601 with its offset. */
    static String date(PersonIdent p) {
        return OffsetDateTime.ofInstant(p.getWhenAsInstant(), p.getZoneId())
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
