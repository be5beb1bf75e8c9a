import { bytesToHex, hexToBytes } from "../crypto/hex";
import { keccak256Bytes } from "../crypto/keccak";
import type { Hex32 } from "../credential/schema";

/**
 * Merkle trees over document hashes with the conventions of OpenZeppelin's `StandardMerkleTree`
 * for a single `bytes32` value per leaf: leaf = keccak256(keccak256(abi.encode(documentHash))), leaves
 * sorted, pairs hashed in sorted order, the tree laid out as an array with the leaves at the end in
 * reverse. Proofs therefore also verify with OpenZeppelin's `MerkleProof` on chain. Implemented here
 * because the library re-validates the tree for every proof, which is too slow for 10,000 leaves.
 */

/** The Merkle leaf of a document hash, also the key under which a certificate is revoked on chain. */
export function leafOf(documentHash: Hex32): Hex32 {
  return bytesToHex(leafBytes(documentHash)) as Hex32;
}

function leafBytes(documentHash: Hex32): Uint8Array {
  // abi.encode(bytes32) is the 32 bytes themselves.
  return keccak256Bytes(keccak256Bytes(hexToBytes(documentHash)));
}

/** Hashing copies its input, so one buffer serves every pair. */
const pair = new Uint8Array(64);

function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const [first, second] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
  pair.set(first, 0);
  pair.set(second, 32);
  return keccak256Bytes(pair);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export interface BatchTree {
  root: Hex32;
  /** `proofs[i]` proves `documentHashes[i]` (in the order given to {@link buildBatchTree}). */
  proofs: Hex32[][];
}

/** Builds the tree over `documentHashes` and the proof of each, in input order. */
export function buildBatchTree(documentHashes: readonly Hex32[]): BatchTree {
  const count = documentHashes.length;
  if (count === 0) throw new RangeError("a batch holds at least one certificate");
  const leaves = documentHashes.map((hash, index) => ({ index, bytes: leafBytes(hash) }));
  leaves.sort((a, b) => compareBytes(a.bytes, b.bytes));
  const tree: Uint8Array[] = new Array<Uint8Array>(2 * count - 1);
  const position = new Array<number>(count);
  leaves.forEach((leaf, i) => {
    tree[tree.length - 1 - i] = leaf.bytes;
    position[leaf.index] = tree.length - 1 - i;
  });
  for (let i = tree.length - 1 - count; i >= 0; i--) {
    tree[i] = hashPair(tree[2 * i + 1] as Uint8Array, tree[2 * i + 2] as Uint8Array);
  }
  // Each node is written in hex once, and every proof through it shares that one string.
  const hex = new Array<Hex32 | undefined>(tree.length);
  const hexOf = (i: number): Hex32 => (hex[i] ??= bytesToHex(tree[i] as Uint8Array) as Hex32);
  const proofs = position.map((start) => {
    const proof: Hex32[] = [];
    for (let i = start; i > 0; i = Math.floor((i - 1) / 2)) proof.push(hexOf(i % 2 === 1 ? i + 1 : i - 1));
    return proof;
  });
  return { root: hexOf(0), proofs };
}

/** The root that `proof` leads to from `documentHash`. */
export function rootFromProof(documentHash: Hex32, proof: readonly Hex32[]): Hex32 {
  let node = leafBytes(documentHash);
  for (const sibling of proof) node = hashPair(node, hexToBytes(sibling));
  return bytesToHex(node) as Hex32;
}
