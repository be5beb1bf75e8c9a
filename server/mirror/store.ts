import type { Database } from "better-sqlite3";
import type { MirrorEntry } from "../../core";
import { openPrivateSqlite } from "../db/database";

/** A mirror's copy of one stored credential. */
interface MirroredRow {
  envelope: string;
  version: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS mirrored_credentials (
    university_id INTEGER NOT NULL,
    credential_id TEXT NOT NULL,
    version INTEGER NOT NULL,             -- grows with each re-write by the university (its batch id)
    envelope TEXT NOT NULL,               -- the encrypted credential as the university pushed it
    received_at INTEGER NOT NULL,
    PRIMARY KEY (university_id, credential_id)
  ) WITHOUT ROWID;
`;

/**
 * Opens a mirror's SQLite file the way the issuance server opens its own: private (0600 in a 0700
 * folder), WAL, and full synchronous commits, so a push the mirror acknowledged survives a power cut.
 */
export function openMirrorDatabase(file: string): Database {
  const db = openPrivateSqlite(file);
  db.exec(SCHEMA);
  return db;
}

/** The only SQL of a mirror: its statements, prepared once. */
export function mirrorStore(db: Database) {
  const statements = {
    get: db.prepare("SELECT envelope, version FROM mirrored_credentials WHERE university_id = ? AND credential_id = ?"),
    // A copy is replaced only by a later version: a replayed old push never brings an older one back.
    keep: db.prepare(
      `INSERT INTO mirrored_credentials (university_id, credential_id, version, envelope, received_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (university_id, credential_id) DO UPDATE
         SET version = excluded.version, envelope = excluded.envelope, received_at = excluded.received_at
         WHERE excluded.version > mirrored_credentials.version`,
    ),
    count: db.prepare("SELECT COUNT(*) FROM mirrored_credentials").pluck(),
  };
  return {
    get: (universityId: number, credentialId: string) =>
      statements.get.get(universityId, credentialId) as MirroredRow | undefined,
    /** Keeps the entries newer than the copies held, in one transaction; returns how many were. */
    keep(universityId: number, entries: readonly MirrorEntry[], at: number): number {
      return db.transaction(() => {
        let kept = 0;
        for (const entry of entries) {
          const envelope = JSON.stringify(entry.encrypted);
          kept += statements.keep.run(universityId, entry.credentialId, entry.version, envelope, at).changes;
        }
        return kept;
      })();
    },
    count: () => statements.count.get() as number,
  };
}

export type MirrorStore = ReturnType<typeof mirrorStore>;
