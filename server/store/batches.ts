import type { Database } from "../db/database";
import { assertTransition, BATCH_MACHINE, CERTIFICATE_MACHINE, guardedMove } from "./states";
import type { BatchState } from "./states";

/** A batch as the API reads it, with who approved or refused it. */
export interface BatchRow {
  id: number;
  status: BatchState;
  count: number;
  root: string;
  needsApproval: number;
  approvedAt: number | null;
  approverName: string | null;
  approverEmail: string | null;
  refusedAt: number | null;
  refuserName: string | null;
  refuserEmail: string | null;
  failure: string | null;
  resealedAt: number | null;
  signer: string | null;
  blockNumber: number | null;
  anchoredAt: number | null;
  txHash: string | null;
  error: string | null;
  revokedAt: number | null;
  revocationReason: number | null;
  createdAt: number;
  updatedAt: number;
}

const SELECT_BATCH = `SELECT b.id, b.status, b.count, b.root, b.needs_approval AS needsApproval, b.approved_at AS approvedAt,
  a.name AS approverName, a.email AS approverEmail, b.refused_at AS refusedAt, r.name AS refuserName, r.email AS refuserEmail,
  b.failure, b.resealed_at AS resealedAt, b.signer, b.block_number AS blockNumber, b.anchored_at AS anchoredAt, b.tx_hash AS txHash,
  b.error, b.revoked_at AS revokedAt, b.revocation_reason AS revocationReason, b.created_at AS createdAt, b.updated_at AS updatedAt
  FROM batches b LEFT JOIN staff a ON a.id = b.approved_by LEFT JOIN staff r ON r.id = b.refused_by`;

/** Batches that fail before reaching the chain: sealed or signed, never broadcast. */
const UNSENT: readonly BatchState[] = ["batched", "signed"];
const toSigned = guardedMove(BATCH_MACHINE, ["batched"], "signed");
const toFailed = guardedMove(BATCH_MACHINE, UNSENT, "failed");
const certificatesToFailed = guardedMove(CERTIFICATE_MACHINE, UNSENT, "failed");

export function batchStore(db: Database) {
  const statements = {
    insert: db.prepare(
      `INSERT INTO batches (university_id, status, count, root, needs_approval, created_at, updated_at)
       VALUES (?, '${BATCH_MACHINE.initial}', ?, ?, ?, ?, ?)`,
    ),
    ofUniversity: db.prepare(`${SELECT_BATCH} WHERE b.id = ? AND b.university_id = ?`),
    listOf: db.prepare(`${SELECT_BATCH} WHERE b.university_id = ? ORDER BY b.id DESC LIMIT 500`),
    status: db.prepare("SELECT status FROM batches WHERE id = ?").pluck(),
    root: db.prepare("SELECT root FROM batches WHERE id = ?").pluck(),
    revocationOf: db.prepare("SELECT id, revoked_at AS revokedAt FROM batches WHERE id = ? AND university_id = ?"),
    toSign: db.prepare(
      `SELECT id, university_id AS universityId, count, root FROM batches
       WHERE status = 'batched' AND (needs_approval = 0 OR approved_at IS NOT NULL) ORDER BY id`,
    ),
    signedNotSent: db.prepare(
      `SELECT b.id, b.university_id AS universityId, b.signer FROM batches b
       JOIN chain_transactions t ON t.kind = 'anchor' AND t.ref_id = b.id AND t.status = 'queued'
       WHERE b.status = 'signed' ORDER BY b.id`,
    ),
    sign: db.prepare(
      `UPDATE batches SET ${toSigned.set}, signer = ?, signature = ?, updated_at = ? WHERE id = ? AND ${toSigned.guard}`,
    ),
    fail: db.prepare(
      `UPDATE batches SET ${toFailed.set}, failure = ?, error = NULL, updated_at = ? WHERE id = ? AND ${toFailed.guard}`,
    ),
    failCertificates: db.prepare(
      `UPDATE certificates SET ${certificatesToFailed.set}, updated_at = ? WHERE batch_id = ? AND ${certificatesToFailed.guard}`,
    ),
    move: db.prepare("UPDATE batches SET status = ?, updated_at = ? WHERE id = ?"),
    moveCertificates: db.prepare("UPDATE certificates SET status = ?, updated_at = ? WHERE batch_id = ?"),
    setTxHash: db.prepare("UPDATE batches SET tx_hash = ? WHERE id = ?"),
    anchored: db.prepare(
      "UPDATE batches SET block_number = ?, anchored_at = ?, tx_hash = COALESCE(?, tx_hash) WHERE id = ?",
    ),
    setError: db.prepare("UPDATE batches SET error = ? WHERE id = ?"),
    approve: db.prepare(
      `UPDATE batches SET approved_by = ?, approved_at = ?, updated_at = ?
       WHERE id = ? AND needs_approval = 1 AND approved_at IS NULL AND status = 'batched'`,
    ),
    held: db.prepare("SELECT 1 FROM batches WHERE id = ? AND status = 'batched' AND approved_at IS NULL"),
    markRefused: db.prepare("UPDATE batches SET refused_by = ?, refused_at = ? WHERE id = ?"),
    markResealed: db.prepare(
      "UPDATE batches SET resealed_at = ?, updated_at = ? WHERE id = ? AND status = 'failed' AND resealed_at IS NULL",
    ),
    markRevoked: db.prepare("UPDATE batches SET revoked_at = ?, revocation_reason = ?, updated_at = ? WHERE id = ?"),
    unanchoredSignedBy: db
      .prepare(
        "SELECT COUNT(*) FROM batches WHERE university_id = ? AND signer = ? AND status IN ('signed', 'submitted')",
      )
      .pluck(),
    anchoredSample: db.prepare(
      `SELECT root, university_id AS universityId FROM batches WHERE status = 'confirmed'
       AND (id IN (SELECT id FROM batches WHERE status = 'confirmed' ORDER BY id DESC LIMIT ?) OR id = (SELECT MIN(id) FROM batches))`,
    ),
  };

  return {
    /** A new sealed batch of the university; returns its id. */
    insert: (universityId: number, count: number, root: string, needsApproval: boolean, at: number): number =>
      Number(statements.insert.run(universityId, count, root, needsApproval ? 1 : 0, at, at).lastInsertRowid),
    ofUniversity: (universityId: number, id: number) =>
      statements.ofUniversity.get(id, universityId) as BatchRow | undefined,
    /** The university's latest 500 batches, newest first. */
    listOf: (universityId: number) => statements.listOf.all(universityId) as BatchRow[],
    status: (id: number) => statements.status.get(id) as BatchState | undefined,
    root: (id: number) => statements.root.get(id) as string,
    revocationOf: (universityId: number, id: number) =>
      statements.revocationOf.get(id, universityId) as { id: number; revokedAt: number | null } | undefined,
    /** Batches ready for their signature: sealed and, where needed, approved. */
    toSign: () => statements.toSign.all() as { id: number; universityId: number; count: number; root: string }[],
    /** Signed batches whose anchoring transaction is still queued: not broadcast, so still stoppable. */
    signedNotSent: () => statements.signedNotSent.all() as { id: number; universityId: number; signer: string }[],
    /** Records the batch's signature; false when it was no longer waiting for one. */
    sign: (id: number, signer: string, signature: string, at: number): boolean =>
      statements.sign.run(signer, signature, at, id).changes === 1,
    /**
     * Moves a batch that has not been sent, and its certificates, to `failed`; false when the batch
     * was already past that point.
     */
    fail(id: number, failureJson: string, at: number): boolean {
      if (statements.fail.run(failureJson, at, id).changes !== 1) return false;
      statements.failCertificates.run(at, id);
      return true;
    },
    /** Moves a batch and its certificates on together; a move the state machine does not have throws. */
    move(id: number, to: BatchState, at: number): void {
      const from = statements.status.get(id) as BatchState;
      assertTransition(BATCH_MACHINE, from, to);
      assertTransition(CERTIFICATE_MACHINE, from, to);
      statements.move.run(to, at, id);
      statements.moveCertificates.run(to, at, id);
    },
    setTxHash(id: number, txHash: string): void {
      statements.setTxHash.run(txHash, id);
    },
    /** Where and when the batch's root was anchored (its status moves with `move`). */
    anchored(id: number, blockNumber: number, anchoredAt: number | null, txHash: string | null): void {
      statements.anchored.run(blockNumber, anchoredAt, txHash, id);
    },
    /** Why the batch's anchoring is postponed. */
    setError(id: number, error: string): void {
      statements.setError.run(error, id);
    },
    /** Records an approval of a held batch; false when it was not held (any more). */
    approve: (id: number, staffId: number, at: number): boolean =>
      statements.approve.run(staffId, at, at, id).changes === 1,
    /** Whether the batch is sealed and not approved (a refusal's last check). */
    held: (id: number): boolean => statements.held.get(id) !== undefined,
    markRefused(id: number, staffId: number, at: number): void {
      statements.markRefused.run(staffId, at, id);
    },
    /** Records that a failed batch's certificates went back to pending; false when done before. */
    markResealed: (id: number, at: number): boolean => statements.markResealed.run(at, at, id).changes === 1,
    markRevoked(id: number, reason: number, at: number): void {
      statements.markRevoked.run(at, reason, at, id);
    },
    /** How many batches this key of the university signed that are not anchored yet. */
    unanchoredSignedBy: (universityId: number, signer: string) =>
      statements.unanchoredSignedBy.get(universityId, signer) as number,
    /** The first anchored batch and the latest `latest` ones, to check that the chain holds them. */
    anchoredSample: (latest: number) =>
      statements.anchoredSample.all(latest) as { root: string; universityId: number }[],
  };
}
