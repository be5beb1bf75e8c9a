import { existsSync } from "node:fs";
import { copyFile, rename, rm } from "node:fs/promises";
import { Interface, Wallet } from "ethers";
import { ISSUER_REGISTRY_ABI } from "../../core";
import type { Database } from "../db/database";
import type { KeyRing } from "./keyring";
import { keystorePath, loadKeystore, signerKeystorePath, writeKeystore } from "./keystore";
import type { KeystoreSettings } from "./keystore";

// The issuer registry calls of a rotation, encoded once so the outbox stores plain call data.
const issuerRegistry = new Interface(ISSUER_REGISTRY_ABI);
// A key the server adds is valid from its block on, with no end: rotation ends it with revokeSigner.
const encodeAddSigner = (key: string): string => issuerRegistry.encodeFunctionData("addSigner", [key, 0, 0]);
const encodeRevokeSigner = (key: string): string => issuerRegistry.encodeFunctionData("revokeSigner", [key, 0]);

/**
 * A signer key rotation moves through these states, each committed before the next step starts:
 * - `registering`: the new key is saved encrypted and its addSigner is in the outbox;
 * - `registered`: addSigner is confirmed; the server does not sign with the new key yet;
 * - `switched`: the server signs new batches with the new key; the old key waits until every batch
 *   it signed is anchored (revoking it earlier would make those batches fail verification);
 * - `revoking`: revokeSigner of the old key is in the outbox;
 * - `done`: the old key is revoked on chain.
 */
export const ROTATION_STATUSES = ["registering", "registered", "switched", "revoking", "done"] as const;
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

/** The outbox kinds that carry a rotation's transactions; their `ref_id` is the rotation's id. */
export type SignerTransactionKind = "add_signer" | "revoke_signer";

const SELECT_ROTATION = `SELECT id, university_id AS universityId, old_signer AS oldSigner, new_signer AS newSigner, status, error,
  created_at AS createdAt, updated_at AS updatedAt FROM signer_rotations`;

/** The rotation whose new key is not signing yet: a second one would not know which key it replaces. */
function unswitchedRotation(db: Database, universityId: number): SignerRotation | undefined {
  return db
    .prepare(`${SELECT_ROTATION} WHERE university_id = ? AND status IN ('registering', 'registered')`)
    .get(universityId) as SignerRotation | undefined;
}

/** The university's most recent rotation, whatever its state. */
export function latestRotation(db: Database, universityId: number): SignerRotation | undefined {
  return db.prepare(`${SELECT_ROTATION} WHERE university_id = ? ORDER BY id DESC LIMIT 1`).get(universityId) as
    SignerRotation | undefined;
}

/**
 * Starts replacing the university's signer key: a new key is generated and saved encrypted (flushed
 * to disk first, so no key registered on chain can be lost), then the rotation and its addSigner
 * transaction are committed together. Returns undefined when a rotation is already under way.
 */
export async function requestSignerRotation(
  db: Database,
  keys: KeyRing,
  keystore: KeystoreSettings,
  request: { universityId: number; staffId: number },
  now: Date,
): Promise<SignerRotation | undefined> {
  const { universityId } = request;
  if (unswitchedRotation(db, universityId)) return undefined;
  const next = new Wallet(Wallet.createRandom().privateKey);
  const staged = await writeKeystore(
    signerKeystorePath(keystore.dir, universityId, next.address),
    next,
    keystore.password,
  );
  const at = now.getTime();
  const id = db.transaction(() => {
    // Checked again: another request may have started a rotation while the key was being encrypted.
    if (unswitchedRotation(db, universityId)) return undefined;
    const rotationId = Number(
      db
        .prepare(
          `INSERT INTO signer_rotations (university_id, old_signer, new_signer, status, requested_by, created_at, updated_at)
                  VALUES (?, ?, ?, 'registering', ?, ?, ?)`,
        )
        .run(universityId, keys.signer(universityId).address, next.address, request.staffId, at, at).lastInsertRowid,
    );
    db.prepare(
      `INSERT INTO chain_transactions (university_id, kind, ref_id, data, status, created_at, updated_at)
                VALUES (?, 'add_signer', ?, ?, 'queued', ?, ?)`,
    ).run(universityId, rotationId, encodeAddSigner(next.address), at, at);
    return rotationId;
  })();
  if (id === undefined) {
    await rm(staged, { force: true });
    return undefined;
  }
  return db.prepare(`${SELECT_ROTATION} WHERE id = ?`).get(id) as SignerRotation;
}

/** Moves every rotation on as far as it can go now (called by the anchoring worker on each pass). */
export async function advanceSignerRotations(
  db: Database,
  keys: KeyRing,
  keystore: KeystoreSettings,
  now: Date,
): Promise<void> {
  const inState = (status: RotationStatus) =>
    db.prepare(`${SELECT_ROTATION} WHERE status = ? ORDER BY id`).all(status) as SignerRotation[];
  for (const rotation of inState("registered")) await switchToNewSigner(db, keys, keystore, rotation, now);
  for (const rotation of inState("switched")) queueOldSignerRevocation(db, rotation, now);
}

/**
 * Makes the new key the university's signer keystore (the old one kept as `signer-<address>.json`)
 * and signs the next batches with it. A crash between the two file moves leaves the staged file in
 * place, and both moves are simply done again.
 */
async function switchToNewSigner(
  db: Database,
  keys: KeyRing,
  keystore: KeystoreSettings,
  rotation: SignerRotation,
  now: Date,
): Promise<void> {
  const { dir, password } = keystore;
  const current = keystorePath(dir, rotation.universityId, "signer");
  const staged = signerKeystorePath(dir, rotation.universityId, rotation.newSigner);
  if (existsSync(staged)) {
    if (existsSync(current))
      await copyFile(current, signerKeystorePath(dir, rotation.universityId, rotation.oldSigner));
    await rename(staged, current);
  }
  const signer = await loadKeystore(dir, rotation.universityId, "signer", password);
  if (signer.address !== rotation.newSigner) {
    throw new Error(
      `the signer keystore of university ${rotation.universityId} holds ${signer.address}, not the new key ${rotation.newSigner}`,
    );
  }
  keys.useSigner(rotation.universityId, signer);
  db.prepare(
    "UPDATE signer_rotations SET status = 'switched', updated_at = ? WHERE id = ? AND status = 'registered'",
  ).run(now.getTime(), rotation.id);
}

/** Queues revokeSigner of the old key once no batch it signed is still on its way to the chain. */
function queueOldSignerRevocation(db: Database, rotation: SignerRotation, now: Date): void {
  const unanchored = db
    .prepare(
      "SELECT COUNT(*) FROM batches WHERE university_id = ? AND signer = ? AND status IN ('signed', 'submitted')",
    )
    .pluck()
    .get(rotation.universityId, rotation.oldSigner) as number;
  if (unanchored > 0) return;
  const at = now.getTime();
  db.transaction(() => {
    const changed = db
      .prepare("UPDATE signer_rotations SET status = 'revoking', updated_at = ? WHERE id = ? AND status = 'switched'")
      .run(at, rotation.id).changes;
    if (changed !== 1) return;
    db.prepare(
      `INSERT INTO chain_transactions (university_id, kind, ref_id, data, status, created_at, updated_at)
                VALUES (?, 'revoke_signer', ?, ?, 'queued', ?, ?)`,
    ).run(rotation.universityId, rotation.id, encodeRevokeSigner(rotation.oldSigner), at, at);
  })();
}

/** The key a rotation's transaction adds or revokes. */
export function signerOfTransaction(db: Database, kind: SignerTransactionKind, rotationId: number): string {
  const rotation = db
    .prepare("SELECT old_signer AS oldSigner, new_signer AS newSigner FROM signer_rotations WHERE id = ?")
    .get(rotationId) as {
    oldSigner: string;
    newSigner: string;
  };
  return kind === "add_signer" ? rotation.newSigner : rotation.oldSigner;
}

/** Records that a rotation's transaction took effect on chain (inside the outbox's settling transaction). */
export function settleSignerTransaction(
  db: Database,
  kind: SignerTransactionKind,
  rotationId: number,
  at: number,
): void {
  const [from, to] = kind === "add_signer" ? ["registering", "registered"] : ["revoking", "done"];
  db.prepare("UPDATE signer_rotations SET status = ?, error = NULL, updated_at = ? WHERE id = ? AND status = ?").run(
    to,
    at,
    rotationId,
    from,
  );
}

export function postponeSignerTransaction(db: Database, rotationId: number, reason: string): void {
  db.prepare("UPDATE signer_rotations SET error = ? WHERE id = ?").run(reason, rotationId);
}
