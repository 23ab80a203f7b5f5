package io.leakgate.fleet;

/** What differs between the two databases the datastore runs on; the schema does not. */
enum Dialect {
    SQLITE("CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)", ""),
    POSTGRESQL("CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)", " FOR UPDATE SKIP LOCKED");

    /** The database's clock in ms since the epoch: leases are judged by one clock, not each worker's. */
    final String now;
    /**
     * Appended to the claiming SELECT: on PostgreSQL, workers pass over rows another holds; SQLite
     * has one writer at a time (transactions begin IMMEDIATE), so a claim there is already alone.
     */
    final String skipLocked;

    Dialect(String now, String skipLocked) {
        this.now = now;
        this.skipLocked = skipLocked;
    }
}
