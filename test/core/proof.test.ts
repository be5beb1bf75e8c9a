import { createMPT, createMerkleProof } from "@ethereumjs/mpt";
import { expect } from "chai";
import { encodeRlp, getBytes, hexlify, keccak256, toBeHex, zeroPadValue } from "ethers";
import { describe, it } from "vitest";
import { ChainReadError } from "../../core";
import { blockHashOf, provenAccount, provenStorage } from "../../core/chain/proof";

/** Block 1 of a fresh Hardhat 2.29 node and of anvil 1.7.1, as eth_getBlockByNumber answered (Prague headers). */
const HARDHAT_HEADER = {
  hash: "0xcfa5ebad99482e35c9898dd8a3a92c1a652401cb896b6e63e1d2094af1765c0c",
  parentHash: "0xdaa168e7a5850a76d39cf94d70b0d710b856f53602914b7a5f8b7a2ef7ec32f6",
  sha3Uncles: "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
  stateRoot: "0xc2b8dc215b5234bd853bb9c2895bb0c2c2642e81d4ed7c370cf716ca269d34e7",
  transactionsRoot: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
  receiptsRoot: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
  number: "0x1",
  gasUsed: "0x0",
  gasLimit: "0x3938700",
  extraData: "0x",
  logsBloom: `0x${"0".repeat(512)}`,
  timestamp: "0x6b17257a",
  difficulty: "0x0",
  mixHash: "0xf4fbfa6c8463f342eb58838d8c6b0661faf22e7076a518bf4deaddbf3fa8a112",
  nonce: "0x0000000000000000",
  baseFeePerGas: "0x342770c0",
  miner: "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e",
  withdrawalsRoot: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
  blobGasUsed: "0x0",
  excessBlobGas: "0x0",
  parentBeaconBlockRoot: "0xdd8876ba5af271ae9d93ececb192d6a7b4e6094ca5999756336279fd796b8619",
  requestsHash: "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
};
const ANVIL_HEADER = {
  hash: "0x19b72e35e5c48097d4e6a5fb1889baafb76a27896a14634b5e6bff70f3d7dfdf",
  parentHash: "0x3415937b3691374ccddc82477105e620f69ac32c8ff8a49f411bc2749c6a07f2",
  sha3Uncles: "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
  miner: "0x0000000000000000000000000000000000000000",
  stateRoot: "0x2c894c0f3bbe2c8358f98514abb538c5ec69a2986cc90a175a3a8fc1b878ca35",
  transactionsRoot: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
  receiptsRoot: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
  logsBloom: `0x${"0".repeat(512)}`,
  difficulty: "0x0",
  number: "0x1",
  gasLimit: "0x1c9c380",
  gasUsed: "0x0",
  timestamp: "0x6b17257d",
  extraData: "0x",
  mixHash: "0xf735a1d151f114dfda3d3e37552a2ff6436711207348ccba5d4b8d094ebf85bf",
  nonce: "0x0000000000000000",
  baseFeePerGas: "0x3b9aca00",
  withdrawalsRoot: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
  blobGasUsed: "0x0",
  excessBlobGas: "0x0",
  parentBeaconBlockRoot: "0x0000000000000000000000000000000000000000000000000000000000000000",
  requestsHash: "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  totalDifficulty: "0x0",
};

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const slotKey = (slot: bigint): Uint8Array => getBytes(keccak256(zeroPadValue(toBeHex(slot), 32)));

/** A storage trie holding `words`, and the state trie holding one account with that storage. */
async function world(words: Record<number, bigint>) {
  const storage = await createMPT();
  for (const [slot, value] of Object.entries(words))
    await storage.put(slotKey(BigInt(slot)), getBytes(encodeRlp(toBeHex(value))));
  const storageRoot = hexlify(storage.root());
  const state = await createMPT();
  await state.put(getBytes(keccak256(REGISTRY)), getBytes(encodeRlp(["0x01", "0x", storageRoot, keccak256("0x6000")])));
  // Other accounts, so the proofs have branches to tamper with.
  for (let i = 1; i < 40; i++)
    await state.put(
      getBytes(keccak256(toBeHex(i, 20))),
      getBytes(encodeRlp(["0x", "0x05", keccak256("0x"), keccak256("0x")])),
    );
  const storageProof = async (slot: bigint) =>
    (await createMerkleProof(storage, slotKey(slot))).map((node) => hexlify(node));
  const accountProof = (await createMerkleProof(state, getBytes(keccak256(REGISTRY)))).map((node) => hexlify(node));
  return { stateRoot: hexlify(state.root()), storageRoot, storageProof, accountProof };
}

const proofProblem = async (work: Promise<unknown>): Promise<string> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the tampered proof was accepted").to.be.instanceOf(ChainReadError);
  return (error as ChainReadError).code;
};

/** The proof with one byte of node `index` changed. */
const flipped = (proof: string[], index: number): string[] =>
  proof.map((node, i) => (i === index ? `${node.slice(0, 10)}${node[10] === "0" ? "1" : "0"}${node.slice(11)}` : node));

describe("proofs of the chain's state", () => {
  it("hashes the block headers of Hardhat and anvil to the hashes they state", () => {
    expect(blockHashOf(HARDHAT_HEADER)).to.equal(HARDHAT_HEADER.hash);
    expect(blockHashOf(ANVIL_HEADER)).to.equal(ANVIL_HEADER.hash);
  });

  it("hashes any change of a header field to another hash", () => {
    for (const [field, value] of Object.entries({
      stateRoot: `0x${"11".repeat(32)}`,
      timestamp: "0x6b17257b",
      requestsHash: `0x${"00".repeat(32)}`,
    }))
      expect(blockHashOf({ ...HARDHAT_HEADER, [field]: value }), field).to.not.equal(HARDHAT_HEADER.hash);
    // A header without the Prague field is a pre-Prague header: another hash, not an error.
    const { requestsHash: _dropped, ...cancun } = HARDHAT_HEADER;
    expect(blockHashOf(cancun)).to.not.equal(HARDHAT_HEADER.hash);
  });

  it("refuses a header missing a field that a later field requires", () => {
    const { withdrawalsRoot: _dropped, ...gapped } = HARDHAT_HEADER;
    expect(() => blockHashOf(gapped))
      .to.throw(ChainReadError, "without the fields before it")
      .with.property("code", "CHAIN_PROOF_INVALID");
  });

  it("proves an account and its storage words, and unwritten slots as zero", async () => {
    const w = await world({ 3: 0xabcdefn, 7: 1n << 200n });
    const account = await provenAccount(w.stateRoot, REGISTRY, w.accountProof);
    expect(account.storageRoot).to.equal(w.storageRoot);
    expect(account.nonce).to.equal(1n);
    expect(await provenStorage(w.storageRoot, 3n, await w.storageProof(3n))).to.equal(0xabcdefn);
    expect(await provenStorage(w.storageRoot, 7n, await w.storageProof(7n))).to.equal(1n << 200n);
    expect(await provenStorage(w.storageRoot, 5n, await w.storageProof(5n))).to.equal(0n);
  });

  it("refuses tampered proofs", async () => {
    const w = await world({ 3: 0xabcdefn, 4: 9n });
    const proof3 = await w.storageProof(3n);
    const cases: [string, Promise<unknown>][] = [
      [
        "a changed byte in the account's leaf",
        provenAccount(w.stateRoot, REGISTRY, flipped(w.accountProof, w.accountProof.length - 1)),
      ],
      ["a changed byte in the root node", provenAccount(w.stateRoot, REGISTRY, flipped(w.accountProof, 0))],
      ["a node left out", provenAccount(w.stateRoot, REGISTRY, w.accountProof.slice(0, -1))],
      ["an empty proof", provenAccount(w.stateRoot, REGISTRY, [])],
      ["another state root", provenAccount(keccak256("0x01"), REGISTRY, w.accountProof)],
      ["not a list of nodes", provenAccount(w.stateRoot, REGISTRY, "0x1234")],
      ["a storage proof under another root", provenStorage(keccak256("0x01"), 3n, proof3)],
      ["a changed byte in the storage leaf", provenStorage(w.storageRoot, 3n, flipped(proof3, proof3.length - 1))],
      ["the proof of slot 3 for slot 4", provenStorage(w.storageRoot, 4n, proof3)],
    ];
    for (const [tampering, work] of cases) expect(await proofProblem(work), tampering).to.equal("CHAIN_PROOF_INVALID");
  });
});
