import { canonicalJson } from "./credential/hashing";
import type { EncryptedCredential } from "./crypto/envelope";
import { bytesToHex } from "./crypto/hex";

/**
 * What the holder of a certificate asks of its university's server without signing in: to store a
 * derived credential (the same credential with subject fields hidden, encrypted in the browser under
 * a new id and secret), or to download the certificate's PDF. The holder is whoever has the QR secret;
 * the server, which keeps that secret to publish the credential, checks an HMAC of the request under a
 * key derived from it, so the secret itself never travels.
 */
export type HolderRequest =
  { purpose: "derive"; derivedId: string; encrypted: EncryptedCredential } | { purpose: "pdf"; at: number };

/** The HKDF salt of the holder's proof key; the info is the original credential's id, as for encryption. */
const HOLDER_PROOF_SALT = new TextEncoder().encode("tasdiq/holder-proof/v1");

async function holderKey(secret: Uint8Array, credentialId: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", secret as BufferSource, "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: HOLDER_PROOF_SALT, info: new TextEncoder().encode(credentialId) },
    material,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
}

/**
 * HMAC-SHA-256, as `0x` + 64 lowercase hex digits, of the canonical JSON of the request and the id of
 * the certificate it is about: a proof made for one payload, certificate or purpose proves nothing for
 * another. The key is HKDF-SHA-256 of the certificate's QR secret, distinct from its encryption key.
 */
export async function holderProof(secret: Uint8Array, credentialId: string, request: HolderRequest): Promise<string> {
  const key = await holderKey(secret, credentialId);
  const message = new TextEncoder().encode(canonicalJson({ credentialId, ...request }));
  return bytesToHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, message)));
}
