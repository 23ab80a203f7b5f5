package io.leakgate.finding;

/**
 * Where in a repository's history content came from: the commit that introduced it.
 *
 * @param date ISO-8601 author date
 */
public record Provenance(String commit, String author, String email, String date, String subject) {
}
