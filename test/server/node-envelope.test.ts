import { createCipheriv, hkdfSync } from "node:crypto";
import { base64urlnopad } from "@scure/base";
import { expect } from "chai";
import { describe, it } from "vitest";
import { CREDENTIAL_ENVELOPE_SALT, DecryptionError, decryptCredential, encryptCredential } from "../../core";
import type { EncryptedCredential } from "../../core";
import { decryptCredentialNode } from "../../server/verify/node-envelope";

const ID = "0123456789abcdef";
const secret = crypto.getRandomValues(new Uint8Array(16));

/** What a decryption gives: the plaintext, or the error's class and code. */
async function outcome(
  decrypt: typeof decryptCredential,
  envelope: EncryptedCredential,
  key: Uint8Array,
  id: string,
): Promise<string> {
  try {
    return `text:${await decrypt(envelope, key, id)}`;
  } catch (error) {
    return error instanceof DecryptionError ? `error:${error.code}` : `other:${String(error)}`;
  }
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const strayBits = (text: string): string => text.slice(0, -1) + ALPHABET[ALPHABET.indexOf(text.at(-1) as string) | 1];

describe("the server's node:crypto decryption of stored credentials", () => {
  it("gives the core's WebCrypto plaintext, byte for byte, for Arabic, French, empty and large texts", async () => {
    const texts = [
      JSON.stringify({ name: "فاطمة الزهراء بنعلي", grade: "ممتاز", note: "é\u0301 \u202e" }),
      "",
      "x".repeat(200_000),
    ];
    for (const text of texts) {
      const envelope = await encryptCredential(text, secret, ID);
      const viaNode = await decryptCredentialNode(envelope, secret, ID);
      expect(viaNode).to.equal(await decryptCredential(envelope, secret, ID));
      expect(viaNode).to.equal(text);
    }
  });

  it("refuses exactly what the core refuses, with the same error codes", async () => {
    const envelope = await encryptCredential('{"a":1}', secret, ID);
    const wrong = secret.map((byte, i) => (i === 0 ? byte ^ 1 : byte));
    const last = envelope.ciphertext.at(-1) === "A" ? "B" : "A";
    // Bytes that are not UTF-8, properly encrypted: both must refuse them rather than guess.
    const key = Buffer.from(hkdfSync("sha256", secret, CREDENTIAL_ENVELOPE_SALT, ID, 32));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(ID));
    const sealed = Buffer.concat([
      cipher.update(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const notUtf8: EncryptedCredential = {
      alg: "A256GCM-HKDF-SHA256",
      iv: base64urlnopad.encode(iv),
      ciphertext: base64urlnopad.encode(sealed),
    };
    const cases: [string, EncryptedCredential, Uint8Array, string][] = [
      ["right secret", envelope, secret, ID],
      ["wrong secret", envelope, wrong, ID],
      ["another credential id", envelope, secret, "0123456789abcdee"],
      ["altered tag", { ...envelope, ciphertext: envelope.ciphertext.slice(0, -1) + last }, secret, ID],
      ["altered first byte", { ...envelope, ciphertext: `B${envelope.ciphertext.slice(1)}` }, secret, ID],
      ["short IV", { ...envelope, iv: "short" }, secret, ID],
      ["ciphertext shorter than a tag", { ...envelope, ciphertext: "AAAA" }, secret, ID],
      // 23 bytes end in a character with 2 unused bits: setting one spells the same bytes non-canonically.
      ["stray bits in the last character", { ...envelope, ciphertext: strayBits(envelope.ciphertext) }, secret, ID],
      ["ciphertext of impossible length", { ...envelope, ciphertext: `${envelope.ciphertext}A` }, secret, ID],
      ["unknown algorithm", { ...envelope, alg: "A128GCM" } as unknown as EncryptedCredential, secret, ID],
      ["lone surrogate encrypted", notUtf8, secret, ID],
    ];
    for (const [name, input, given, id] of cases) {
      const core = await outcome(decryptCredential, input, given, id);
      expect(await outcome(decryptCredentialNode, input, given, id), name).to.equal(core);
    }
    expect(await outcome(decryptCredentialNode, notUtf8, secret, ID)).to.equal("error:DECRYPTION_FAILED");
    expect(await outcome(decryptCredentialNode, envelope, secret, ID)).to.equal('text:{"a":1}');
    expect(await outcome(decryptCredentialNode, envelope, wrong, ID)).to.equal("error:DECRYPTION_FAILED");
    expect(await outcome(decryptCredentialNode, { ...envelope, iv: "short" }, secret, ID)).to.equal(
      "error:ENVELOPE_MALFORMED",
    );
  });
});
