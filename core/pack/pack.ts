import { z } from "zod";
import { blockHashOf } from "../chain/proof";
import { createProofChainReader } from "../chain/proof-reader";
import type { ChainEndpoint } from "../chain/proof-reader";
import { Address } from "../deployment";
import { ChainReadError } from "../errors";
import type { Deployment } from "../deployment";
import { verifyCredential } from "../verify/verify";
import type { Fragment } from "../verify/types";

const Hex = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, "expected 0x followed by whole bytes");
const Quantity = z.string().regex(/^0x[0-9a-fA-F]+$/, "expected a 0x-prefixed hex number");
const Bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x followed by 64 hex digits");

/**
 * A verification pack: a credential with everything needed to verify it without any network — the
 * header of one block and the Merkle-Patricia proofs (EIP-1186, as `eth_getProof` gives them) of every
 * registry storage word its checks read at that block. It is trusted through that block's hash only:
 * the verifier must know the hash (a checkpoint published by the ministries, or its own nodes'
 * answer for the block's number). Format and vector: docs/verification-pack.md.
 */
export const VerificationPack = z.strictObject({
  type: z.literal("TasdiqVerificationPack"),
  version: z.literal(1),
  /** The credential as issued (or with fields hidden by its holder); its batch proof is inside it. */
  credential: z.unknown(),
  chain: z.strictObject({
    chainId: z.number().int().positive(),
    /** The block header as `eth_getBlockByNumber` gives it; its fields hash to the block hash. */
    block: z.record(z.string(), z.union([z.string(), z.null()])),
    accounts: z.array(
      z.strictObject({
        address: Address,
        accountProof: z.array(Hex),
        storageHash: Bytes32,
        storage: z.array(z.strictObject({ slot: Bytes32, value: Quantity, proof: z.array(Hex) })),
      }),
    ),
    /** The anchoring transaction as the nodes reported it: shown, not proven (logs are not state). */
    anchorTransaction: z.strictObject({ blockNumber: z.number().int().min(0), transactionHash: Bytes32 }).optional(),
  }),
});
export type VerificationPack = z.infer<typeof VerificationPack>;

type PackChain = VerificationPack["chain"];

const slotKey = (slot: string): string => `0x${BigInt(slot).toString(16).padStart(64, "0")}`;

/**
 * A chain endpoint answering from a pack, as a node frozen at the pack's block would: the proof
 * reader checks its answers exactly as it checks a node's. A proof the pack lacks is an error.
 */
function packEndpoint(chain: PackChain): ChainEndpoint {
  const accounts = new Map(chain.accounts.map((account) => [account.address.toLowerCase(), account]));
  return {
    name: "the verification pack",
    async send(method, params) {
      switch (method) {
        case "eth_chainId":
          return `0x${chain.chainId.toString(16)}`;
        case "eth_getBlockByNumber":
          return BigInt(String(params[0])) === BigInt(String(chain.block.number)) ? chain.block : null;
        case "eth_getLogs":
          return chain.anchorTransaction
            ? [
                {
                  blockNumber: `0x${chain.anchorTransaction.blockNumber.toString(16)}`,
                  transactionHash: chain.anchorTransaction.transactionHash,
                },
              ]
            : [];
        case "eth_getProof": {
          const [address, slots] = params as [string, string[]];
          const account = accounts.get(address.toLowerCase());
          if (!account) throw new Error(`the pack has no proof of account ${address}`);
          return {
            accountProof: account.accountProof,
            storageHash: account.storageHash,
            storageProof: slots.map((slot) => {
              const entry = account.storage.find((s) => BigInt(s.slot) === BigInt(slot));
              if (!entry) throw new Error(`the pack has no proof of slot ${slotKey(slot)} of ${address}`);
              return { key: entry.slot, value: entry.value, proof: entry.proof };
            }),
          };
        }
        default:
          throw new Error(`a verification pack does not answer ${method}`);
      }
    },
  };
}

/**
 * Wraps `endpoint` so that the answers a verification needs are kept, to be written into a pack:
 * the header of the block read at and every storage proof.
 */
function recordingEndpoint(endpoint: ChainEndpoint, chainId: number) {
  const chain: PackChain = { chainId, block: {}, accounts: [] };
  const recorded: ChainEndpoint = {
    name: endpoint.name,
    async send(method, params) {
      const result = await endpoint.send(method, params);
      if (method === "eth_getBlockByNumber" && result) chain.block = result as PackChain["block"];
      if (method === "eth_getLogs" && Array.isArray(result) && result[0]) {
        const log = result[0] as { blockNumber: string; transactionHash: string };
        chain.anchorTransaction = {
          blockNumber: Number(BigInt(log.blockNumber)),
          transactionHash: log.transactionHash,
        };
      }
      if (method === "eth_getProof") {
        const answer = result as {
          accountProof: string[];
          storageHash: string;
          storageProof: { key: string; value: string; proof: string[] }[];
        };
        const address = String(params[0]);
        let account = chain.accounts.find((a) => a.address.toLowerCase() === address.toLowerCase());
        if (!account) {
          account = { address, accountProof: answer.accountProof, storageHash: answer.storageHash, storage: [] };
          chain.accounts.push(account);
        }
        for (const entry of answer.storageProof) {
          if (!account.storage.some((s) => BigInt(s.slot) === BigInt(entry.key)))
            account.storage.push({ slot: slotKey(entry.key), value: entry.value, proof: entry.proof });
        }
      }
      return result;
    },
  };
  return { endpoint: recorded, chain };
}

/** Keeps only the header fields the block hash covers, plus number and hash. */
function headerOf(block: PackChain["block"]): PackChain["block"] {
  const { transactions: _t, uncles: _u, withdrawals: _w, size: _s, totalDifficulty: _d, ...header } = block;
  return header;
}

export interface PackOptions {
  trustedDeployments: readonly Deployment[];
  now?: () => Date;
}

/**
 * Verifies `credential` against the chain through `endpoints` (which must agree, as in
 * {@link createProofChainReader}) at one block, and packs the credential with every proof that
 * verification read. Returns the pack and the verification's fragments (at the pack's block).
 */
export async function createVerificationPack(
  credential: unknown,
  endpoints: readonly ChainEndpoint[],
  { trustedDeployments, now }: PackOptions,
): Promise<{ pack: VerificationPack; fragments: Fragment[] }> {
  const [first, ...others] = endpoints;
  if (!first) throw new RangeError("at least one chain endpoint is needed");
  const recordings = new Map<Deployment, ReturnType<typeof recordingEndpoint>>();
  const fragments = await verifyCredential(credential, {
    trustedDeployments,
    ...(now ? { now } : {}),
    chainReader: (deployment) => {
      const recording = recordingEndpoint(first, deployment.chainId);
      recordings.set(deployment, recording);
      // One block for the whole verification: everything packed was read at it.
      return createProofChainReader([recording.endpoint, ...others], deployment, { blockReuseMs: Infinity });
    },
  });
  const [recording] = recordings.values();
  const chain = recording?.chain ?? { chainId: trustedDeployments[0]?.chainId ?? 1, block: {}, accounts: [] };
  const pack: VerificationPack = {
    type: "TasdiqVerificationPack",
    version: 1,
    credential,
    chain: { ...chain, block: headerOf(chain.block) },
  };
  return { pack, fragments };
}

/** The number and hash of the block a pack's proofs are of, computed from its header (not taken from it). */
export function packBlock(pack: VerificationPack): { number: number; hash: string } {
  return { number: Number(BigInt(String(pack.chain.block.number))), hash: blockHashOf(pack.chain.block) };
}

/**
 * Verifies a pack with no network: the credential's checks, with every chain fact proven against the
 * pack's block, which must be the block whose hash is `checkpoint` (trusted: published by the
 * ministries, or given by the verifier's own nodes for that block number). A pack of another block,
 * or with a proof that does not verify, gives "cannot check"; a missing proof too.
 */
export function verifyPack(
  pack: VerificationPack,
  checkpoint: string,
  { trustedDeployments, now }: PackOptions,
): Promise<Fragment[]> {
  const { number } = packBlock(pack);
  return verifyCredential(pack.credential, {
    trustedDeployments,
    ...(now ? { now } : {}),
    chainReader: (deployment) =>
      createProofChainReader([packEndpoint(pack.chain)], deployment, {
        checkpoint: { number, hash: checkpoint },
        blockReuseMs: Infinity,
      }),
  });
}

/** The hash every node in `endpoints` gives for block `number`, computed from each header. */
async function agreedBlockHash(endpoints: readonly ChainEndpoint[], number: number): Promise<string> {
  const hashes = await Promise.all(
    endpoints.map(async (endpoint) => {
      let header: unknown;
      try {
        header = await endpoint.send("eth_getBlockByNumber", [`0x${number.toString(16)}`, false]);
      } catch (error) {
        throw new ChainReadError("CHAIN_UNREACHABLE", `${endpoint.name} did not answer eth_getBlockByNumber`, {
          cause: error,
        });
      }
      if (typeof header !== "object" || header === null)
        throw new ChainReadError("CHAIN_NODES_DISAGREE", `${endpoint.name} has no block ${number}`);
      return blockHashOf(header as Record<string, unknown>);
    }),
  );
  const other = hashes.findIndex((hash) => hash !== hashes[0]);
  if (other !== -1)
    throw new ChainReadError("CHAIN_NODES_DISAGREE", `the nodes give different hashes for block ${number}`);
  return hashes[0] as string;
}

/**
 * Verifies a pack while online: the trusted hash of the pack's block is the one every node in
 * `endpoints` gives for its number (they must agree), and the credential is also verified against
 * the chain now, so that what changed since the pack (a revocation) shows. `atPack` is the
 * verification at the pack's block, `now` the current one. Throws {@link ChainReadError} when the
 * nodes cannot confirm the pack's block.
 */
export async function verifyPackOnline(
  pack: VerificationPack,
  endpoints: readonly ChainEndpoint[],
  options: PackOptions,
): Promise<{ atPack: Fragment[]; now: Fragment[] }> {
  const checkpoint = await agreedBlockHash(endpoints, packBlock(pack).number);
  const [atPack, now] = await Promise.all([
    verifyPack(pack, checkpoint, options),
    verifyCredential(pack.credential, {
      ...options,
      chainReader: (deployment) => createProofChainReader(endpoints, deployment),
    }),
  ]);
  return { atPack, now };
}
