import { expect } from "chai";
import fc from "fast-check";
import { describe, it } from "vitest";
import { VerificationCodeError, decodeShortCode, decodeVerifierUrl, encodeShortCode, encodeVerifierUrl } from "../../core";

const locator = fc.record({
  chainId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  universityId: fc.integer({ min: 1, max: 0xffffffff }),
  credentialId: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.from(b).toString("hex")),
  secret: fc.uint8Array({ minLength: 16, maxLength: 16 }),
});
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

describe("verifier URL in the QR code", () => {
  it("decodes to what was encoded and stays under 300 characters with a long verifier address", () => {
    fc.assert(
      fc.property(locator, (value) => {
        const url = encodeVerifierUrl("https://verify.ministry-of-higher-education.example.gov.jo/tasdiq/", value);
        expect(url.length).to.be.at.most(300);
        expect(url).to.match(/^https:\/\/verify\.ministry-of-higher-education\.example\.gov\.jo\/tasdiq\/v#[A-Za-z0-9_-]+$/);
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
    for (const bad of ["https://x.example/v#", "https://x.example/v#AQ", "https://x.example/v#!!!!", "https://x.example/v#Ag"]) {
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

  it("detects every single wrong symbol and every swap of two neighbouring symbols", () => {
    fc.assert(
      fc.property(locator, fc.nat(), fc.integer({ min: 1, max: 31 }), (value, at, shift) => {
        const symbols = encodeShortCode(value).replace(/-/g, "");
        const i = at % (symbols.length - 1);
        const replaced = ALPHABET[(ALPHABET.indexOf(symbols[i] as string) + shift) % 32] as string;
        const typo = symbols.slice(0, i) + replaced + symbols.slice(i + 1);
        expect(() => decodeShortCode(typo)).to.throw(VerificationCodeError);
        if (symbols[i] !== symbols[i + 1]) {
          const swapped = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2);
          expect(() => decodeShortCode(swapped)).to.throw(VerificationCodeError);
        }
      }),
      { numRuns: 1000 },
    );
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
