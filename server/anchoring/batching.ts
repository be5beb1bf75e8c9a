import { assembleCredential, buildBatchTree, canonicalJson, encryptCredential, signBatch } from "../../core";
import type { CredentialDraft, Deployment, Hex32, JsonValue, TypedDataSigner } from "../../core";
import type { Database } from "../db/database";
import { storeOf } from "../store";
import { nextTurn } from "../turns";
import { approvalPolicy, needsApproval } from "./approval";
import { encodeAnchor } from "./calls";

/** What sealing needs to know: the batch size and the server's default approval threshold. */
export interface SealingSettings {
  batchSize: number;
  /** Used when the university has no approval policy of its own; null: no approval step. */
  approvalThreshold: number | null;
}

/**
 * Seals the university's pending certificates into batches of at most `batchSize`: builds each
 * batch's Merkle tree and stores root and proofs in the same transaction that moves the certificates
 * to `batched`, so a crash leaves either no batch or a complete one; the event loop gets a turn
 * between batches. Every path that seals comes here, so every batch goes through the approval policy.
 */
export async function sealPendingCertificates(
  db: Database,
  universityId: number,
  settings: SealingSettings,
  now: Date,
): Promise<number[]> {
  const sealed: number[] = [];
  const store = storeOf(db);
  const policy = approvalPolicy(db, universityId, settings.approvalThreshold);
  for (;;) {
    if (sealed.length > 0) await nextTurn();
    const members = store.certificates.pendingToSeal(universityId, settings.batchSize);
    if (members.length === 0) return sealed;
    const tree = buildBatchTree(members.map((m) => m.documentHash as Hex32));
    const at = now.getTime();
    store.transaction(() => {
      const batchId = store.batches.insert(
        universityId,
        members.length,
        tree.root,
        needsApproval(db, universityId, members, policy),
        at,
      );
      members.forEach((member, i) =>
        store.certificates.assignToBatch(member.id, batchId, JSON.stringify(tree.proofs[i]), at),
      );
      sealed.push(batchId);
    });
  }
}

/** Whether the university has a batch's worth of pending certificates, or one waiting longer than `maxAgeMs`. */
export function shouldSeal(
  db: Database,
  universityId: number,
  batchSize: number,
  maxAgeMs: number,
  now: Date,
): boolean {
  const store = storeOf(db);
  // A request still being written is sealed once complete, not in pieces as its slices arrive.
  if (store.intakes.isOpen(universityId)) return false;
  const row = store.certificates.pendingSummary(universityId);
  return row.n >= batchSize || (row.oldest !== null && now.getTime() - row.oldest >= maxAgeMs);
}

/** Credentials assembled and encrypted per turn of the event loop: about 10 ms of work. */
const CREDENTIALS_PER_TURN = 32;

interface BatchToSign {
  id: number;
  universityId: number;
  count: number;
  root: Hex32;
}

/** Batches ready for their signature: sealed and, where needed, approved. */
export function batchesToSign(db: Database): BatchToSign[] {
  return storeOf(db).batches.toSign() as BatchToSign[];
}

/** Signed batches whose anchoring transaction is still queued: not broadcast, so still stoppable. */
export function signedBatchesNotSent(db: Database): { id: number; universityId: number; signer: string }[] {
  return storeOf(db).batches.signedNotSent();
}

/**
 * Signs a batch with the university's signer key (EIP-712), completes and encrypts each of its
 * credentials, and queues the anchoring transaction, all committed together.
 */
export async function signAndQueueBatch(
  db: Database,
  deployment: Deployment,
  batch: BatchToSign,
  signer: TypedDataSigner,
  now: Date,
): Promise<void> {
  const context = { chainId: deployment.chainId, registry: deployment.certificateRegistry };
  const { signer: signerAddress, signature } = await signBatch(signer, {
    ...context,
    root: batch.root,
    count: batch.count,
    issuer: batch.universityId,
  });
  const store = storeOf(db);
  const members = store.certificates.toSign(batch.id);
  const complete = async (
    member: (typeof members)[number],
  ): Promise<{ id: string; json: string; envelope: string }> => {
    const credential = assembleCredential(
      JSON.parse(member.draft) as CredentialDraft,
      { root: batch.root, count: batch.count, signer: signerAddress, signature },
      JSON.parse(member.proof) as Hex32[],
      context,
    );
    const json = canonicalJson(credential as unknown as JsonValue);
    const envelope = await encryptCredential(json, new Uint8Array(member.secret), member.id);
    return { id: member.id, json, envelope: JSON.stringify(envelope) };
  };
  const completed: Awaited<ReturnType<typeof complete>>[] = [];
  // A slice at a time, with a turn between slices: thousands of encryptions in flight at once hold
  // all their buffers together, and a whole batch assembled in one go holds the event loop.
  for (let start = 0; start < members.length; start += CREDENTIALS_PER_TURN) {
    if (start > 0) await nextTurn();
    completed.push(...(await Promise.all(members.slice(start, start + CREDENTIALS_PER_TURN).map(complete))));
  }
  const at = now.getTime();
  store.transaction(() => {
    if (!store.batches.sign(batch.id, signerAddress, signature, at)) return;
    for (const member of completed) store.certificates.sign(member.id, member.json, member.envelope, at);
    store.outbox.queue(batch.universityId, "anchor", batch.id, encodeAnchor(batch.root, batch.count), at);
  });
}
