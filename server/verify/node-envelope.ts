import { createDecipheriv, hkdfSync } from "node:crypto";
import { CREDENTIAL_ENVELOPE_SALT, DecryptionError, EncryptedCredential } from "../../core";

const TAG_BYTES = 16;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Base64url without padding, decoded natively. Node's decoder skips what it does not expect (stray
 * bits, an impossible length) where the core's refuses; re-encoding and comparing refuses the same.
 */
function strictBase64url(text: string): Buffer {
  const bytes = Buffer.from(text, "base64url");
  if (bytes.toString("base64url") !== text) throw new RangeError("not canonical base64url");
  return bytes;
}

/**
 * `decryptCredential` of the core with node:crypto: the same HKDF-SHA-256 key and AES-256-GCM, the
 * same errors, byte for byte the same plaintext (test/server/node-envelope.test.ts). WebCrypto in
 * Node costs several times more CPU per call (a key import, a derivation and a decryption, each a
 * job on the thread pool), and the public verify route decrypts one credential per QR link.
 */
export async function decryptCredentialNode(
  envelope: EncryptedCredential,
  secret: Uint8Array,
  credentialId: string,
): Promise<string> {
  const parsed = EncryptedCredential.safeParse(envelope);
  if (!parsed.success) throw new DecryptionError("ENVELOPE_MALFORMED", "the stored credential is malformed");
  try {
    const key = Buffer.from(hkdfSync("sha256", secret, CREDENTIAL_ENVELOPE_SALT, credentialId, 32));
    const sealed = strictBase64url(parsed.data.ciphertext);
    if (sealed.length < TAG_BYTES) throw new RangeError("ciphertext shorter than its tag");
    const decipher = createDecipheriv("aes-256-gcm", key, strictBase64url(parsed.data.iv));
    decipher.setAAD(Buffer.from(credentialId, "utf8"));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    return utf8.decode(plaintext);
  } catch (cause) {
    throw new DecryptionError("DECRYPTION_FAILED", "the credential cannot be decrypted with this code", { cause });
  }
}
