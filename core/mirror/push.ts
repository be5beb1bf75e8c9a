import canonicalize from "canonicalize";
import { TypedDataEncoder, verifyTypedData } from "ethers";
import type { TypedDataDomain, TypedDataField } from "ethers";
import { z } from "zod";
import type { TypedDataSigner } from "../batch/signature";
import { keccak256Hex } from "../crypto/keccak";
import { EncryptedCredential } from "../crypto/envelope";
import { CredentialId } from "../credential/schema";
import type { Deployment } from "../deployment";

/**
 * What a university's server sends a mirror: stored credentials of one university, signed with that
 * university's operator key (the account the IssuerRegistry records for it), so a mirror keeps only
 * what the university itself published. The mirror checks the signer against the chain; a verifier
 * trusts no mirror anyway (it decrypts and checks what it fetches).
 */

/** Most stored credentials in one push, and the most bytes a mirror reads of one. */
export const MIRROR_PUSH_MAX_ENTRIES = 100;
export const MIRROR_PUSH_MAX_BYTES = 2 * 1024 * 1024;

/**
 * One stored credential. `version` grows each time the university re-writes it (the id of the batch
 * it was sealed in: a re-sealed certificate gets a later batch), so a mirror never goes back to an
 * older copy, whoever replays an old push.
 */
export const MirrorEntry = z.strictObject({
  credentialId: CredentialId,
  version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  encrypted: EncryptedCredential,
});
export type MirrorEntry = z.infer<typeof MirrorEntry>;

export const MirrorPush = z.strictObject({
  universityId: z.number().int().positive().max(0xffffffff),
  /** UNIX milliseconds when the push was signed. */
  signedAt: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  entries: z
    .array(MirrorEntry)
    .min(1)
    .max(MIRROR_PUSH_MAX_ENTRIES)
    .refine((entries) => new Set(entries.map((e) => e.credentialId)).size === entries.length, "credential ids repeat"),
  signature: z.string().regex(/^0x[0-9a-f]{130}$/, "expected a 65-byte signature in lowercase hex"),
});
export type MirrorPush = z.infer<typeof MirrorPush>;

const MIRROR_PUSH_TYPES: Record<string, TypedDataField[]> = {
  MirrorPush: [
    { name: "universityId", type: "uint32" },
    { name: "signedAt", type: "uint64" },
    { name: "entries", type: "bytes32" },
  ],
};

/** Bound to the chain and the IssuerRegistry that names the operator, like the batch signature. */
function mirrorPushDomain(deployment: Deployment): TypedDataDomain {
  return {
    name: "Tasdiq mirror push",
    version: "1",
    chainId: deployment.chainId,
    verifyingContract: deployment.issuerRegistry,
  };
}

function pushValue(push: Omit<MirrorPush, "signature">): Record<string, unknown> {
  // The entries are signed through the keccak-256 of their RFC 8785 canonical JSON.
  return {
    universityId: push.universityId,
    signedAt: push.signedAt,
    entries: keccak256Hex(canonicalize(push.entries) as string),
  };
}

/** The EIP-712 digest an operator signs for a push (for other implementations and tests). */
export function mirrorPushDigest(deployment: Deployment, push: Omit<MirrorPush, "signature">): string {
  return TypedDataEncoder.hash(mirrorPushDomain(deployment), MIRROR_PUSH_TYPES, pushValue(push));
}

/** Signs a push with the university's operator key. */
export async function signMirrorPush(
  operator: TypedDataSigner,
  deployment: Deployment,
  push: Omit<MirrorPush, "signature">,
): Promise<MirrorPush> {
  const signature = await operator.signTypedData(mirrorPushDomain(deployment), MIRROR_PUSH_TYPES, pushValue(push));
  return { ...push, signature: signature.toLowerCase() };
}

/** The account that signed a push; the mirror compares it with the university's operator on chain. */
export function mirrorPushSigner(deployment: Deployment, push: MirrorPush): string {
  return verifyTypedData(mirrorPushDomain(deployment), MIRROR_PUSH_TYPES, pushValue(push), push.signature);
}
