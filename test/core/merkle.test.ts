import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { hexlify, randomBytes } from "ethers";
import fc from "fast-check";
import { describe, it } from "vitest";
import { buildBatchTree, leafOf, rootFromProof } from "../../core";
import type { Hex32 } from "../../core";

const hashes = (n: number): Hex32[] => Array.from({ length: n }, () => hexlify(randomBytes(32)) as Hex32);

describe("batch Merkle tree", () => {
  it("matches OpenZeppelin's StandardMerkleTree for every size from 1 to 40", () => {
    for (let n = 1; n <= 40; n++) {
      const documentHashes = hashes(n);
      const ours = buildBatchTree(documentHashes);
      const theirs = StandardMerkleTree.of(
        documentHashes.map((h) => [h]),
        ["bytes32"],
      );
      expect(ours.root).to.equal(theirs.root);
      documentHashes.forEach((hash, i) => {
        expect(ours.proofs[i]).to.deep.equal(theirs.getProof([hash]));
        expect(rootFromProof(hash, ours.proofs[i] as Hex32[])).to.equal(ours.root);
        expect(theirs.leafHash([hash])).to.equal(leafOf(hash));
      });
    }
  });

  it("rejects any change of a proof step", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 64 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (n, pick, step, bit) => {
          const documentHashes = hashes(n);
          const { root, proofs } = buildBatchTree(documentHashes);
          const index = pick % n;
          const proof = [...(proofs[index] as Hex32[])];
          const at = step % proof.length;
          const bytes = Buffer.from((proof[at] as string).slice(2), "hex");
          bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (1 << (bit & 7));
          proof[at] = `0x${bytes.toString("hex")}` as Hex32;
          expect(rootFromProof(documentHashes[index] as Hex32, proof)).to.not.equal(root);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses an empty batch", () => {
    expect(() => buildBatchTree([])).to.throw(RangeError);
  });
});
