import { base64urlnopad } from "@scure/base";
import { z } from "zod";
import { DecryptionError } from "../errors";

/**
 * How the issuance server stores a credential: AES-256-GCM under a key derived with HKDF-SHA-256
 * from the per-credential secret that only the QR code (and the holder) knows. The server can serve
 * the envelope to anyone; only someone holding the secret can read it. Uses WebCrypto only, so the
 * same code runs in Node and in browsers.
 */
export const EncryptedCredential = z.strictObject({
  alg: z.literal("A256GCM-HKDF-SHA256"),
  iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/, "expected a 12-byte base64url IV"),
  ciphertext: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "expected base64url")
    .max(1_000_000),
});
export type EncryptedCredential = z.infer<typeof EncryptedCredential>;

/** The HKDF salt of every credential key (the info is the credential id). */
export const CREDENTIAL_ENVELOPE_SALT = new TextEncoder().encode("tasdiq/credential-encryption/v1");

async function deriveKey(secret: Uint8Array, credentialId: string, usage: KeyUsage): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", secret as BufferSource, "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: CREDENTIAL_ENVELOPE_SALT, info: new TextEncoder().encode(credentialId) },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    [usage],
  );
}

/** Encrypts `plaintext` (the credential JSON); the credential id is bound as associated data. */
export async function encryptCredential(
  plaintext: string,
  secret: Uint8Array,
  credentialId: string,
  iv: Uint8Array = crypto.getRandomValues(new Uint8Array(12)),
): Promise<EncryptedCredential> {
  const key = await deriveKey(secret, credentialId, "encrypt");
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: iv as BufferSource, additionalData: new TextEncoder().encode(credentialId) },
    key,
    new TextEncoder().encode(plaintext),
  );
  return {
    alg: "A256GCM-HKDF-SHA256",
    iv: base64urlnopad.encode(iv),
    ciphertext: base64urlnopad.encode(new Uint8Array(ciphertext)),
  };
}

/** The parts of an envelope an AES-256-GCM opening needs, the secret's HKDF key still to derive. */
export interface SealedCredential {
  secret: Uint8Array;
  credentialId: string;
  iv: Uint8Array;
  /** The ciphertext followed by its 16-byte tag. */
  ciphertext: Uint8Array;
}

/** Derives the key and opens the ciphertext; rejects on a wrong key or an altered ciphertext. */
export type CredentialOpener = (sealed: SealedCredential) => Promise<Uint8Array>;

async function openWithWebCrypto({ secret, credentialId, iv, ciphertext }: SealedCredential): Promise<Uint8Array> {
  const key = await deriveKey(secret, credentialId, "decrypt");
  const plaintext = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: iv as BufferSource, additionalData: new TextEncoder().encode(credentialId) },
    key,
    ciphertext as BufferSource,
  );
  return new Uint8Array(plaintext);
}

/**
 * Decrypts an envelope; throws {@link DecryptionError} for a wrong secret or altered ciphertext.
 * `open` is WebCrypto's unless a platform has a cheaper AES-GCM with HKDF (the server's node:crypto).
 */
export async function decryptCredential(
  envelope: EncryptedCredential,
  secret: Uint8Array,
  credentialId: string,
  open: CredentialOpener = openWithWebCrypto,
): Promise<string> {
  const parsed = EncryptedCredential.safeParse(envelope);
  if (!parsed.success) throw new DecryptionError("ENVELOPE_MALFORMED", "the stored credential is malformed");
  try {
    const iv = base64urlnopad.decode(parsed.data.iv);
    const ciphertext = base64urlnopad.decode(parsed.data.ciphertext);
    return new TextDecoder("utf-8", { fatal: true }).decode(await open({ secret, credentialId, iv, ciphertext }));
  } catch (cause) {
    throw new DecryptionError("DECRYPTION_FAILED", "the credential cannot be decrypted with this code", { cause });
  }
}
