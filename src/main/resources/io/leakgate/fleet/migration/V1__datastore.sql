-- The fleet datastore: one schema for SQLite and PostgreSQL. Times are milliseconds since the
-- epoch (BIGINT), identifiers are text made by the tool, so no type or sequence differs.

-- A repository, named by its clone URL or the absolute path of a local one.
CREATE TABLE repository (
    name       TEXT PRIMARY KEY,
    first_seen BIGINT NOT NULL
);

-- One run over a set of repositories, with the rule pack every scan in it uses.
CREATE TABLE run (
    id        TEXT PRIMARY KEY,
    rule_pack TEXT NOT NULL,
    started   BIGINT NOT NULL
);

-- The work list of a run: each repository is claimed by one worker at a time under a lease.
-- status: pending, scanning, done, failed.
CREATE TABLE run_item (
    run_id      TEXT NOT NULL REFERENCES run (id),
    repository  TEXT NOT NULL REFERENCES repository (name),
    status      TEXT NOT NULL,
    worker      TEXT,
    lease_until BIGINT,
    attempts    INTEGER NOT NULL,
    PRIMARY KEY (run_id, repository)
);

-- Each attempt at scanning a repository. status: running, done, failed, abandoned (its
-- worker's lease ran out and another took the repository over), lost (finished after that).
CREATE TABLE scan (
    id             TEXT PRIMARY KEY,
    run_id         TEXT NOT NULL REFERENCES run (id),
    repository     TEXT NOT NULL REFERENCES repository (name),
    rule_pack      TEXT NOT NULL,
    worker         TEXT NOT NULL,
    started        BIGINT NOT NULL,
    finished       BIGINT,
    status         TEXT NOT NULL,
    reason         TEXT,
    blobs_read     BIGINT,
    bytes_read     BIGINT,
    blobs_recalled BIGINT,
    findings       INTEGER
);
CREATE INDEX scan_by_run ON scan (run_id, repository);

-- Blobs scanned in full by a rule pack under one class of paths (key <blob id>:<class>), with
-- what they held as a JSON array of findings (secrets redacted unless the run stored them).
CREATE TABLE scanned_blob (
    rule_pack TEXT NOT NULL,
    blob_key  TEXT NOT NULL,
    findings  TEXT NOT NULL,
    PRIMARY KEY (rule_pack, blob_key)
);

-- The findings of each repository's latest completed scan. detail is the finding as JSON.
CREATE TABLE finding (
    repository  TEXT NOT NULL REFERENCES repository (name),
    fingerprint TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    severity    TEXT NOT NULL,
    path        TEXT NOT NULL,
    first_seen  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    scan_id     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    PRIMARY KEY (repository, fingerprint)
);
CREATE INDEX finding_by_fingerprint ON finding (fingerprint);

-- What a person decided about a finding, by fingerprint; kept across scans.
CREATE TABLE triage (
    fingerprint TEXT PRIMARY KEY,
    status      TEXT NOT NULL,
    comment     TEXT,
    updated     BIGINT NOT NULL
);
