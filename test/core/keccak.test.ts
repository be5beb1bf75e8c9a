import { expect } from "chai";
import { getBytes, hexlify, keccak256 } from "ethers";
import fc from "fast-check";
import sha3 from "js-sha3";
import { describe, it } from "vitest";
import { bytesToHex, hexToBytes } from "../../core/crypto/hex";
import { keccak256Bytes, keccak256Hex, keccakReady } from "../../core/crypto/keccak";

describe("keccak-256", () => {
  it("gives js-sha3's and ethers' hashes with the WebAssembly hasher, for bytes and for any Unicode text", async () => {
    await keccakReady;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(keccak256Hex(bytes)).to.equal(keccak256(bytes));
        expect(hexlify(keccak256Bytes(bytes))).to.equal(keccak256(bytes));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        expect(keccak256Hex(text)).to.equal(`0x${sha3.keccak256.hex(text)}`);
      }),
      { numRuns: 500 },
    );
  });
});

describe("hex", () => {
  it("round-trips any bytes as ethers writes and reads them", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(bytesToHex(bytes)).to.equal(hexlify(bytes));
        expect(hexToBytes(hexlify(bytes))).to.deep.equal(getBytes(hexlify(bytes)));
        expect(hexToBytes(hexlify(bytes).toUpperCase().replace("0X", "0x"))).to.deep.equal(bytes);
      }),
    );
  });

  it("refuses what is not 0x and an even number of hex digits", () => {
    for (const bad of ["", "0x0", "12ab", "0xzz", "0x0g", "0x 1", "x0ab"])
      expect(() => hexToBytes(bad)).to.throw(TypeError);
  });
});
