import { expect } from "chai";
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  VerificationCodeError,
  decodeShortCode,
  decodeVerifierUrl,
  encodeShortCode,
  encodeVerifierUrl,
} from "../../core";
import { adjacentTranspositions } from "../helpers/codes";

const locator = fc.record({
  chainId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  universityId: fc.integer({ min: 1, max: 0xffffffff }),
  credentialId: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.from(b).toString("hex")),
  secret: fc.uint8Array({ minLength: 16, maxLength: 16 }),
});
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The 32 symbols and the five check symbols beyond them, for check values 32 to 36. */
const CHECK_SYMBOLS = `${ALPHABET}*~$=U`;

/**
 * What decoding `code` with the symbols at `at` and `at + 1` swapped must throw: a check symbol beyond
 * the 32 (* ~ $ = U) swapped in among the others makes the code unreadable; any other swap, wrong.
 */
function expectedSwapError(code: string, at: number): string {
  const symbols = code.replace(/-/g, "");
  const check = symbols[symbols.length - 1] as string;
  return at === symbols.length - 2 && !ALPHABET.includes(check) ? "CODE_MALFORMED" : "CODE_CHECK_FAILED";
}

describe("verifier URL in the QR code", () => {
  it("decodes to what was encoded and stays under 300 characters with a long verifier address", () => {
    fc.assert(
      fc.property(locator, (value) => {
        const url = encodeVerifierUrl("https://verify.ministry-of-higher-education.example.gov.jo/tasdiq/", value);
        expect(url.length).to.be.at.most(300);
        expect(url).to.match(
          /^https:\/\/verify\.ministry-of-higher-education\.example\.gov\.jo\/tasdiq\/v#[A-Za-z0-9_-]+$/,
        );
        const decoded = decodeVerifierUrl(url);
        expect({ ...decoded, secret: [...decoded.secret] }).to.deep.equal({ ...value, secret: [...value.secret] });
      }),
    );
  });

  it("rejects anything else with a typed error", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          decodeVerifierUrl(`https://x.example/v#${text}`);
        } catch (error) {
          expect(error).to.be.instanceOf(VerificationCodeError);
        }
      }),
      { numRuns: 2000 },
    );
    for (const bad of [
      "https://x.example/v#",
      "https://x.example/v#AQ",
      "https://x.example/v#!!!!",
      "https://x.example/v#Ag",
    ]) {
      expect(() => decodeVerifierUrl(bad)).to.throw(VerificationCodeError);
    }
  });
});

describe("short typeable code", () => {
  it("decodes to what was encoded, ignoring case, spaces, hyphens and O/I/L look-alikes", () => {
    fc.assert(
      fc.property(locator, (value) => {
        const code = encodeShortCode(value);
        // 8 + 16 bytes and a 1-5 byte university id: 40 to 47 symbols, plus the check symbol.
        expect(code.replace(/-/g, "").length).to.be.at.most(48);
        if (value.universityId < 128) expect(code.replace(/-/g, "").length).to.equal(41);
        const typed = code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
        const decoded = decodeShortCode(typed);
        expect(decoded.universityId).to.equal(value.universityId);
        expect(decoded.credentialId).to.equal(value.credentialId);
        expect([...decoded.secret]).to.deep.equal([...value.secret]);
      }),
    );
  });

  it("detects every single wrong symbol", () => {
    fc.assert(
      fc.property(locator, fc.nat(), fc.integer({ min: 1, max: 31 }), (value, at, shift) => {
        const symbols = encodeShortCode(value).replace(/-/g, "");
        const i = at % (symbols.length - 1);
        const replaced = ALPHABET[(ALPHABET.indexOf(symbols[i] as string) + shift) % 32] as string;
        const typo = symbols.slice(0, i) + replaced + symbols.slice(i + 1);
        expect(() => decodeShortCode(typo))
          .to.throw(VerificationCodeError)
          .with.property("code", "CODE_CHECK_FAILED");
      }),
      { numRuns: 1000 },
    );
  });

  // Why none can pass: swapping neighbours a and b (worth 32^(k+1) and 32^k) changes the checked value by
  // 31·(a − b)·32^k, which the prime 37 never divides; swapping the last symbol d with the check symbol c
  // passes only if 37 divides 2·(c − d), that is only if c = d and nothing changed.
  it("detects every swap of two different neighbouring symbols, across hyphens and with the check symbol", () => {
    fc.assert(
      fc.property(locator, (value) => {
        const code = encodeShortCode(value);
        for (const { at, typed } of adjacentTranspositions(code)) {
          expect(() => decodeShortCode(typed), typed)
            .to.throw(VerificationCodeError)
            .with.property("code", expectedSwapError(code, at));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("detects the swap of the last symbol with each of the 37 check symbols", () => {
    // For each check symbol, a code whose last symbol differs from it, so that the swap changes the code.
    const byCheckSymbol = new Map<string, string>();
    for (let universityId = 1; byCheckSymbol.size < CHECK_SYMBOLS.length && universityId < 10_000; universityId++) {
      const code = encodeShortCode({
        universityId,
        credentialId: "0123456789abcdef",
        secret: new Uint8Array(16).fill(7),
      });
      const [last = "", check = ""] = code.replace(/-/g, "").slice(-2);
      if (last !== check && !byCheckSymbol.has(check)) byCheckSymbol.set(check, code);
    }
    expect([...byCheckSymbol.keys()].sort()).to.deep.equal([...CHECK_SYMBOLS].sort());
    for (const code of byCheckSymbol.values()) {
      const at = code.replace(/-/g, "").length - 2;
      const swap = adjacentTranspositions(code).find((t) => t.at === at);
      expect(swap, code).to.not.equal(undefined);
      expect(() => decodeShortCode(swap!.typed), swap!.typed)
        .to.throw(VerificationCodeError)
        .with.property("code", expectedSwapError(code, at));
    }
  });

  it("builds its swaps from neighbouring symbols only, stepping over hyphens and leaving equal neighbours alone", () => {
    expect(adjacentTranspositions("AAB-C7").map(({ at, typed }) => [at, typed])).to.deep.equal([
      [1, "ABA-C7"],
      [2, "AAC-B7"],
      [3, "AAB-7C"],
    ]);
  });

  it("rejects malformed codes with a typed error, never another exception", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          decodeShortCode(text);
        } catch (error) {
          expect(error).to.be.instanceOf(VerificationCodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
