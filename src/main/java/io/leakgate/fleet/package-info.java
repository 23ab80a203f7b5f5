/**
 * Many repositories: the datastore (SQLite or PostgreSQL, migrated by Flyway), runs that workers
 * share through row locks and leases, the clone cache, blobs remembered per rule pack, and triage.
 * Each repository is scanned by the Git source as {@code leakgate git} scans it.
 */
package io.leakgate.fleet;
