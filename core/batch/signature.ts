import { secp256k1 } from "@noble/curves/secp256k1";
import { Signature, getAddress } from "ethers";
import type { TypedDataDomain, TypedDataField } from "ethers";
import { bytesToHex, hexToBytes } from "../crypto/hex";
import { keccak256Bytes } from "../crypto/keccak";
import type { Hex32 } from "../credential/schema";

/** What the university's signer key signs for a batch. */
export interface BatchStatement {
  chainId: number;
  /** The CertificateRegistry the batch is anchored in. */
  registry: string;
  root: Hex32;
  count: number;
  /** The university's id in the IssuerRegistry. */
  issuer: number;
}

/** A key that signs EIP-712 typed data; an ethers `Wallet` or `Signer` fits as it is. */
export interface TypedDataSigner {
  getAddress(): Promise<string>;
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

export const BATCH_TYPES: Record<string, TypedDataField[]> = {
  Batch: [
    { name: "root", type: "bytes32" },
    { name: "count", type: "uint32" },
    { name: "issuer", type: "uint32" },
  ],
};

/** EIP-712 domain: bound to the chain and to the registry, so a signature cannot be replayed elsewhere. */
export function batchDomain(chainId: number, registry: string): TypedDataDomain {
  return { name: "Tasdiq", version: "1", chainId, verifyingContract: registry };
}

function batchValue(statement: BatchStatement): Record<string, unknown> {
  return { root: statement.root, count: statement.count, issuer: statement.issuer };
}

// The EIP-712 encoding of BATCH_TYPES and batchDomain, written out: ethers' general TypedDataEncoder
// took a large share of each verification. test/core/signature.test.ts holds the two equal.
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const DOMAIN_TYPE_HASH = keccak256Bytes(
  utf8("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
);
const BATCH_TYPE_HASH = keccak256Bytes(utf8("Batch(bytes32 root,uint32 count,uint32 issuer)"));
const NAME_HASH = keccak256Bytes(utf8("Tasdiq"));
const VERSION_HASH = keccak256Bytes(utf8("1"));

/** `value` as a 32-byte big-endian word at `offset`; throws outside [0, 2^bits). */
function putUint(target: Uint8Array, offset: number, value: number, bits: 32 | 53, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || (bits === 32 && value > 0xffffffff)) {
    throw new RangeError(`${what} is not a uint${bits === 32 ? 32 : 256}: ${value}`);
  }
  for (let i = 31, rest = value; rest > 0; i--, rest = Math.floor(rest / 256)) target[offset + i] = rest % 256;
}

const domainSeparators = new Map<string, Uint8Array>();

function domainSeparator(chainId: number, registry: string): Uint8Array {
  const key = `${chainId}|${registry}`;
  let separator = domainSeparators.get(key);
  if (separator === undefined) {
    const encoded = new Uint8Array(160);
    encoded.set(DOMAIN_TYPE_HASH, 0);
    encoded.set(NAME_HASH, 32);
    encoded.set(VERSION_HASH, 64);
    putUint(encoded, 96, chainId, 53, "chainId");
    // getAddress rejects what ethers rejects: a malformed address or a wrong checksum.
    encoded.set(hexToBytes(getAddress(registry)), 140);
    separator = keccak256Bytes(encoded);
    if (domainSeparators.size >= 64) domainSeparators.clear();
    domainSeparators.set(key, separator);
  }
  return separator;
}

function digestBytes(statement: BatchStatement): Uint8Array {
  const root = hexToBytes(statement.root);
  if (root.length !== 32) throw new RangeError(`root is not 32 bytes: ${statement.root}`);
  const struct = new Uint8Array(128);
  struct.set(BATCH_TYPE_HASH, 0);
  struct.set(root, 32);
  putUint(struct, 64, statement.count, 32, "count");
  putUint(struct, 96, statement.issuer, 32, "issuer");
  const message = new Uint8Array(66);
  message[0] = 0x19;
  message[1] = 0x01;
  message.set(domainSeparator(statement.chainId, statement.registry), 2);
  message.set(keccak256Bytes(struct), 34);
  return keccak256Bytes(message);
}

/** The EIP-712 digest the signer signs (for independent implementations and test vectors). */
export function batchDigest(statement: BatchStatement): Hex32 {
  return bytesToHex(digestBytes(statement)) as Hex32;
}

export async function signBatch(
  signer: TypedDataSigner,
  statement: BatchStatement,
): Promise<{ signer: string; signature: string }> {
  const signature = await signer.signTypedData(
    batchDomain(statement.chainId, statement.registry),
    BATCH_TYPES,
    batchValue(statement),
  );
  return { signer: await signer.getAddress(), signature };
}

type Point = InstanceType<typeof secp256k1.ProjectivePoint>;
const N = secp256k1.CURVE.n;
const modN = (value: bigint): bigint => ((value % N) + N) % N;

/** Modular inverse by the extended Euclidean algorithm; `value` is in [1, N). */
function invertN(value: bigint): bigint {
  let [a, b, x, y] = [value, N, 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b, x, y] = [b, a - q * b, y, x - q * y];
  }
  return modN(x);
}

/**
 * Signer keys with a multiplication table, by address: a university signs batch after batch with the
 * same key, and checking a signature against a known key with its table is several times cheaper than
 * recovering the key. A table costs about ten recoveries to build, so a key earns one only after
 * {@link TABLE_AFTER} full recoveries as the stated signer: anyone can make keys, and a table built
 * for every key a stranger signs with would let each request cost the verifier ten.
 */
const knownKeys = new Map<string, { key: Point; address: string }>();
const KNOWN_KEYS_SIZE = 64;
const TABLE_AFTER = 16;
/** Full recoveries of each stated signer's key not yet in {@link knownKeys}. */
const recoveriesOf = new Map<string, number>();
const RECOVERIES_SIZE = 1024;

function remember(address: string, key: Point): void {
  const id = address.toLowerCase();
  if (knownKeys.has(id)) return;
  const count = (recoveriesOf.get(id) ?? 0) + 1;
  recoveriesOf.delete(id);
  if (count < TABLE_AFTER) {
    if (recoveriesOf.size >= RECOVERIES_SIZE) recoveriesOf.delete(recoveriesOf.keys().next().value as string);
    recoveriesOf.set(id, count);
    return;
  }
  if (knownKeys.size >= KNOWN_KEYS_SIZE) knownKeys.delete(knownKeys.keys().next().value as string);
  key._setWindowSize(8);
  knownKeys.set(id, { key, address });
}

/**
 * Whether recovering the signature would give `key`: P = (h/s)·G + (r/s)·key is the signature's R
 * exactly when x(P) = r and P's y has the parity the recovery bit names, and recovery from that R
 * gives back `key`. Used only to confirm; a mismatch falls back to the full recovery.
 */
function recoversTo(key: Point, digest: Uint8Array, r: bigint, s: bigint, yParity: number): boolean {
  const h = modN(BigInt(bytesToHex(digest)));
  const sInverse = invertN(s);
  const u1 = modN(h * sInverse);
  const u2 = modN(r * sInverse);
  if (u1 === 0n || u2 === 0n) return false;
  const point = secp256k1.ProjectivePoint.BASE.multiply(u1).add(key.multiply(u2));
  if (point.equals(secp256k1.ProjectivePoint.ZERO)) return false;
  const { x, y } = point.toAffine();
  return x === r && Number(y & 1n) === yParity;
}

function recover(statement: BatchStatement, signature: string, expected: string | undefined): string {
  // ethers' parsing: 65 bytes or EIP-2098's 64, v of 27/28 (or 0/1), s with its top bit clear.
  const parsed = Signature.from(signature);
  const digest = digestBytes(statement);
  const r = BigInt(parsed.r);
  const s = BigInt(parsed.s);
  // Throws, as recovery does, for r or s outside [1, N).
  new secp256k1.Signature(r, s).assertValidity();
  const known = expected === undefined ? undefined : knownKeys.get(expected.toLowerCase());
  if (known !== undefined && recoversTo(known.key, digest, r, s, parsed.yParity)) return known.address;
  const key = new secp256k1.Signature(r, s).addRecoveryBit(parsed.yParity).recoverPublicKey(digest);
  const address = getAddress(bytesToHex(keccak256Bytes(key.toRawBytes(false).subarray(1)).subarray(12)));
  if (address.toLowerCase() === expected?.toLowerCase()) remember(address, key);
  return address;
}

const recovered = new Map<string, string>();
const RECOVERY_CACHE_SIZE = 1024;

/**
 * The address that signed `statement`. Every certificate of a batch carries the same signature, so
 * recoveries are cached (bounded) to verify many certificates of one batch quickly. `expected`, the
 * signer the credential states, only speeds up the answer once that key has been recovered often;
 * the answer is the recovered address whatever it says.
 */
export function recoverBatchSigner(statement: BatchStatement, signature: string, expected?: string): string {
  const key =
    `${statement.chainId}|${statement.registry}|${statement.root}|${statement.count}|${statement.issuer}|${signature}`.toLowerCase();
  let address = recovered.get(key);
  if (address === undefined) {
    address = recover(statement, signature, expected);
    if (recovered.size >= RECOVERY_CACHE_SIZE) recovered.delete(recovered.keys().next().value as string);
    recovered.set(key, address);
  }
  return address;
}
