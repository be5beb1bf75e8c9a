import type { ROTATION_STATUSES } from "../../core/api";
import type { Database } from "../db/database";

/**
 * A signer key rotation moves through these states, each committed before the next step starts:
 * - `registering`: the new key is saved encrypted and its addSigner is in the outbox;
 * - `registered`: addSigner is confirmed; the server does not sign with the new key yet;
 * - `switched`: the server signs new batches with the new key; the old key waits until every batch
 *   it signed is anchored (revoking it earlier would make those batches fail verification);
 * - `revoking`: revokeSigner of the old key is in the outbox;
 * - `done`: the old key is revoked on chain.
 */
export type RotationStatus = (typeof ROTATION_STATUSES)[number];

export interface SignerRotation {
  id: number;
  universityId: number;
  oldSigner: string;
  newSigner: string;
  status: RotationStatus;
  /** Why the current step is postponed (for example the chain refuses the transaction), if it is. */
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

const SELECT_ROTATION = `SELECT id, university_id AS universityId, old_signer AS oldSigner, new_signer AS newSigner, status, error,
  created_at AS createdAt, updated_at AS updatedAt FROM signer_rotations`;

/** Signer key rotations (`signer_rotations`). */
export function rotationStore(db: Database) {
  const statements = {
    byId: db.prepare(`${SELECT_ROTATION} WHERE id = ?`),
    unswitched: db.prepare(`${SELECT_ROTATION} WHERE university_id = ? AND status IN ('registering', 'registered')`),
    latest: db.prepare(`${SELECT_ROTATION} WHERE university_id = ? ORDER BY id DESC LIMIT 1`),
    inState: db.prepare(`${SELECT_ROTATION} WHERE status = ? ORDER BY id`),
    insert: db.prepare(
      `INSERT INTO signer_rotations (university_id, old_signer, new_signer, status, requested_by, created_at, updated_at)
       VALUES (?, ?, ?, 'registering', ?, ?, ?)`,
    ),
    move: db.prepare(
      "UPDATE signer_rotations SET status = ?, error = NULL, updated_at = ? WHERE id = ? AND status = ?",
    ),
    moveKeepingError: db.prepare("UPDATE signer_rotations SET status = ?, updated_at = ? WHERE id = ? AND status = ?"),
    setError: db.prepare("UPDATE signer_rotations SET error = ? WHERE id = ?"),
  };

  return {
    byId: (id: number) => statements.byId.get(id) as SignerRotation | undefined,
    /** The university's rotation whose new key is not signing yet, if one is under way. */
    unswitched: (universityId: number) => statements.unswitched.get(universityId) as SignerRotation | undefined,
    latest: (universityId: number) => statements.latest.get(universityId) as SignerRotation | undefined,
    inState: (status: RotationStatus) => statements.inState.all(status) as SignerRotation[],
    insert: (universityId: number, oldSigner: string, newSigner: string, requestedBy: number, at: number): number =>
      Number(statements.insert.run(universityId, oldSigner, newSigner, requestedBy, at, at).lastInsertRowid),
    /** Moves a rotation on from `from` (clearing its error when `clearError`); false when it was not there. */
    move: (id: number, from: RotationStatus, to: RotationStatus, at: number, { clearError = false } = {}): boolean =>
      (clearError ? statements.move : statements.moveKeepingError).run(to, at, id, from).changes === 1,
    setError(id: number, error: string): void {
      statements.setError.run(error, id);
    },
  };
}
