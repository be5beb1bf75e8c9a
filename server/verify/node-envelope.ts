import { createDecipheriv, hkdfSync } from "node:crypto";
import { CREDENTIAL_ENVELOPE_SALT, decryptCredential } from "../../core";
import type { EncryptedCredential, SealedCredential } from "../../core";

const TAG_BYTES = 16;

/** HKDF-SHA-256 and AES-256-GCM of node:crypto, for core's decryption. */
async function openWithNodeCrypto({ secret, credentialId, iv, ciphertext }: SealedCredential): Promise<Uint8Array> {
  if (ciphertext.length < TAG_BYTES) throw new RangeError("ciphertext shorter than its tag");
  const key = Buffer.from(hkdfSync("sha256", secret, CREDENTIAL_ENVELOPE_SALT, credentialId, 32));
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAAD(Buffer.from(credentialId, "utf8"));
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
  return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_BYTES)), decipher.final()]);
}

/**
 * `decryptCredential` of the core with node:crypto: the same key, the same errors, byte for byte the
 * same plaintext (test/server/node-envelope.test.ts). WebCrypto in Node costs several times more CPU
 * per call (a key import, a derivation and a decryption, each a job on the thread pool), and the
 * public verify route decrypts one credential per QR link.
 */
export function decryptCredentialNode(
  envelope: EncryptedCredential,
  secret: Uint8Array,
  credentialId: string,
): Promise<string> {
  return decryptCredential(envelope, secret, credentialId, openWithNodeCrypto);
}
