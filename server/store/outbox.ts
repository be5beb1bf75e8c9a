import type { Database } from "../db/database";

/** What an outbox transaction is for: its `ref_id` is a batch, a revocation or a signer rotation. */
export type TransactionKind = "anchor" | "revoke" | "add_signer" | "revoke_signer";

export interface OutboxRow {
  id: number;
  university_id: number;
  kind: TransactionKind;
  ref_id: number;
  data: string;
  status: "queued" | "submitted" | "confirmed" | "failed";
  nonce: number | null;
  tx_hash: string | null;
  raw: string | null;
  attempts: number;
  updated_at: number;
}

/** The chain transactions the server sends (`chain_transactions`), written before they are broadcast. */
export function outboxStore(db: Database) {
  const statements = {
    queue: db.prepare(
      `INSERT INTO chain_transactions (university_id, kind, ref_id, data, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'queued', ?, ?)`,
    ),
    queuedOf: db.prepare("SELECT * FROM chain_transactions WHERE university_id = ? AND status = 'queued' ORDER BY id"),
    submitted: db.prepare("SELECT * FROM chain_transactions WHERE status = 'submitted' ORDER BY id"),
    highestSubmittedNonce: db
      .prepare("SELECT MAX(nonce) FROM chain_transactions WHERE university_id = ? AND status = 'submitted'")
      .pluck(),
    markSubmitted: db.prepare(
      `UPDATE chain_transactions SET status = 'submitted', nonce = ?, tx_hash = ?, raw = ?, attempts = attempts + 1,
         error = NULL, updated_at = ? WHERE id = ?`,
    ),
    markConfirmed: db.prepare(
      "UPDATE chain_transactions SET status = 'confirmed', block_number = ?, updated_at = ? WHERE id = ?",
    ),
    postpone: db.prepare(
      "UPDATE chain_transactions SET attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?",
    ),
    fail: db.prepare(
      "UPDATE chain_transactions SET status = 'failed', attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?",
    ),
    dropQueuedAnchor: db.prepare(
      "UPDATE chain_transactions SET status = 'failed', error = ?, updated_at = ? WHERE kind = 'anchor' AND ref_id = ? AND status = 'queued'",
    ),
    requeue: db.prepare(
      `UPDATE chain_transactions SET status = 'queued', nonce = NULL, tx_hash = NULL, raw = NULL, error = ?, updated_at = ?
       WHERE id = ?`,
    ),
  };

  return {
    queue(universityId: number, kind: TransactionKind, refId: number, data: string, at: number): void {
      statements.queue.run(universityId, kind, refId, data, at, at);
    },
    queuedOf: (universityId: number) => statements.queuedOf.all(universityId) as OutboxRow[],
    submitted: () => statements.submitted.all() as OutboxRow[],
    /** The highest nonce of the university's transactions in flight; null when none is. */
    highestSubmittedNonce: (universityId: number) =>
      statements.highestSubmittedNonce.get(universityId) as number | null,
    markSubmitted(id: number, nonce: number, txHash: string, raw: string, at: number): void {
      statements.markSubmitted.run(nonce, txHash, raw, at, id);
    },
    markConfirmed(id: number, blockNumber: number, at: number): void {
      statements.markConfirmed.run(blockNumber, at, id);
    },
    /** Counts an attempt that will be tried again after a backoff, and why it was postponed. */
    postpone(id: number, reason: string, at: number): void {
      statements.postpone.run(reason, at, id);
    },
    fail(id: number, error: string, at: number): void {
      statements.fail.run(error, at, id);
    },
    /** Drops the batch's anchoring transaction if it was not broadcast yet. */
    dropQueuedAnchor(batchId: number, error: string, at: number): void {
      statements.dropQueuedAnchor.run(error, at, batchId);
    },
    /** Back to queued, to be signed again with a fresh nonce. */
    requeue(id: number, reason: string, at: number): void {
      statements.requeue.run(reason, at, id);
    },
  };
}
