import { readFileSync } from "node:fs";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { TypedDataEncoder, keccak256, toUtf8Bytes, verifyTypedData } from "ethers";
import { describe, it } from "vitest";
import { BATCH_TYPES, batchDomain } from "../../core";
import { VECTORS_FILE, computeVectors } from "../../scripts/test-vectors";

const published = JSON.parse(readFileSync(VECTORS_FILE, "utf8"));

describe("published test vectors (docs/test-vectors.json)", () => {
  it("are reproduced byte for byte by the library", async () => {
    expect(JSON.parse(JSON.stringify(await computeVectors()))).to.deep.equal(published);
  });

  it("hash as the specification says, recomputed from the canonical text alone", () => {
    for (const credential of published.credentials) {
      for (const field of credential.fields) expect(keccak256(toUtf8Bytes(field.canonical))).to.equal(field.hash);
      expect(keccak256(toUtf8Bytes(credential.documentHashPreimage))).to.equal(credential.documentHash);
    }
  });

  it("give the root OpenZeppelin's StandardMerkleTree computes, with proofs it accepts", () => {
    const hashes: string[] = published.credentials.map((c: { documentHash: string }) => c.documentHash);
    const tree = StandardMerkleTree.of(
      hashes.map((hash) => [hash]),
      ["bytes32"],
    );
    expect(tree.root).to.equal(published.batch.root);
    published.credentials.forEach((c: { documentHash: string; merkleProof: string[]; leaf: string }) => {
      expect(StandardMerkleTree.verify(published.batch.root, ["bytes32"], [c.documentHash], c.merkleProof)).to.equal(
        true,
      );
      expect(tree.leafHash([c.documentHash])).to.equal(c.leaf);
    });
  });

  it("carry an EIP-712 signature that recovers to the signer", () => {
    const { chainId, registry, issuer } = published.inputs;
    const value = { root: published.batch.root, count: published.batch.count, issuer: issuer.universityId };
    expect(TypedDataEncoder.hash(batchDomain(chainId, registry), BATCH_TYPES, value)).to.equal(
      published.batch.eip712Digest,
    );
    expect(verifyTypedData(batchDomain(chainId, registry), BATCH_TYPES, value, published.batch.signature)).to.equal(
      published.batch.signer,
    );
  });
});
