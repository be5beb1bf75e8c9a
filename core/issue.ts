import { buildBatchTree } from "./batch/merkle";
import { signBatch } from "./batch/signature";
import type { TypedDataSigner } from "./batch/signature";
import { documentHash, fieldHashes, newSalts, normalizeText } from "./credential/hashing";
import type { JsonValue } from "./credential/hashing";
import {
  CREDENTIAL_TYPE,
  PROOF_TYPE,
  TASDIQ_CONTEXT,
  UnsignedCredential,
  VC_CONTEXT,
  checksumAddress,
  instantOf,
} from "./credential/schema";
import type { Credential, CredentialId, CredentialSubject, FieldPath, Hex32, LocalizedText } from "./credential/schema";
import { bytesToHex } from "./crypto/hex";
import { keccakReady } from "./crypto/keccak";
import { webCryptoRandom } from "./crypto/random";
import type { RandomBytes } from "./crypto/random";

export type { RandomBytes } from "./crypto/random";

/** The issuing university, as recorded in the IssuerRegistry. */
export interface IssuerIdentity {
  universityId: number;
  operator: string;
  country: string;
  name: LocalizedText;
}

export interface DraftRequest {
  subject: CredentialSubject;
  credentialId: CredentialId;
  /** UTC instant from which the credential is valid (the issue time). */
  validFrom: Date;
  validUntil?: Date | undefined;
}

/** A credential whose fields are salted and hashed, waiting for its batch to be sealed. */
export interface CredentialDraft {
  credential: UnsignedCredential;
  salts: Partial<Record<FieldPath, Hex32>>;
  documentHash: Hex32;
}

export function newCredentialId(random: RandomBytes = webCryptoRandom): CredentialId {
  return bytesToHex(random(8)).slice(2);
}

/** Builds the credential with every text in NFC, salts each field and computes its document hash. */
export function draftCredential(
  request: DraftRequest,
  issuer: IssuerIdentity,
  random: RandomBytes = webCryptoRandom,
): CredentialDraft {
  const credential = UnsignedCredential.parse(
    normalizeText({
      "@context": [VC_CONTEXT, TASDIQ_CONTEXT],
      type: ["VerifiableCredential", CREDENTIAL_TYPE],
      id: `urn:tasdiq:credential:${request.credentialId}`,
      issuer: {
        id: `urn:tasdiq:university:${issuer.universityId}`,
        universityId: issuer.universityId,
        address: checksumAddress(issuer.operator) ?? issuer.operator,
        country: issuer.country,
        name: issuer.name,
      },
      validFrom: instantOf(request.validFrom),
      ...(request.validUntil ? { validUntil: instantOf(request.validUntil) } : {}),
      credentialSubject: request.subject,
    } as unknown as JsonValue),
  );
  const salts = newSalts(credential, random);
  return { credential, salts, documentHash: documentHash(fieldHashes(credential, salts)) };
}

/** Where and by whom a batch is anchored. */
export interface BatchContext {
  chainId: number;
  /** Address of the CertificateRegistry. */
  registry: string;
  universityId: number;
  signer: TypedDataSigner;
}

export interface SealedBatch {
  root: Hex32;
  count: number;
  signer: string;
  signature: string;
  /** `proofs[i]` belongs to the i-th document hash given to {@link sealBatch}. */
  proofs: Hex32[][];
}

/** Builds the Merkle tree over the batch's document hashes and signs its root. */
export async function sealBatch(documentHashes: readonly Hex32[], context: BatchContext): Promise<SealedBatch> {
  await keccakReady;
  const { root, proofs } = buildBatchTree(documentHashes);
  const count = documentHashes.length;
  const { signer, signature } = await signBatch(context.signer, {
    chainId: context.chainId,
    registry: context.registry,
    root,
    count,
    issuer: context.universityId,
  });
  return { root, count, signer, signature, proofs };
}

/** The finished credential: the draft with the proof of its batch. */
export function assembleCredential(
  draft: CredentialDraft,
  batch: Omit<SealedBatch, "proofs">,
  merkleProof: Hex32[],
  context: Pick<BatchContext, "chainId" | "registry">,
): Credential {
  return {
    ...draft.credential,
    proof: {
      type: PROOF_TYPE,
      chainId: context.chainId,
      // Checksummed whatever the deployment file says: a credential spells an address one way only.
      registry: checksumAddress(context.registry) ?? context.registry,
      salts: draft.salts,
      hidden: {},
      documentHash: draft.documentHash,
      root: batch.root,
      merkleProof,
      batchCount: batch.count,
      signer: batch.signer,
      signature: batch.signature,
    },
  };
}
