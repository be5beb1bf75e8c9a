import { expect } from "chai";
import { describe, it } from "vitest";
import { DecryptionError, decryptCredential, encryptCredential } from "../../core";

const secret = crypto.getRandomValues(new Uint8Array(16));
const text = JSON.stringify({ name: "فاطمة الزهراء بنعلي", grade: "ممتاز" });

describe("credential encryption", () => {
  it("round-trips with the right secret and id, with a fresh IV each time", async () => {
    const a = await encryptCredential(text, secret, "0123456789abcdef");
    const b = await encryptCredential(text, secret, "0123456789abcdef");
    expect(a.iv).to.not.equal(b.iv);
    expect(await decryptCredential(a, secret, "0123456789abcdef")).to.equal(text);
    expect(a.ciphertext).to.not.include("فاطمة");
  });

  it("refuses a wrong secret, another credential id and an altered ciphertext", async () => {
    const envelope = await encryptCredential(text, secret, "0123456789abcdef");
    // One bit off: a second random secret could, however rarely, be the same one.
    const wrong = secret.map((byte, i) => (i === 0 ? byte ^ 1 : byte));
    const flipped = {
      ...envelope,
      ciphertext: (envelope.ciphertext[0] === "A" ? "B" : "A") + envelope.ciphertext.slice(1),
    };
    for (const attempt of [
      () => decryptCredential(envelope, wrong, "0123456789abcdef"),
      () => decryptCredential(envelope, secret, "0123456789abcdee"),
      () => decryptCredential(flipped, secret, "0123456789abcdef"),
      () => decryptCredential({ ...envelope, iv: "short" }, secret, "0123456789abcdef"),
    ]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(DecryptionError);
    }
  });
});
