import { expect } from "chai";
import { Signature, TypedDataEncoder, Wallet, getAddress, hexlify, randomBytes, verifyTypedData } from "ethers";
import fc from "fast-check";
import { describe, it } from "vitest";
import { BATCH_TYPES, batchDigest, batchDomain, recoverBatchSigner } from "../../core";
import type { BatchStatement, Hex32 } from "../../core";

const statementArbitrary = fc.record({
  chainId: fc.integer({ min: 1, max: 2 ** 40 }),
  registry: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(hexlify(bytes))),
  root: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => hexlify(bytes) as Hex32),
  count: fc.integer({ min: 0, max: 0xffffffff }),
  issuer: fc.integer({ min: 0, max: 0xffffffff }),
});

const ethersDigest = (s: BatchStatement): string =>
  TypedDataEncoder.hash(batchDomain(s.chainId, s.registry), BATCH_TYPES, {
    root: s.root,
    count: s.count,
    issuer: s.issuer,
  });

const sign = (wallet: Wallet, s: BatchStatement): Promise<string> =>
  wallet.signTypedData(batchDomain(s.chainId, s.registry), BATCH_TYPES, {
    root: s.root,
    count: s.count,
    issuer: s.issuer,
  });

const ethersSigner = (s: BatchStatement, signature: string): string | Error => {
  try {
    return verifyTypedData(
      batchDomain(s.chainId, s.registry),
      BATCH_TYPES,
      { root: s.root, count: s.count, issuer: s.issuer },
      signature,
    );
  } catch (error) {
    return error as Error;
  }
};

const oursSigner = (s: BatchStatement, signature: string, expected?: string): string | Error => {
  try {
    return recoverBatchSigner(s, signature, expected);
  } catch (error) {
    return error as Error;
  }
};

describe("batch signature", () => {
  it("has the EIP-712 digest ethers computes, for any statement", () => {
    fc.assert(
      fc.property(statementArbitrary, (s) => {
        expect(batchDigest(s)).to.equal(ethersDigest(s));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses what ethers refuses: counts and ids beyond uint32, a registry with a wrong checksum", () => {
    const s = {
      chainId: 1,
      registry: getAddress(hexlify(randomBytes(20))),
      root: hexlify(randomBytes(32)) as Hex32,
      count: 1,
      issuer: 1,
    };
    expect(() => batchDigest({ ...s, count: 2 ** 32 })).to.throw();
    expect(() => batchDigest({ ...s, issuer: -1 })).to.throw();
    expect(() => batchDigest({ ...s, count: 1.5 })).to.throw();
    const wrongCase = s.registry.replace(/[a-f]/, (c) => c.toUpperCase());
    if (wrongCase !== s.registry) expect(() => batchDigest({ ...s, registry: wrongCase })).to.throw();
    expect(() => batchDigest({ ...s, root: "0x1234" as Hex32 })).to.throw();
  });

  /** Recovers `count` fresh statements signed by `wallet` stated as their signer, as a verifier of its batches would. */
  const verifyBatchesOf = async (wallet: Wallet, count: number): Promise<void> => {
    for (const s of fc.sample(statementArbitrary, count)) {
      const signature = await sign(wallet, s);
      expect(oursSigner(s, signature, wallet.address)).to.equal(wallet.address);
      expect(ethersSigner(s, signature)).to.equal(wallet.address);
    }
  };

  it("recovers the address ethers recovers, by full recovery and, once the key has signed many batches, by its table", async () => {
    // The first 16 recover the key in full; the next ones are confirmed against its table.
    await verifyBatchesOf(new Wallet(Wallet.createRandom().privateKey), 24);
  });

  it("with a known key stated, answers what recovery answers for altered statements and signatures", async () => {
    const wallet = new Wallet(Wallet.createRandom().privateKey);
    const other = new Wallet(Wallet.createRandom().privateKey);
    await verifyBatchesOf(wallet, 16);
    const [t] = fc.sample(statementArbitrary, 1) as [BatchStatement];
    const signature = await sign(wallet, t);
    const parsed = Signature.from(signature);
    const flipped = Signature.from({ r: parsed.r, s: parsed.s, v: parsed.v === 27 ? 28 : 27 }).serialized;
    const cases: [BatchStatement, string][] = [
      [{ ...t, count: t.count === 0 ? 1 : t.count - 1 }, signature],
      [{ ...t, issuer: t.issuer ^ 1 }, signature],
      [t, flipped],
      [t, await sign(other, t)],
      [t, signature.slice(0, -2) + "1d"],
      [t, "0x" + "00".repeat(65)],
    ];
    for (const [statement, sig] of cases) {
      const theirs = ethersSigner(statement, sig);
      const ours = oursSigner(statement, sig, wallet.address);
      if (theirs instanceof Error) expect(ours).to.be.instanceOf(Error);
      else expect(ours).to.equal(theirs).and.not.equal(wallet.address);
    }
  });
});
