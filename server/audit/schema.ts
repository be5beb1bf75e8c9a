/**
 * Schema of the audit index. The index is derived data, rebuilt from the registries' logs, so it is
 * never migrated: a file whose `PRAGMA user_version` is not SCHEMA_VERSION is emptied and indexed
 * again from the deployment block (store.ts). Any change to the tables below bumps SCHEMA_VERSION.
 * Times are UNIX seconds of the block that logged the event.
 *
 * Every table that an event adds rows to has a `block_number` column (the block of that event), and
 * every column an event fills in later has a `*_block` twin: rolling back a reorganisation is then
 * "delete rows from the fork on, and clear what the fork filled in" (see `ROLLBACK` below).
 */

/**
 * 1: batches keyed by root alone (the first CertificateRegistry). 2: batches and their revocations
 * keyed by (university, root), as the registry keeps them.
 */
export const SCHEMA_VERSION = 2;

export const SCHEMA = `
  -- The one deployment this store indexes: a store is never reused for another one.
  CREATE TABLE deployment (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    chain_id INTEGER NOT NULL,
    issuer_registry TEXT NOT NULL,
    certificate_registry TEXT NOT NULL,
    deployment_block INTEGER NOT NULL
  );

  -- The last indexed block: every event up to it is stored, none after it.
  CREATE TABLE checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    block_number INTEGER NOT NULL,
    block_hash TEXT NOT NULL
  );

  -- Blocks that logged indexed events, and every checkpoint: times for the events, hashes to find
  -- where a reorganised chain forks from what was indexed.
  CREATE TABLE blocks (
    number INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    timestamp INTEGER NOT NULL
  );

  -- Every event as logged; its key makes indexing a range twice harmless.
  CREATE TABLE events (
    tx_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    registry TEXT NOT NULL CHECK (registry IN ('issuer', 'certificate')),
    name TEXT NOT NULL,
    args TEXT NOT NULL,                    -- JSON
    PRIMARY KEY (tx_hash, log_index)
  ) WITHOUT ROWID;
  CREATE INDEX events_by_block ON events (block_number, log_index);

  -- One row per registration of a ministry; removal closes it.
  CREATE TABLE ministries (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL,
    account TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    registered_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    removed_at INTEGER,                    -- time of the removal
    until_at INTEGER,                      -- end of the registration interval, as the registry keeps it
    removed_block INTEGER
  );
  CREATE INDEX ministries_by_country ON ministries (country, registered_at);

  CREATE TABLE universities (
    id INTEGER PRIMARY KEY,                -- the university's id in the IssuerRegistry
    country TEXT NOT NULL,
    operator TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    accredited_at INTEGER NOT NULL,        -- first accreditation
    block_number INTEGER NOT NULL,
    tx_hash TEXT NOT NULL
  );
  CREATE INDEX universities_by_country ON universities (country);

  -- The URL given at accreditation, then each change.
  CREATE TABLE university_urls (
    university_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL
  );
  CREATE INDEX university_urls_by_university ON university_urls (university_id, block_number, log_index);

  -- Accreditation intervals [from_at, until_at): accreditation and reinstatement open one, a
  -- suspension closes the open one with its reason.
  CREATE TABLE accreditations (
    university_id INTEGER NOT NULL,
    from_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    suspended_at INTEGER,                  -- time of the suspension
    until_at INTEGER,                      -- end of the interval, as the registry keeps it
    until_block INTEGER,
    suspension_reason TEXT,
    suspension_tx TEXT
  );
  CREATE INDEX accreditations_by_university ON accreditations (university_id, from_at);
  CREATE INDEX accreditations_by_suspension ON accreditations (suspended_at);

  CREATE TABLE signer_keys (
    key TEXT PRIMARY KEY,                  -- a key is never registered twice, with any university
    university_id INTEGER NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_until INTEGER NOT NULL,          -- as added; 0 means no end
    added_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL
  );
  CREATE INDEX signer_keys_by_university ON signer_keys (university_id);

  -- Each revocation of a key; the latest one holds the key's effective end.
  CREATE TABLE signer_revocations (
    key TEXT NOT NULL,
    university_id INTEGER NOT NULL,
    revoked_from INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL
  );
  CREATE INDEX signer_revocations_by_key ON signer_revocations (key, block_number, log_index);

  -- A batch is a root anchored by a university: the same root anchored by another university is
  -- another batch (the registry keeps them apart, so a front-run anchor neither blocks nor stands for
  -- the real one).
  CREATE TABLE batches (
    university_id INTEGER NOT NULL,
    root TEXT NOT NULL,
    count INTEGER NOT NULL,
    anchored_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    PRIMARY KEY (university_id, root)
  );
  CREATE INDEX batches_by_university ON batches (university_id, anchored_at);
  CREATE INDEX batches_by_time ON batches (anchored_at);
  CREATE INDEX batches_by_root ON batches (root);   -- the same root under other universities (reconcile.ts)

  -- Revocations of single certificates (leaves) of a batch.
  CREATE TABLE revocations (
    university_id INTEGER NOT NULL,
    root TEXT NOT NULL,
    leaf TEXT NOT NULL,
    reason INTEGER NOT NULL,
    revoked_by TEXT NOT NULL,
    revoked_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    PRIMARY KEY (university_id, root, leaf)
  ) WITHOUT ROWID;
  CREATE INDEX revocations_by_university ON revocations (university_id, revoked_at);
  CREATE INDEX revocations_by_block ON revocations (block_number);

  CREATE TABLE batch_revocations (
    university_id INTEGER NOT NULL,
    root TEXT NOT NULL,
    reason INTEGER NOT NULL,
    revoked_by TEXT NOT NULL,
    revoked_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    PRIMARY KEY (university_id, root)
  );
  CREATE INDEX batch_revocations_by_university ON batch_revocations (university_id, revoked_at);

  -- Rights pushed by the IssuerRegistry to the CertificateRegistry, for cross-checking the two.
  CREATE TABLE anchoring_rights (
    operator TEXT NOT NULL,
    university_id INTEGER NOT NULL,
    allowed INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL
  );
  CREATE INDEX anchoring_rights_by_operator ON anchoring_rights (operator, block_number, log_index);

  -- Handover of the ALECSO authority (the IssuerRegistry's owner): started, then accepted.
  CREATE TABLE authority_transfers (
    stage TEXT NOT NULL CHECK (stage IN ('started', 'completed')),
    previous_owner TEXT NOT NULL,
    new_owner TEXT NOT NULL,
    at INTEGER NOT NULL,
    block_number INTEGER NOT NULL,
    log_index INTEGER NOT NULL
  );

  CREATE TABLE registry_connections (
    certificate_registry TEXT NOT NULL,
    connected_at INTEGER NOT NULL,
    block_number INTEGER NOT NULL
  );
`;

/** Tables whose rows are added by events, each with the `block_number` of the event that added them. */
const EVENT_TABLES = [
  "events",
  "ministries",
  "universities",
  "university_urls",
  "accreditations",
  "signer_keys",
  "signer_revocations",
  "batches",
  "revocations",
  "batch_revocations",
  "anchoring_rights",
  "authority_transfers",
  "registry_connections",
] as const;

/** Statements that undo every event logged at block `@fork` or later (the caller then stores a new checkpoint). */
export const ROLLBACK: readonly string[] = [
  ...EVENT_TABLES.map((table) => `DELETE FROM ${table} WHERE block_number >= @fork`),
  "UPDATE ministries SET removed_at = NULL, until_at = NULL, removed_block = NULL WHERE removed_block >= @fork",
  `UPDATE accreditations SET suspended_at = NULL, until_at = NULL, until_block = NULL, suspension_reason = NULL,
     suspension_tx = NULL WHERE until_block >= @fork`,
  "DELETE FROM blocks WHERE number >= @fork",
];
