import { createHmac, hkdfSync } from "node:crypto";
import { expect } from "chai";
import canonicalize from "canonicalize";
import { describe, it } from "vitest";
import { holderProof } from "../../core";
import type { HolderRequest } from "../../core";

/** The proof as docs/credential-format.md (section 11) writes it, with node:crypto instead of WebCrypto. */
function documentedProof(secret: Uint8Array, credentialId: string, request: HolderRequest): string {
  const key = hkdfSync("sha256", secret, "tasdiq/holder-proof/v1", credentialId, 32);
  const message = canonicalize({ credentialId, ...request }) as string;
  return `0x${createHmac("sha256", Buffer.from(key)).update(message, "utf8").digest("hex")}`;
}

describe("the holder's proof of a certificate's QR secret", () => {
  const secret = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
  const encrypted = { alg: "A256GCM-HKDF-SHA256" as const, iv: "AAAAAAAAAAAAAAAA", ciphertext: "c2VjcmV0" };
  const derive: HolderRequest = { purpose: "derive", derivedId: "00000000000000aa", encrypted };

  it("is the HMAC the format document specifies", async () => {
    for (const request of [derive, { purpose: "pdf", at: 1_780_000_000 } as const])
      expect(await holderProof(secret, "0123456789abcdef", request)).to.equal(
        documentedProof(secret, "0123456789abcdef", request),
      );
  });

  it("changes with the certificate, the secret, the new id, the envelope and the purpose", async () => {
    const proofs = await Promise.all([
      holderProof(secret, "0123456789abcdef", derive),
      holderProof(secret, "0123456789abcdee", derive),
      holderProof(
        Uint8Array.from(secret, (b) => b ^ 1),
        "0123456789abcdef",
        derive,
      ),
      holderProof(secret, "0123456789abcdef", { ...derive, derivedId: "00000000000000ab" }),
      holderProof(secret, "0123456789abcdef", { ...derive, encrypted: { ...encrypted, ciphertext: "c2VjcmVu" } }),
      holderProof(secret, "0123456789abcdef", { purpose: "pdf", at: 0 }),
    ]);
    expect(new Set(proofs).size).to.equal(proofs.length);
    for (const proof of proofs) expect(proof).to.match(/^0x[0-9a-f]{64}$/);
  });
});
