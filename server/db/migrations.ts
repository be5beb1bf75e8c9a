/**
 * Schema of the issuance server's SQLite store, as ordered migrations. Each runs once, inside a
 * transaction, and is recorded in `schema_migrations`; published migrations are never edited.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE universities (
    id INTEGER PRIMARY KEY,               -- the university's id in the IssuerRegistry
    country TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    operator TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    university_id INTEGER NOT NULL REFERENCES universities(id),
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('registrar', 'approver', 'admin')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    disabled_at INTEGER
  );

  -- Login sessions and API tokens; only a hash of each token is kept.
  CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
    label TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER
  );

  CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    university_id INTEGER NOT NULL REFERENCES universities(id),
    status TEXT NOT NULL CHECK (status IN ('batched', 'signed', 'submitted', 'confirmed', 'failed')),
    count INTEGER NOT NULL,
    root TEXT NOT NULL UNIQUE,
    needs_approval INTEGER NOT NULL DEFAULT 0,
    approved_by INTEGER REFERENCES staff(id),
    approved_at INTEGER,
    signer TEXT,
    signature TEXT,
    block_number INTEGER,
    anchored_at INTEGER,
    tx_hash TEXT,
    error TEXT,
    revoked_at INTEGER,
    revocation_reason INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX batches_by_status ON batches (status, university_id);

  CREATE TABLE certificates (
    id TEXT PRIMARY KEY,                   -- credential id, 16 hex digits
    university_id INTEGER NOT NULL REFERENCES universities(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'batched', 'signed', 'submitted', 'confirmed', 'failed')),
    draft TEXT NOT NULL,                   -- unsigned credential, salts and document hash (JSON)
    document_hash TEXT NOT NULL,
    leaf TEXT NOT NULL,
    secret BLOB NOT NULL,                  -- the per-credential secret behind the QR code
    identifier TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    name_latin TEXT NOT NULL,
    batch_id INTEGER REFERENCES batches(id),
    merkle_proof TEXT,
    credential TEXT,                       -- full credential with its batch proof, once signed
    envelope TEXT,                         -- the same, encrypted: the only form served publicly
    revoked_at INTEGER,
    revocation_reason INTEGER,
    created_by INTEGER REFERENCES staff(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX certificates_pending ON certificates (university_id, status, created_at);
  CREATE INDEX certificates_by_batch ON certificates (batch_id);
  CREATE INDEX certificates_by_identifier ON certificates (university_id, identifier);

  -- A replayed request with the same key returns the first answer instead of issuing again.
  CREATE TABLE idempotency_keys (
    university_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (university_id, key)
  );

  -- Revocations to send on chain, once the certificates' batch is anchored.
  CREATE TABLE revocations (
    id INTEGER PRIMARY KEY,
    university_id INTEGER NOT NULL REFERENCES universities(id),
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    scope TEXT NOT NULL CHECK (scope IN ('certificates', 'batch')),
    leaves TEXT NOT NULL,                  -- JSON array of leaves; empty for a whole batch
    reason INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'queued', 'confirmed', 'failed')),
    error TEXT,
    requested_by INTEGER REFERENCES staff(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );

  -- Every transaction the server sends, written before it is broadcast (the outbox).
  CREATE TABLE chain_transactions (
    id INTEGER PRIMARY KEY,
    university_id INTEGER NOT NULL REFERENCES universities(id),
    kind TEXT NOT NULL CHECK (kind IN ('anchor', 'revoke')),
    ref_id INTEGER NOT NULL,               -- batches.id or revocations.id
    data TEXT NOT NULL,                    -- call data
    status TEXT NOT NULL CHECK (status IN ('queued', 'submitted', 'confirmed', 'failed')),
    nonce INTEGER,
    tx_hash TEXT,
    raw TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    block_number INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX chain_transactions_open ON chain_transactions (status, university_id, id);

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    university_id INTEGER,
    staff_id INTEGER,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT,
    ip TEXT
  );
  CREATE INDEX audit_log_by_university ON audit_log (university_id, at);
  `,
  `
  -- The ministry's names as the registry held them when the university was hosted, for certificates.
  ALTER TABLE universities ADD COLUMN ministry_ar TEXT;
  ALTER TABLE universities ADD COLUMN ministry_en TEXT;
  ALTER TABLE universities ADD COLUMN ministry_fr TEXT;
  `,
  `
  -- Signer key rotations: the new key is registered on chain, then signs the new batches; the old key
  -- is revoked on chain only once every batch it signed is anchored, so those keep verifying.
  CREATE TABLE signer_rotations (
    id INTEGER PRIMARY KEY,
    university_id INTEGER NOT NULL REFERENCES universities(id),
    old_signer TEXT NOT NULL,
    new_signer TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('registering', 'registered', 'switched', 'revoking', 'done')),
    error TEXT,
    requested_by INTEGER REFERENCES staff(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX signer_rotations_by_university ON signer_rotations (university_id, id);

  -- The outbox also sends the IssuerRegistry's addSigner and revokeSigner. SQLite cannot change a
  -- CHECK constraint in place, so the table is rebuilt with the wider list of kinds.
  CREATE TABLE chain_transactions_v3 (
    id INTEGER PRIMARY KEY,
    university_id INTEGER NOT NULL REFERENCES universities(id),
    kind TEXT NOT NULL CHECK (kind IN ('anchor', 'revoke', 'add_signer', 'revoke_signer')),
    ref_id INTEGER NOT NULL,               -- batches.id, revocations.id or signer_rotations.id
    data TEXT NOT NULL,                    -- call data
    status TEXT NOT NULL CHECK (status IN ('queued', 'submitted', 'confirmed', 'failed')),
    nonce INTEGER,
    tx_hash TEXT,
    raw TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    block_number INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  INSERT INTO chain_transactions_v3 (id, university_id, kind, ref_id, data, status, nonce, tx_hash, raw, attempts, error, block_number, created_at, updated_at)
    SELECT id, university_id, kind, ref_id, data, status, nonce, tx_hash, raw, attempts, error, block_number, created_at, updated_at FROM chain_transactions;
  DROP TABLE chain_transactions;
  ALTER TABLE chain_transactions_v3 RENAME TO chain_transactions;
  CREATE INDEX chain_transactions_open ON chain_transactions (status, university_id, id);
  `,
  `
  -- Four-eyes approval counts what each staff member created over a rolling window (created_by is
  -- filled since the first migration; API tokens belong to a staff member, so it is never a machine).
  CREATE INDEX certificates_by_creator ON certificates (university_id, created_by, created_at);

  -- A university's own approval policy; without a row the server's threshold applies over 24 hours.
  CREATE TABLE approval_policies (
    university_id INTEGER PRIMARY KEY REFERENCES universities(id),
    threshold INTEGER NOT NULL,
    window_seconds INTEGER NOT NULL,
    updated_by INTEGER REFERENCES staff(id),
    updated_at INTEGER NOT NULL
  );

  -- Why a failed batch failed (JSON: a registry error, a standing check, or an approver's refusal),
  -- who refused it, and when its certificates were returned to pending to be sealed anew.
  ALTER TABLE batches ADD COLUMN failure TEXT;
  ALTER TABLE batches ADD COLUMN refused_by INTEGER REFERENCES staff(id);
  ALTER TABLE batches ADD COLUMN refused_at INTEGER;
  ALTER TABLE batches ADD COLUMN resealed_at INTEGER;
  `,
  `
  -- API tokens carry the scopes they may use (space-separated: read, issue, revoke, keys) and always
  -- expire. Tokens made before scopes existed keep every scope, so integrations keep working,
  -- but now expire 90 days after this migration.
  ALTER TABLE tokens ADD COLUMN scopes TEXT;
  UPDATE tokens SET scopes = 'read issue revoke keys', expires_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 90 * 86400000
    WHERE kind = 'api' AND revoked_at IS NULL;

  -- After an admin's reset the password is one-time: its holder must choose their own before anything else.
  ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

  -- Failed sign-ins of the last window, per account (the email as typed, known or not) and per
  -- address: the only ones counted, so a shared office address is not locked by its own successes.
  CREATE TABLE sign_in_failures (
    subject TEXT NOT NULL,                 -- 'account:<email>' or 'address:<ip>'
    at INTEGER NOT NULL
  );
  CREATE INDEX sign_in_failures_by_subject ON sign_in_failures (subject, at);
  `,
  `
  -- A certificate issued on purpose for a student, degree and programme that already have one: a
  -- replacement (the first was wrong or lost) or a second copy, and which certificate it repeats.
  ALTER TABLE certificates ADD COLUMN reissue TEXT CHECK (reissue IN ('replacement', 'copy'));
  ALTER TABLE certificates ADD COLUMN reissue_of TEXT;
  `,
  `
  -- Stored credentials to copy to the mirrors the registry lists: one row each time a credential is
  -- published (its batch confirmed), in order; the version is that batch's id, which grows when a
  -- certificate is re-sealed. Credentials published before mirrors existed are queued too.
  CREATE TABLE mirror_payloads (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    university_id INTEGER NOT NULL REFERENCES universities(id),
    certificate_id TEXT NOT NULL,
    version INTEGER NOT NULL
  );
  CREATE INDEX mirror_payloads_by_university ON mirror_payloads (university_id, seq);
  INSERT INTO mirror_payloads (university_id, certificate_id, version)
    SELECT university_id, id, batch_id FROM certificates WHERE status = 'confirmed' ORDER BY batch_id, id;

  -- How far each mirror has acknowledged each university's payloads, and when to try it again after
  -- a failure: a mirror that was down, or published later, catches up from its cursor.
  CREATE TABLE mirror_cursors (
    mirror_url TEXT NOT NULL,
    university_id INTEGER NOT NULL REFERENCES universities(id),
    delivered_seq INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (mirror_url, university_id)
  );
  `,
  `
  -- Large issuance requests are written in slices, one transaction each, under an intake: until the
  -- last slice commits, the intake stays here and its certificates are neither sealed nor listed. Ids
  -- are never reused, so a certificate's intake id cannot come to name a later, open one.
  CREATE TABLE intakes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    university_id INTEGER NOT NULL REFERENCES universities(id),
    created_at INTEGER NOT NULL
  );
  ALTER TABLE certificates ADD COLUMN intake_id INTEGER;

  -- Sealing takes the oldest pending certificates in (created_at, id) order: with id in the index the
  -- next batch is read straight from it, instead of sorting every pending certificate each time.
  DROP INDEX certificates_pending;
  CREATE INDEX certificates_pending ON certificates (university_id, status, created_at, id);
  `,
  `
  -- Credentials a holder derived from their certificate (subject fields hidden), encrypted in their
  -- browser under a new id and a secret the server never sees: only the ciphertext is kept, served
  -- under its own id like a certificate's. Ids are unique across both tables (checked on insert).
  CREATE TABLE derived_credentials (
    id TEXT PRIMARY KEY,
    certificate_id TEXT NOT NULL REFERENCES certificates(id),
    university_id INTEGER NOT NULL REFERENCES universities(id),
    envelope TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX derived_credentials_by_certificate ON derived_credentials (certificate_id);
  `,
];
