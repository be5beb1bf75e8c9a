import {
  concat,
  getAddress,
  id,
  isHexString,
  keccak256,
  toBeArray,
  toQuantity,
  toUtf8String,
  zeroPadValue,
} from "ethers";
import type { Deployment } from "../deployment";
import { ChainReadError } from "../errors";
import { blockHashOf, proofError, provenAccount, provenStorage } from "./proof";
import type { ProvenAccount } from "./proof";
import type { BlockHeader } from "./proof";
import type { AnchorStatus, ChainReader, Interval, RegisteredUniversity } from "./reader";
import { STATE_SLOTS, STRUCT_FIELDS } from "./storage-layout";
import type { StorageField } from "./storage-layout";

/** Sends one JSON-RPC request to a node and resolves with its `result` (rejects on an error answer). */
export type JsonRpcTransport = (method: string, params: unknown[]) => Promise<unknown>;

/** A node the verifier reads through, named in the messages that say which node disagreed or lied. */
export interface ChainEndpoint {
  name: string;
  send: JsonRpcTransport;
}

export interface ProofReaderOptions {
  /**
   * How long a checked block is read at before the nodes are asked for their head again. With 0,
   * only reads started while the block is being checked share it; every later read is of a new head.
   */
  blockReuseMs?: number;
  now?: () => number;
  /**
   * A block whose hash is trusted already (a checkpoint): every read is made at it, its header must
   * hash to `hash`, and the nodes are not asked for their head.
   */
  checkpoint?: { number: number; hash: string };
  /**
   * Calls `flush` once the reads started alongside have joined (by default after the current
   * microtasks); a server under load passes `setImmediate`, gathering the reads of every request
   * that arrived in one turn of its event loop.
   */
  gather?: (flush: () => void) => void;
}

/** A block whose header hashes to the hash every configured node gave for its number. */
interface CheckedBlock {
  number: number;
  hash: string;
  stateRoot: string;
}

const TWO_256 = 1n << 256n;
/** How long a node that has not yet seen the newest block is waited for: a few block intervals of a local chain. */
const LAGGING_NODE_RETRIES = 10;
const LAGGING_NODE_WAIT_MS = 200;
const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const ANCHORED_TOPIC = id("Anchored(uint32,bytes32,uint32)");
/** Slots asked in one eth_getProof at most: nodes bound a request's size. */
const MAX_SLOTS_PER_PROOF = 256;

const word = (value: bigint): string => zeroPadValue(toBeArray(value), 32);
const slotOf = (hash: string): bigint => BigInt(hash);
/** The slot of `mapping[key]` for a mapping at `slot` (`key` as its 32-byte word). */
const mappingSlot = (key: string, slot: bigint): bigint => slotOf(keccak256(concat([key, word(slot)])));
/** The first slot of the elements of a dynamic array (or the data of a long string) whose length is at `slot`. */
const dataSlot = (slot: bigint): bigint => slotOf(keccak256(word(slot)));
const plus = (slot: bigint, n: number | bigint): bigint => (slot + BigInt(n)) % TWO_256;
const member = (base: bigint, field: StorageField): bigint => plus(base, field.slot);
const fieldOf = (value: bigint, field: StorageField): bigint =>
  (value >> BigInt(field.offset * 8)) & ((1n << BigInt(field.bytes * 8)) - 1n);

const uintKey = (value: number): string => word(BigInt(value));
/** A `bytesN` key is left-aligned in its word. */
const countryKey = (code: string): string =>
  `0x${Array.from(code, (char) => char.charCodeAt(0).toString(16).padStart(2, "0")).join("")}${"0".repeat(60)}`;
const countryOf = (value: bigint): string => String.fromCharCode(Number(value >> 8n), Number(value & 0xffn));
const addressOf = (value: bigint): string => getAddress(zeroPadValue(toBeArray(value), 20));

const UNIVERSITY = STRUCT_FIELDS["IssuerRegistry.UniversityRecord"];
const MINISTRY = STRUCT_FIELDS["IssuerRegistry.MinistryRecord"];
const NAMES = STRUCT_FIELDS["IIssuerRegistry.Names"];
const INTERVAL = STRUCT_FIELDS["IIssuerRegistry.Interval"];
const SIGNER_KEY = STRUCT_FIELDS["IIssuerRegistry.SignerKey"];
const BATCH = STRUCT_FIELDS["ICertificateRegistry.Batch"];
const REVOCATION = STRUCT_FIELDS["ICertificateRegistry.Revocation"];
const ISSUERS = STATE_SLOTS.IssuerRegistry;
const CERTIFICATES = STATE_SLOTS.CertificateRegistry;

function checkIssuer(issuer: number): void {
  if (!Number.isInteger(issuer) || issuer < 0 || issuer > 0xffffffff) throw new RangeError("issuer is not a uint32");
}

/** `intervals` covers `t`: the newest interval started at or before `t` is still open at `t` (IssuerRegistry._covers). */
function covers(intervals: readonly Interval[], t: number): boolean {
  const last = intervals.findLast((interval) => interval.from <= t);
  return last !== undefined && (last.until === 0 || t < last.until);
}

interface StorageProofAnswer {
  accountProof: unknown;
  storageHash: string;
  storageProof: { key: string; value: string; proof: unknown }[];
}

function isProofAnswer(answer: unknown, slots: number): answer is StorageProofAnswer {
  if (typeof answer !== "object" || answer === null) return false;
  const { storageHash, storageProof } = answer as Partial<StorageProofAnswer>;
  return (
    typeof storageHash === "string" &&
    Array.isArray(storageProof) &&
    storageProof.length === slots &&
    storageProof.every(
      (entry) => typeof entry?.key === "string" && typeof entry.value === "string" && isHexString(entry.value),
    )
  );
}

/**
 * A {@link ChainReader} that believes no node: every fact is a storage word of the registries, read
 * with `eth_getProof` at one block and verified against that block's state root; the header is
 * hashed here, and its hash must be the one every configured node gives for that block number. With
 * several nodes (run by different parties), a node lying about the chain's state is outvoted rather
 * than believed: the nodes then disagree and the answer is "cannot check" (`CHAIN_NODES_DISAGREE`).
 * Answers that do not verify give `CHAIN_PROOF_INVALID`.
 *
 * The anchoring transaction is the exception: it is found in the event logs, which no state proof
 * covers; it is only shown, never decides a check, and every node must report the same one.
 */
export function createProofChainReader(
  endpoints: readonly ChainEndpoint[],
  deployment: Deployment,
  { blockReuseMs = 0, now = Date.now, checkpoint, gather = queueMicrotask }: ProofReaderOptions = {},
): ChainReader {
  if (endpoints.length === 0) throw new RangeError("at least one chain endpoint is needed");
  // Proofs are asked of the first node only: they are checked, not believed.
  const primary = endpoints[0] as ChainEndpoint;

  async function ask(endpoint: ChainEndpoint, method: string, params: unknown[]): Promise<unknown> {
    try {
      return await endpoint.send(method, params);
    } catch (error) {
      throw new ChainReadError("CHAIN_UNREACHABLE", `${endpoint.name} did not answer ${method}`, { cause: error });
    }
  }

  let chainChecked: Promise<void> | undefined;
  const checkChain = async (): Promise<void> => {
    await Promise.all(
      endpoints.map(async (endpoint) => {
        const chainId = Number(BigInt(String(await ask(endpoint, "eth_chainId", []))));
        if (chainId !== deployment.chainId)
          throw new ChainReadError(
            "CHAIN_MISMATCH",
            `${endpoint.name} serves chain ${chainId}, not ${deployment.chainId}`,
          );
      }),
    );
  };

  async function headerAt(endpoint: ChainEndpoint, number: number | "latest"): Promise<BlockHeader> {
    for (let attempt = 0; ; attempt++) {
      const tag = number === "latest" ? number : toQuantity(number);
      const header = await ask(endpoint, "eth_getBlockByNumber", [tag, false]);
      if (typeof header === "object" && header !== null) return header as BlockHeader;
      if (attempt >= LAGGING_NODE_RETRIES)
        throw new ChainReadError("CHAIN_NODES_DISAGREE", `${endpoint.name} has no block ${number}`);
      await new Promise((resolve) => setTimeout(resolve, LAGGING_NODE_WAIT_MS));
    }
  }

  /**
   * The newest block any node reports (an older one could hide a recent revocation), once every node
   * has given a header for it that hashes to the same value; or the checkpoint, when there is one.
   */
  async function checkBlock(): Promise<CheckedBlock> {
    chainChecked ??= checkChain().catch((error: unknown) => {
      chainChecked = undefined;
      throw error;
    });
    await chainChecked;
    // Each node's newest header in one request; a node behind the newest is asked for that block.
    const latest = checkpoint
      ? undefined
      : await Promise.all(endpoints.map((endpoint) => headerAt(endpoint, "latest")));
    const number =
      checkpoint?.number ?? Math.max(...(latest ?? []).map((header) => Number(BigInt(String(header.number)))));
    const headers = await Promise.all(
      endpoints.map((endpoint, i) => {
        const header = latest?.[i];
        return header && Number(BigInt(String(header.number))) === number ? header : headerAt(endpoint, number);
      }),
    );
    const hashes = headers.map((header, i) => {
      const hash = blockHashOf(header);
      const endpoint = (endpoints[i] as ChainEndpoint).name;
      if (
        typeof header.hash !== "string" ||
        header.hash.toLowerCase() !== hash ||
        BigInt(String(header.number)) !== BigInt(number)
      )
        throw proofError(`${endpoint} gave a header for block ${number} that does not hash to the hash it states`);
      return hash;
    });
    const hash = hashes[0] as string;
    if (checkpoint && hash !== checkpoint.hash.toLowerCase())
      throw proofError(`block ${number} is ${hash}, not the trusted ${checkpoint.hash}`);
    const other = hashes.findIndex((h) => h !== hash);
    if (other !== -1)
      throw new ChainReadError(
        "CHAIN_NODES_DISAGREE",
        `block ${number} is ${hash} for ${primary.name} but ${hashes[other]} for ${(endpoints[other] as ChainEndpoint).name}`,
      );
    const stateRoot = String(headers[0]?.stateRoot);
    if (!HEX32.test(stateRoot)) throw proofError(`block ${number} has no state root`);
    return { number, hash, stateRoot: stateRoot.toLowerCase() };
  }

  let current: { block: Promise<CheckedBlock>; checkedAt?: number } | undefined;
  function checkedBlock(): Promise<CheckedBlock> {
    if (current && (current.checkedAt === undefined || now() - current.checkedAt < blockReuseMs)) return current.block;
    const entry: { block: Promise<CheckedBlock>; checkedAt?: number } = { block: checkBlock() };
    entry.block.then(
      () => (entry.checkedAt = now()),
      () => {
        if (current === entry) current = undefined;
      },
    );
    current = entry;
    return entry.block;
  }

  // An account proven at a state root stays proven: every verification within a block reads the same
  // two registries, so each account proof is checked once a block, not once a read.
  const provenAccounts = new Map<string, Promise<ProvenAccount>>();
  function accountAt(stateRoot: string, address: string, proof: unknown): Promise<ProvenAccount> {
    const key = `${stateRoot}:${address.toLowerCase()}`;
    let account = provenAccounts.get(key);
    if (!account) {
      account = provenAccount(stateRoot, address, proof);
      provenAccounts.set(key, account);
      account.catch(() => provenAccounts.delete(key));
      // The two registries at the last few blocks are all a reader needs.
      if (provenAccounts.size > 8) provenAccounts.delete(provenAccounts.keys().next().value as string);
    }
    return account;
  }

  /** The storage words at `slots` of `address`, each proven against the checked block's state root. */
  async function provenWords(block: CheckedBlock, address: string, slots: readonly bigint[]): Promise<bigint[]> {
    const answer = await ask(primary, "eth_getProof", [address, slots.map(word), toQuantity(block.number)]);
    if (!isProofAnswer(answer, slots.length)) throw proofError(`${primary.name} answered eth_getProof with no proof`);
    const account = await accountAt(block.stateRoot, address, answer.accountProof);
    if (account.storageRoot.toLowerCase() !== answer.storageHash.toLowerCase())
      throw proofError(`${primary.name} stated another storage root for ${address} than the proven one`);
    if (account.codeHash === keccak256("0x"))
      throw new ChainReadError("CHAIN_UNREACHABLE", `no registry at ${address} in block ${block.number}`);
    return Promise.all(
      slots.map(async (slot, i) => {
        const entry = answer.storageProof[i] as StorageProofAnswer["storageProof"][number];
        if (BigInt(entry.key) !== slot) throw proofError(`${primary.name} proved another slot than the one asked`);
        const value = await provenStorage(account.storageRoot, slot, entry.proof);
        if (BigInt(entry.value) !== value)
          throw proofError(
            `${primary.name} stated another value for slot ${word(slot)} of ${address} than the proven one`,
          );
        return value;
      }),
    );
  }

  // Reads of one registry at one block started close together (within one `gather` turn) share one
  // eth_getProof: a flood of verifications then costs the node and this reader a request per turn,
  // not one per certificate.
  const gatherings = new Map<string, { slots: Map<string, bigint>; words: Promise<Map<string, bigint>> }>();
  function gathered(block: CheckedBlock, address: string, slots: readonly bigint[]): Promise<Map<string, bigint>> {
    const key = `${block.hash}:${address}`;
    let gathering = gatherings.get(key);
    if (!gathering || gathering.slots.size + slots.length > MAX_SLOTS_PER_PROOF) {
      const next = { slots: new Map<string, bigint>(), words: Promise.resolve(new Map<string, bigint>()) };
      next.words = new Promise<void>((resolve) => gather(resolve)).then(async () => {
        if (gatherings.get(key) === next) gatherings.delete(key);
        const asked = [...next.slots.values()];
        const values = await provenWords(block, address, asked);
        return new Map(asked.map((slot, i) => [word(slot), values[i] as bigint]));
      });
      gatherings.set(key, (gathering = next));
    }
    for (const slot of slots) gathering.slots.set(word(slot), slot);
    return gathering.words;
  }

  async function words(block: CheckedBlock, address: string, slots: readonly bigint[]): Promise<bigint[]> {
    if (slots.length === 0) return [];
    const values = await gathered(block, address, slots);
    return slots.map((slot) => values.get(word(slot)) as bigint);
  }

  /** Strings whose heads (length and, when short, the bytes) are `heads`, kept at the slots `at`. */
  async function strings(block: CheckedBlock, address: string, at: bigint[], heads: bigint[]): Promise<string[]> {
    // Solidity keeps a string of up to 31 bytes in its slot (length × 2 in the last byte), a longer
    // one at keccak(slot) onwards with length × 2 + 1 in the slot.
    const long = heads.map((head, i) => {
      if ((head & 1n) === 0n) return undefined;
      const length = Number((head - 1n) / 2n);
      const first = dataSlot(at[i] as bigint);
      return { length, slots: Array.from({ length: Math.ceil(length / 32) }, (_, k) => plus(first, k)) };
    });
    const data = await words(
      block,
      address,
      long.flatMap((entry) => entry?.slots ?? []),
    );
    let next = 0;
    return heads.map((head, i) => {
      const entry = long[i];
      if (!entry) return toUtf8String(word(head).slice(0, 2 + Number(head & 0xffn)));
      const bytes = concat(data.slice(next, (next += entry.slots.length)).map(word));
      return toUtf8String(bytes.slice(0, 2 + entry.length * 2));
    });
  }

  /** A dynamic array of intervals whose length is at `slot`. */
  async function intervals(block: CheckedBlock, address: string, slot: bigint, length: bigint): Promise<Interval[]> {
    const first = dataSlot(slot);
    const values = await words(
      block,
      address,
      Array.from({ length: Number(length) }, (_, i) => plus(first, i)),
    );
    return values.map((value) => ({
      from: Number(fieldOf(value, INTERVAL.from)),
      until: Number(fieldOf(value, INTERVAL.until)),
    }));
  }

  const issuerRegistry = deployment.issuerRegistry;
  const universityBase = (id: number): bigint => mappingSlot(uintKey(id), BigInt(ISSUERS._universities));
  const ministryBase = (country: string): bigint => mappingSlot(countryKey(country), BigInt(ISSUERS._ministries));

  async function read<T>(what: string, body: (block: CheckedBlock) => Promise<T>): Promise<T> {
    try {
      return await body(await checkedBlock());
    } catch (error) {
      if (error instanceof ChainReadError || error instanceof RangeError) throw error;
      throw new ChainReadError("CHAIN_UNREACHABLE", `could not read ${what} from the chain`, { cause: error });
    }
  }

  async function historyOf(block: CheckedBlock, base: bigint, field: StorageField): Promise<Interval[]> {
    const [length] = (await words(block, issuerRegistry, [member(base, field)])) as [bigint];
    return intervals(block, issuerRegistry, member(base, field), length);
  }

  async function ministryAt(block: CheckedBlock, country: string) {
    const base = ministryBase(country);
    const nameSlots = [NAMES.ar, NAMES.en, NAMES.fr].map((name) => member(member(base, MINISTRY.names), name));
    const [account, ...heads] = await words(block, issuerRegistry, [member(base, MINISTRY.account), ...nameSlots]);
    if (fieldOf(account as bigint, MINISTRY.account) === 0n) return undefined;
    const [ar, en, fr] = (await strings(block, issuerRegistry, nameSlots, heads)) as [string, string, string];
    return { account: addressOf(fieldOf(account as bigint, MINISTRY.account)), names: { ar, en, fr } };
  }

  return {
    status: async (issuer, root, leaf) => {
      checkIssuer(issuer);
      if (!HEX32.test(root) || !HEX32.test(leaf)) throw new RangeError("root and leaf must be 32-byte hex");
      return read("the certificate status", async (block): Promise<AnchorStatus> => {
        const ofIssuer = (slot: number): bigint => mappingSlot(root, mappingSlot(uintKey(issuer), BigInt(slot)));
        const [batch, revocation] = (await words(block, deployment.certificateRegistry, [
          ofIssuer(CERTIFICATES._batches),
          mappingSlot(leaf, ofIssuer(CERTIFICATES._revocations)),
        ])) as [bigint, bigint];
        const anchoredAt = Number(fieldOf(batch, BATCH.anchoredAt));
        return {
          anchored: anchoredAt !== 0,
          count: Number(fieldOf(batch, BATCH.count)),
          anchoredAt,
          leafRevokedAt: Number(fieldOf(revocation, REVOCATION.revokedAt)),
          leafReason: Number(fieldOf(revocation, REVOCATION.reason)),
          batchRevokedAt: Number(fieldOf(batch, BATCH.revokedAt)),
          batchReason: Number(fieldOf(batch, BATCH.reason)),
        };
      });
    },
    anchorTransaction: (issuer, root) =>
      read("the anchoring transaction", async (block) => {
        checkIssuer(issuer);
        const filter = {
          address: deployment.certificateRegistry,
          topics: [ANCHORED_TOPIC, uintKey(issuer), root.toLowerCase()],
          fromBlock: toQuantity(deployment.deploymentBlock),
          toBlock: toQuantity(block.number),
        };
        const found = await Promise.all(
          endpoints.map(async (endpoint) => {
            const logs = await ask(endpoint, "eth_getLogs", [filter]);
            const log = Array.isArray(logs)
              ? (logs[0] as { blockNumber?: string; transactionHash?: string })
              : undefined;
            return log?.blockNumber && log.transactionHash
              ? { blockNumber: Number(BigInt(log.blockNumber)), transactionHash: log.transactionHash.toLowerCase() }
              : undefined;
          }),
        );
        const [first] = found;
        if (found.some((f) => f?.transactionHash !== first?.transactionHash || f?.blockNumber !== first?.blockNumber))
          throw new ChainReadError("CHAIN_NODES_DISAGREE", `the nodes name different transactions anchoring ${root}`);
        return first;
      }),
    university: (id) =>
      read("the university", async (block): Promise<RegisteredUniversity | undefined> => {
        const base = universityBase(id);
        const nameSlots = [NAMES.ar, NAMES.en, NAMES.fr].map((name) => member(member(base, UNIVERSITY.names), name));
        const urlSlot = member(base, UNIVERSITY.url);
        const [first, url, accreditations, ...heads] = (await words(block, issuerRegistry, [
          member(base, UNIVERSITY.country),
          urlSlot,
          member(base, UNIVERSITY.accreditation),
          ...nameSlots,
        ])) as [bigint, bigint, bigint, ...bigint[]];
        const operator = fieldOf(first, UNIVERSITY.operator);
        if (operator === 0n) return undefined;
        const country = countryOf(fieldOf(first, UNIVERSITY.country));
        const accreditationSlot = member(base, UNIVERSITY.accreditation);
        const [texts, lastInterval, ministry] = await Promise.all([
          strings(block, issuerRegistry, [...nameSlots, urlSlot], [...heads, url]),
          accreditations === 0n
            ? Promise.resolve(undefined)
            : words(block, issuerRegistry, [plus(dataSlot(accreditationSlot), accreditations - 1n)]),
          words(block, issuerRegistry, [member(ministryBase(country), MINISTRY.account)]),
        ]);
        const [ar, en, fr, address] = texts as [string, string, string, string];
        const open = lastInterval !== undefined && fieldOf(lastInterval[0] as bigint, INTERVAL.until) === 0n;
        return {
          id,
          country,
          operator: addressOf(operator),
          names: { ar, en, fr },
          url: address,
          accredited: open && fieldOf(ministry[0] as bigint, MINISTRY.account) !== 0n,
        };
      }),
    ministry: (country) => read("the ministry", (block) => ministryAt(block, country)),
    accreditationHistory: (id) =>
      read("the accreditation history", (block) => historyOf(block, universityBase(id), UNIVERSITY.accreditation)),
    wasAccreditedAt: (id, timestamp) =>
      read("the accreditation", async (block) => {
        const base = universityBase(id);
        const [first] = (await words(block, issuerRegistry, [member(base, UNIVERSITY.country)])) as [bigint];
        const country = countryOf(fieldOf(first, UNIVERSITY.country));
        const [accreditation, registration] = await Promise.all([
          historyOf(block, base, UNIVERSITY.accreditation),
          historyOf(block, ministryBase(country), MINISTRY.registration),
        ]);
        return covers(accreditation, timestamp) && covers(registration, timestamp);
      }),
    wasSignerAt: (id, key, timestamp) =>
      read("the signer key", async (block) => {
        const slot = mappingSlot(zeroPadValue(key, 32), mappingSlot(uintKey(id), BigInt(ISSUERS._signerKeys)));
        const [window] = (await words(block, issuerRegistry, [slot])) as [bigint];
        const validFrom = Number(fieldOf(window, SIGNER_KEY.validFrom));
        const validUntil = Number(fieldOf(window, SIGNER_KEY.validUntil));
        return validFrom !== 0 && validFrom <= timestamp && (validUntil === 0 || timestamp < validUntil);
      }),
  };
}
