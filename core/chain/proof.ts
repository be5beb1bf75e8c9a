import { verifyMerkleProof } from "@ethereumjs/mpt";
import { decodeRlp, encodeRlp, getBytes, isHexString, keccak256, toBeArray, toBeHex, zeroPadValue } from "ethers";
import { ChainReadError } from "../errors";

/**
 * Checking what a node says against the chain itself: a block header against its hash, an account
 * against the state root of that header, a storage word against the account's storage root
 * (Merkle-Patricia proofs of `eth_getProof`, EIP-1186). Pure functions: the caller brings the
 * node's answers, a wrong answer throws {@link ChainReadError} `CHAIN_PROOF_INVALID`.
 */

/** A block header as `eth_getBlockByNumber` answers it (hex strings), extra fields ignored. */
export type BlockHeader = Record<string, unknown>;

/**
 * The header fields in the order the block hash covers them. Forks appended fields at the end
 * (London: base fee; Shanghai: withdrawals; Cancun: blob gas and beacon root; Prague: requests), so
 * a header has a prefix of the optional ones. `quantity` fields are numbers, RLP-encoded without
 * leading zeros; the others are byte strings as they are.
 */
const HEADER_FIELDS = [
  ["parentHash", "data"],
  ["sha3Uncles", "data"],
  ["miner", "data"],
  ["stateRoot", "data"],
  ["transactionsRoot", "data"],
  ["receiptsRoot", "data"],
  ["logsBloom", "data"],
  ["difficulty", "quantity"],
  ["number", "quantity"],
  ["gasLimit", "quantity"],
  ["gasUsed", "quantity"],
  ["timestamp", "quantity"],
  ["extraData", "data"],
  ["mixHash", "data"],
  ["nonce", "data"],
] as const;
const OPTIONAL_HEADER_FIELDS = [
  ["baseFeePerGas", "quantity"],
  ["withdrawalsRoot", "data"],
  ["blobGasUsed", "quantity"],
  ["excessBlobGas", "quantity"],
  ["parentBeaconBlockRoot", "data"],
  ["requestsHash", "data"],
] as const;

export const proofError = (message: string, cause?: unknown): ChainReadError =>
  new ChainReadError("CHAIN_PROOF_INVALID", message, { cause });

function hexField(header: BlockHeader, name: string): string {
  const value = header[name];
  if (typeof value !== "string" || !isHexString(value)) throw proofError(`the block header has no valid ${name}`);
  return value;
}

/** The header's hash, computed from its fields (never the `hash` the node states). */
export function blockHashOf(header: BlockHeader): string {
  const encode = ([name, kind]: readonly [string, "data" | "quantity"]): string => {
    const value = hexField(header, name);
    if (kind === "quantity") return encodeQuantity(BigInt(value));
    if (value.length % 2 !== 0) throw proofError(`the block header's ${name} is not whole bytes`);
    return value;
  };
  const fields = HEADER_FIELDS.map(encode);
  let ended = false;
  for (const field of OPTIONAL_HEADER_FIELDS) {
    const present = header[field[0]] !== undefined && header[field[0]] !== null;
    if (present && ended) throw proofError(`the block header has ${field[0]} without the fields before it`);
    if (!present) ended = true;
    else fields.push(encode(field));
  }
  return keccak256(encodeRlp(fields));
}

/** A number as RLP wants it: big-endian without leading zero bytes, zero as the empty string. */
const encodeQuantity = (value: bigint): string => (value === 0n ? "0x" : toBeHex(value));

async function provenValue(root: string, key: string, proof: unknown, what: string): Promise<Uint8Array | null> {
  if (!Array.isArray(proof) || !proof.every((node) => typeof node === "string" && isHexString(node)))
    throw proofError(`the proof of ${what} is not a list of trie nodes`);
  try {
    return await verifyMerkleProof(
      getBytes(keccak256(key)),
      proof.map((node: string) => getBytes(node)),
      { root: getBytes(root) },
    );
  } catch (error) {
    throw proofError(`the proof of ${what} does not lead to the state root`, error);
  }
}

export interface ProvenAccount {
  nonce: bigint;
  balance: bigint;
  storageRoot: string;
  codeHash: string;
}

/** The trie root of an account without storage (keccak of RLP of the empty string). */
const EMPTY_TRIE_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
const EMPTY_CODE_HASH = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";

const quantityOf = (value: string): bigint => (value === "0x" ? 0n : BigInt(value));

/** The account `address` in the state whose root is `stateRoot`, from its proof; an absent account is empty. */
export async function provenAccount(stateRoot: string, address: string, proof: unknown): Promise<ProvenAccount> {
  const value = await provenValue(stateRoot, address, proof, `account ${address}`);
  if (value === null) return { nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH };
  const fields = decodeRlp(value);
  if (!Array.isArray(fields) || fields.length !== 4 || !fields.every((field) => typeof field === "string"))
    throw proofError(`account ${address} is not an account`);
  const [nonce, balance, storageRoot, codeHash] = fields as [string, string, string, string];
  return { nonce: quantityOf(nonce), balance: quantityOf(balance), storageRoot, codeHash };
}

/** The storage word at `slot` under `storageRoot`, from its proof; 0 when the slot was never written. */
export async function provenStorage(storageRoot: string, slot: bigint, proof: unknown): Promise<bigint> {
  const key = zeroPadValue(toBeArray(slot), 32);
  const value = await provenValue(storageRoot, key, proof, `storage slot ${key}`);
  if (value === null) return 0n;
  const word = decodeRlp(value);
  if (typeof word !== "string" || word.length > 66) throw proofError(`storage slot ${key} holds no word`);
  return quantityOf(word);
}
