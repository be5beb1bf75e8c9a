import {
  canonicalJson,
  decodeVerifierUrl,
  encodeVerifierUrl,
  encryptCredential,
  hideFields,
  holderProof,
  newCredentialId,
} from "../../core";
import type { Credential, CredentialLocator, EncryptedCredential, HideableFieldPath, JsonValue } from "../../core";

/** A certificate as its holder has it: the credential and the QR link's locator. */
export interface Held {
  id: string;
  credential: Credential;
  locator: CredentialLocator & { chainId: number };
}

/** What the holder's page sends to store a derived credential, and the link it then gives out. */
export interface Derivation {
  body: { id: string; encrypted: EncryptedCredential; proof: string };
  link: string;
}

/** The holder's view of an issued certificate, from its record (credential and QR link). */
export const heldCertificate = (id: string, credential: Credential, verifierUrl: string): Held => ({
  id,
  credential,
  locator: decodeVerifierUrl(verifierUrl),
});

/**
 * What the verifier page's holder view makes (web/v/src/holder.ts): the credential with `hide`
 * hidden, encrypted under a fresh id and secret, with the holder's proof made with `secret` (the
 * certificate's own unless a test says otherwise), and the link to it below `verifierBase`.
 */
export async function derive(
  held: Held,
  hide: readonly HideableFieldPath[],
  { secret = held.locator.secret, verifierBase = "https://verify.example" } = {},
): Promise<Derivation> {
  const derivedId = newCredentialId();
  const derivedSecret = crypto.getRandomValues(new Uint8Array(16));
  const plaintext = canonicalJson(hideFields(held.credential, hide) as unknown as JsonValue);
  const encrypted = await encryptCredential(plaintext, derivedSecret, derivedId);
  const proof = await holderProof(secret, held.id, { purpose: "derive", derivedId, encrypted });
  const link = encodeVerifierUrl(verifierBase, {
    chainId: held.locator.chainId,
    universityId: held.locator.universityId,
    credentialId: derivedId,
    secret: derivedSecret,
  });
  return { body: { id: derivedId, encrypted, proof }, link };
}
