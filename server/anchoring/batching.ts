import { assembleCredential, buildBatchTree, canonicalJson, encryptCredential, signBatch } from "../../core";
import type { CredentialDraft, Deployment, Hex32, JsonValue, TypedDataSigner } from "../../core";
import type { Database } from "../db/database";
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
 * to `batched`, so a crash leaves either no batch or a complete one. Every path that seals comes
 * here, so every batch goes through the approval policy.
 */
export function sealPendingCertificates(
  db: Database,
  universityId: number,
  settings: SealingSettings,
  now: Date,
): number[] {
  const sealed: number[] = [];
  const policy = approvalPolicy(db, universityId, settings.approvalThreshold);
  const select = db.prepare(
    `SELECT id, document_hash AS documentHash, created_by AS createdBy, created_at AS createdAt FROM certificates
     WHERE university_id = ? AND status = 'pending' ORDER BY created_at, id LIMIT ?`,
  );
  for (;;) {
    const members = select.all(universityId, settings.batchSize) as {
      id: string;
      documentHash: Hex32;
      createdBy: number | null;
      createdAt: number;
    }[];
    if (members.length === 0) return sealed;
    const tree = buildBatchTree(members.map((m) => m.documentHash));
    const at = now.getTime();
    db.transaction(() => {
      const batchId = Number(
        db
          .prepare(
            `INSERT INTO batches (university_id, status, count, root, needs_approval, created_at, updated_at)
                    VALUES (?, 'batched', ?, ?, ?, ?, ?)`,
          )
          .run(
            universityId,
            members.length,
            tree.root,
            needsApproval(db, universityId, members, policy) ? 1 : 0,
            at,
            at,
          ).lastInsertRowid,
      );
      const assign = db.prepare(
        "UPDATE certificates SET status = 'batched', batch_id = ?, merkle_proof = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
      );
      members.forEach((member, i) => assign.run(batchId, JSON.stringify(tree.proofs[i]), at, member.id));
      sealed.push(batchId);
    })();
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
  const row = db
    .prepare(
      "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM certificates WHERE university_id = ? AND status = 'pending'",
    )
    .get(universityId) as { n: number; oldest: number | null };
  return row.n >= batchSize || (row.oldest !== null && now.getTime() - row.oldest >= maxAgeMs);
}

const ENCRYPTIONS_IN_FLIGHT = 256;

interface BatchToSign {
  id: number;
  universityId: number;
  count: number;
  root: Hex32;
}

/** Batches ready for their signature: sealed and, where needed, approved. */
export function batchesToSign(db: Database): BatchToSign[] {
  return db
    .prepare(
      `SELECT id, university_id AS universityId, count, root FROM batches
              WHERE status = 'batched' AND (needs_approval = 0 OR approved_at IS NOT NULL) ORDER BY id`,
    )
    .all() as BatchToSign[];
}

/** Signed batches whose anchoring transaction is still queued: not broadcast, so still stoppable. */
export function signedBatchesNotSent(db: Database): { id: number; universityId: number; signer: string }[] {
  return db
    .prepare(
      `SELECT b.id, b.university_id AS universityId, b.signer FROM batches b
              JOIN chain_transactions t ON t.kind = 'anchor' AND t.ref_id = b.id AND t.status = 'queued'
              WHERE b.status = 'signed' ORDER BY b.id`,
    )
    .all() as { id: number; universityId: number; signer: string }[];
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
  const members = db
    .prepare(
      "SELECT id, draft, secret, merkle_proof AS proof FROM certificates WHERE batch_id = ? AND status = 'batched'",
    )
    .all(batch.id) as { id: string; draft: string; secret: Buffer; proof: string }[];
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
  // A slice at a time: thousands of encryptions in flight at once hold all their buffers together.
  for (let start = 0; start < members.length; start += ENCRYPTIONS_IN_FLIGHT) {
    completed.push(...(await Promise.all(members.slice(start, start + ENCRYPTIONS_IN_FLIGHT).map(complete))));
  }
  const at = now.getTime();
  db.transaction(() => {
    const changed = db
      .prepare(
        "UPDATE batches SET status = 'signed', signer = ?, signature = ?, updated_at = ? WHERE id = ? AND status = 'batched'",
      )
      .run(signerAddress, signature, at, batch.id).changes;
    if (changed !== 1) return;
    const complete = db.prepare(
      "UPDATE certificates SET status = 'signed', credential = ?, envelope = ?, updated_at = ? WHERE id = ?",
    );
    for (const member of completed) complete.run(member.json, member.envelope, at, member.id);
    db.prepare(
      `INSERT INTO chain_transactions (university_id, kind, ref_id, data, status, created_at, updated_at)
                VALUES (?, 'anchor', ?, ?, 'queued', ?, ?)`,
    ).run(batch.universityId, batch.id, encodeAnchor(batch.root, batch.count), at, at);
  })();
}
