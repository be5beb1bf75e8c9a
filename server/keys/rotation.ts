import { existsSync } from "node:fs";
import { copyFile, rename, rm } from "node:fs/promises";
import { Interface, Wallet } from "ethers";
import { ISSUER_REGISTRY_ABI } from "../../core";
import type { Database } from "../db/database";
import { storeOf } from "../store";
import type { SignerRotation } from "../store/rotations";
import type { KeyRing } from "./keyring";
import { keystorePath, loadKeystore, signerKeystorePath, writeKeystore } from "./keystore";
import type { KeystoreSettings } from "./keystore";

// The issuer registry calls of a rotation, encoded once so the outbox stores plain call data.
const issuerRegistry = new Interface(ISSUER_REGISTRY_ABI);
// A key the server adds is valid from its block on, with no end: rotation ends it with revokeSigner.
const encodeAddSigner = (key: string): string => issuerRegistry.encodeFunctionData("addSigner", [key, 0, 0]);
const encodeRevokeSigner = (key: string): string => issuerRegistry.encodeFunctionData("revokeSigner", [key, 0]);

export type { SignerRotation } from "../store/rotations";

/** The outbox kinds that carry a rotation's transactions; their `ref_id` is the rotation's id. */
export type SignerTransactionKind = "add_signer" | "revoke_signer";

/** The university's most recent rotation, whatever its state. */
export function latestRotation(db: Database, universityId: number): SignerRotation | undefined {
  return storeOf(db).rotations.latest(universityId);
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
  const store = storeOf(db);
  // A second rotation while the new key is not signing yet would not know which key it replaces.
  if (store.rotations.unswitched(universityId)) return undefined;
  const next = new Wallet(Wallet.createRandom().privateKey);
  const staged = await writeKeystore(
    signerKeystorePath(keystore.dir, universityId, next.address),
    next,
    keystore.password,
  );
  const at = now.getTime();
  const id = store.transaction(() => {
    // Checked again: another request may have started a rotation while the key was being encrypted.
    if (store.rotations.unswitched(universityId)) return undefined;
    const rotationId = store.rotations.insert(
      universityId,
      keys.signer(universityId).address,
      next.address,
      request.staffId,
      at,
    );
    store.outbox.queue(universityId, "add_signer", rotationId, encodeAddSigner(next.address), at);
    return rotationId;
  });
  if (id === undefined) {
    await rm(staged, { force: true });
    return undefined;
  }
  return store.rotations.byId(id);
}

/** Moves every rotation on as far as it can go now (called by the anchoring worker on each pass). */
export async function advanceSignerRotations(
  db: Database,
  keys: KeyRing,
  keystore: KeystoreSettings,
  now: Date,
): Promise<void> {
  const { rotations } = storeOf(db);
  for (const rotation of rotations.inState("registered")) await switchToNewSigner(db, keys, keystore, rotation, now);
  for (const rotation of rotations.inState("switched")) queueOldSignerRevocation(db, rotation, now);
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
  storeOf(db).rotations.move(rotation.id, "registered", "switched", now.getTime());
}

/** Queues revokeSigner of the old key once no batch it signed is still on its way to the chain. */
function queueOldSignerRevocation(db: Database, rotation: SignerRotation, now: Date): void {
  const store = storeOf(db);
  if (store.batches.unanchoredSignedBy(rotation.universityId, rotation.oldSigner) > 0) return;
  const at = now.getTime();
  store.transaction(() => {
    if (!store.rotations.move(rotation.id, "switched", "revoking", at)) return;
    store.outbox.queue(rotation.universityId, "revoke_signer", rotation.id, encodeRevokeSigner(rotation.oldSigner), at);
  });
}

/** The key a rotation's transaction adds or revokes. */
export function signerOfTransaction(db: Database, kind: SignerTransactionKind, rotationId: number): string {
  const rotation = storeOf(db).rotations.byId(rotationId) as SignerRotation;
  return kind === "add_signer" ? rotation.newSigner : rotation.oldSigner;
}

/** Records that a rotation's transaction took effect on chain (inside the outbox's settling transaction). */
export function settleSignerTransaction(
  db: Database,
  kind: SignerTransactionKind,
  rotationId: number,
  at: number,
): void {
  const [from, to] = kind === "add_signer" ? (["registering", "registered"] as const) : (["revoking", "done"] as const);
  storeOf(db).rotations.move(rotationId, from, to, at, { clearError: true });
}

export function postponeSignerTransaction(db: Database, rotationId: number, reason: string): void {
  storeOf(db).rotations.setError(rotationId, reason);
}
