import { assembleCredential, draftCredential, newCredentialId, sealBatch } from "../../core";
import type { Credential, CredentialSubject, SealedBatch } from "../../core";
import type { TestChain, TestUniversity } from "./chain";

export interface IssuedBatch {
  credentials: Credential[];
  batch: SealedBatch;
}

/** Drafts, seals (signs) and anchors one batch the way the issuance server does. */
export async function issueBatch(
  chain: TestChain,
  university: TestUniversity,
  subjects: readonly CredentialSubject[],
  { validUntil, anchor = true }: { validUntil?: Date; anchor?: boolean } = {},
): Promise<IssuedBatch> {
  const drafts = subjects.map((subject) =>
    draftCredential(
      { subject, credentialId: newCredentialId(), validFrom: new Date("2026-07-01T09:00:00Z"), validUntil },
      university.identity,
    ),
  );
  const context = {
    chainId: chain.deployment.chainId,
    registry: chain.deployment.certificateRegistry,
    universityId: university.id,
    signer: university.signer,
  };
  const batch = await sealBatch(
    drafts.map((draft) => draft.documentHash),
    context,
  );
  if (anchor)
    await (await chain.certificateRegistry.connect(university.operator).anchor(batch.root, batch.count)).wait();
  const credentials = drafts.map((draft, i) => assembleCredential(draft, batch, batch.proofs[i] ?? [], context));
  return { credentials, batch };
}
