package io.leakgate.finding;

/**
 * Another place the same secret was seen (same rule, same secret): in history, the same key
 * in other paths or commits is one finding with a list of locations, not hundreds of findings.
 *
 * @param provenance the commit that introduced it there, or null outside history scans
 * @param kind       what kind of place {@code path} names (see {@link LocationKind})
 */
public record Location(String path, int line, Provenance provenance, LocationKind kind) {
    /** What separates an archive's path from a member's in a path: {@code lib/a.jar!/x/app.properties}. */
    public static final String MEMBER_SEPARATOR = "!/";

    public Location {
        kind = kind == null ? LocationKind.FILE : kind;
    }

    /** A place in a file. */
    public Location(String path, int line, Provenance provenance) {
        this(path, line, provenance, LocationKind.FILE);
    }

    /** The place as a person reads it; a tag is named by its id here. */
    public String place() {
        return kind.place(path, provenance == null ? null : provenance.commit(), null);
    }
}
