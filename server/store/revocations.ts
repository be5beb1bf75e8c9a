import type { Database } from "../db/database";

export type RevocationStatus = "waiting" | "queued" | "confirmed" | "failed";

export interface NewRevocation {
  universityId: number;
  batchId: number;
  scope: "certificates" | "batch";
  /** The revoked certificates' leaves; empty for a whole batch. */
  leaves: readonly string[];
  reason: number;
  status: RevocationStatus;
  error: string | null;
  requestedBy: number;
  at: number;
}

/** Revocations to send on chain once their batch is anchored (`revocations`). */
export function revocationStore(db: Database) {
  const statements = {
    insert: db.prepare(
      `INSERT INTO revocations (university_id, batch_id, scope, leaves, reason, status, error, requested_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    ready: db.prepare(
      `SELECT r.id, r.university_id AS universityId, r.scope, r.leaves, r.reason, b.root FROM revocations r
       JOIN batches b ON b.id = r.batch_id WHERE r.status = 'waiting' AND b.status = 'confirmed' ORDER BY r.id`,
    ),
    target: db.prepare(
      "SELECT r.scope, r.leaves, b.root FROM revocations r JOIN batches b ON b.id = r.batch_id WHERE r.id = ?",
    ),
    markQueued: db.prepare("UPDATE revocations SET status = 'queued', updated_at = ? WHERE id = ?"),
    markConfirmed: db.prepare("UPDATE revocations SET status = 'confirmed', error = NULL, updated_at = ? WHERE id = ?"),
    setError: db.prepare("UPDATE revocations SET error = ? WHERE id = ?"),
    fail: db.prepare("UPDATE revocations SET status = 'failed', error = ?, updated_at = ? WHERE id = ?"),
    failWaitingOfBatch: db.prepare(
      "UPDATE revocations SET status = 'failed', error = ?, updated_at = ? WHERE batch_id = ? AND status = 'waiting'",
    ),
  };

  return {
    insert: (r: NewRevocation): number =>
      Number(
        statements.insert.run(
          r.universityId,
          r.batchId,
          r.scope,
          JSON.stringify(r.leaves),
          r.reason,
          r.status,
          r.error,
          r.requestedBy,
          r.at,
          r.at,
        ).lastInsertRowid,
      ),
    /** Waiting revocations whose batch is now anchored, with the batch's root. */
    ready: () =>
      statements.ready.all() as {
        id: number;
        universityId: number;
        scope: "certificates" | "batch";
        leaves: string;
        reason: number;
        root: string;
      }[],
    /** What a revocation revokes: a whole batch, or leaves (JSON) of a batch, under its root. */
    target: (id: number) =>
      statements.target.get(id) as { scope: "certificates" | "batch"; leaves: string; root: string },
    markQueued(id: number, at: number): void {
      statements.markQueued.run(at, id);
    },
    markConfirmed(id: number, at: number): void {
      statements.markConfirmed.run(at, id);
    },
    setError(id: number, error: string): void {
      statements.setError.run(error, id);
    },
    fail(id: number, error: string, at: number): void {
      statements.fail.run(error, at, id);
    },
    /** Closes the batch's revocations that wait for an anchoring that will not come. */
    failWaitingOfBatch(batchId: number, error: string, at: number): void {
      statements.failWaitingOfBatch.run(error, at, batchId);
    },
  };
}
