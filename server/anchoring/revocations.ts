import type { Database } from "../db/database";
import { encodeRevokeBatch, encodeRevokeMany } from "./calls";

/**
 * Moves revocations whose batch is now anchored into the outbox (revokeMany or revokeBatch), each in
 * the same database transaction as its status change, so none is queued twice or forgotten.
 */
export function queueRevocations(db: Database, now: Date): number {
  const ready = db
    .prepare(
      `SELECT r.id, r.university_id AS universityId, r.scope, r.leaves, r.reason, b.root FROM revocations r
              JOIN batches b ON b.id = r.batch_id WHERE r.status = 'waiting' AND b.status = 'confirmed' ORDER BY r.id`,
    )
    .all() as { id: number; universityId: number; scope: string; leaves: string; reason: number; root: string }[];
  const at = now.getTime();
  for (const revocation of ready) {
    const data =
      revocation.scope === "batch"
        ? encodeRevokeBatch(revocation.universityId, revocation.root, revocation.reason)
        : encodeRevokeMany(
            revocation.universityId,
            revocation.root,
            JSON.parse(revocation.leaves) as string[],
            revocation.reason,
          );
    db.transaction(() => {
      db.prepare("UPDATE revocations SET status = 'queued', updated_at = ? WHERE id = ?").run(at, revocation.id);
      db.prepare(
        `INSERT INTO chain_transactions (university_id, kind, ref_id, data, status, created_at, updated_at)
                  VALUES (?, 'revoke', ?, ?, 'queued', ?, ?)`,
      ).run(revocation.universityId, revocation.id, data, at, at);
    })();
  }
  return ready.length;
}
