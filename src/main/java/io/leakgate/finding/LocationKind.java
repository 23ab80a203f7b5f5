package io.leakgate.finding;

import java.util.Locale;

/**
 * What kind of place a finding is at: a file, or text that is no file, such as a commit's
 * message. Reports name the kind by its {@link #label()}; a place that is no file has a fixed
 * pseudo path in angle brackets, which is what its fingerprint, baseline entries and ignore
 * lines use, so the fingerprint does not change when a rebase gives the commit a new id.
 */
public enum LocationKind {
    /** A file of a directory, a blob of a commit, standard input: the path is the file's. */
    FILE("file", null),
    /** The message of a commit; the finding's provenance is that commit. */
    COMMIT_MESSAGE("commit-message", "<commit-message>"),
    /**
     * The message of an annotated tag; the provenance's id is the tag object's and its author
     * the tagger; the tag's name is the finding's {@value #TAG_ATTRIBUTE} attribute.
     */
    TAG_MESSAGE("tag-message", "<tag-message>");

    /** The attribute that names the tag of a {@link #TAG_MESSAGE} finding. */
    public static final String TAG_ATTRIBUTE = "tag";

    private final String label;
    private final String pseudoPath;

    LocationKind(String label, String pseudoPath) {
        this.label = label;
        this.pseudoPath = pseudoPath;
    }

    /** The name reports, baselines and JSON use: {@code file}, {@code commit-message}, … */
    public String label() {
        return label;
    }

    /** The path every place of this kind has ({@code <commit-message>}); null for files. */
    public String pseudoPath() {
        return pseudoPath;
    }

    /** Whether this is the message of a commit or tag, whose provenance names that object. */
    public boolean isMessage() {
        return this == COMMIT_MESSAGE || this == TAG_MESSAGE;
    }

    /** The kind with this {@link #label()}, or null for none. */
    public static LocationKind ofLabel(String label) {
        for (LocationKind k : values()) {
            if (k.label.equals(label.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }

    /**
     * The place as a person reads it: a file's path, {@code commit 1a2b3c4d5e6f message},
     * {@code tag v1.0 message}.
     *
     * @param path   the finding's path
     * @param object the commit or tag id, or null when unknown
     * @param name   the tag's name, or null to name the tag by its id
     */
    public String place(String path, String object, String name) {
        return switch (this) {
            case FILE -> path;
            case COMMIT_MESSAGE -> "commit " + shortId(object) + " message";
            case TAG_MESSAGE -> "tag " + (name != null ? name : shortId(object)) + " message";
        };
    }

    private static String shortId(String id) {
        return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
    }
}
