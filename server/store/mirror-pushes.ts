import type { Database } from "../db/database";

/** A mirror's progress through one university's payloads. */
export interface MirrorCursor {
  delivered_seq: number;
  attempts: number;
  next_attempt_at: number;
}

/** A payload to push: the certificate's current stored credential (null once it went back to pending). */
export interface PendingPayload {
  seq: number;
  certificateId: string;
  version: number;
  envelope: string | null;
}

/**
 * The copies of stored credentials owed to mirrors (`mirror_payloads`, `mirror_cursors`): each
 * published credential is queued once, and each mirror keeps a cursor per university that moves on
 * only once the mirror has acknowledged a push.
 */
export function mirrorPushStore(db: Database) {
  const statements = {
    queueBatch: db.prepare(
      `INSERT INTO mirror_payloads (university_id, certificate_id, version)
       SELECT university_id, id, batch_id FROM certificates WHERE batch_id = ? ORDER BY id`,
    ),
    ensureCursor: db.prepare(
      `INSERT INTO mirror_cursors (mirror_url, university_id, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (mirror_url, university_id) DO NOTHING`,
    ),
    cursor: db.prepare(
      "SELECT delivered_seq, attempts, next_attempt_at FROM mirror_cursors WHERE mirror_url = ? AND university_id = ?",
    ),
    // Only a confirmed certificate's credential is pushed as of the version queued; one re-sealed
    // since is queued again when its new batch is confirmed, so an older row of it is passed over.
    pending: db.prepare(
      `SELECT p.seq, p.certificate_id AS certificateId, p.version,
         CASE WHEN c.status = 'confirmed' AND c.batch_id = p.version THEN c.envelope END AS envelope
       FROM mirror_payloads p JOIN certificates c ON c.id = p.certificate_id
       WHERE p.university_id = ? AND p.seq > ? ORDER BY p.seq LIMIT ?`,
    ),
    delivered: db.prepare(
      `UPDATE mirror_cursors SET delivered_seq = ?, attempts = 0, next_attempt_at = 0, error = NULL, updated_at = ?
       WHERE mirror_url = ? AND university_id = ?`,
    ),
    failed: db.prepare(
      `UPDATE mirror_cursors SET attempts = attempts + 1, next_attempt_at = ?, error = ?, updated_at = ?
       WHERE mirror_url = ? AND university_id = ?`,
    ),
    backlog: db
      .prepare(
        `SELECT COUNT(*) FROM mirror_payloads p
         WHERE p.university_id = ? AND p.seq > COALESCE(
           (SELECT delivered_seq FROM mirror_cursors WHERE mirror_url = ? AND university_id = ?), 0)`,
      )
      .pluck(),
  };
  return {
    /** Queues the stored credentials of a batch that has just been confirmed (in the confirming transaction). */
    queueBatch: (batchId: number): void => void statements.queueBatch.run(batchId),
    /** The mirror's cursor for the university, made (at the start of the queue) on first use. */
    cursor(mirrorUrl: string, universityId: number, at: number): MirrorCursor {
      statements.ensureCursor.run(mirrorUrl, universityId, at);
      return statements.cursor.get(mirrorUrl, universityId) as MirrorCursor;
    },
    pending: (universityId: number, afterSeq: number, limit: number) =>
      statements.pending.all(universityId, afterSeq, limit) as PendingPayload[],
    delivered(mirrorUrl: string, universityId: number, seq: number, at: number): void {
      statements.delivered.run(seq, at, mirrorUrl, universityId);
    },
    failed(mirrorUrl: string, universityId: number, error: string, retryAt: number, at: number): void {
      statements.failed.run(retryAt, error, at, mirrorUrl, universityId);
    },
    /** How many of the university's payloads the mirror has not acknowledged yet. */
    backlog: (mirrorUrl: string, universityId: number): number =>
      statements.backlog.get(universityId, mirrorUrl, universityId) as number,
  };
}
