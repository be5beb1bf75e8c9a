import {
  ChainReadError,
  createVerificationPack,
  packBlock,
  verdictOf,
  verifyCredential,
  verifyPack,
  verifyPackOnline,
  VerifierProblem,
} from "../../../core";
import type { ChainEndpoint, Deployment, VerificationPack, VerifierConfig, VerifyOptions } from "../../../core";
import type { Outcome, PackChainProblem, PackOutcome, ProblemCode } from "./outcome";

/**
 * Verification packs on the page (docs/verification-pack.md): checked at their block — with no
 * network against a checkpoint, the trusted hash of that block — and against the chain now when it
 * can be reached; made from the page's own chain nodes for the holder to keep.
 */

/** A block hash as the page accepts it: 0x and 64 hex digits. */
export const CHECKPOINT_PATTERN = /^0x[0-9a-fA-F]{64}$/;

export interface PackContext {
  trustedDeployments: readonly Deployment[];
  nodes: readonly ChainEndpoint[];
  chainReader: VerifyOptions["chainReader"];
  /** The checkpoints the page's configuration publishes. */
  published: NonNullable<VerifierConfig["checkpoints"]>;
  /** Runs a verification that reads the chain, refusing a node of another chain (the page's verifier). */
  onChain: (work: () => Promise<Outcome>) => Promise<Outcome>;
}

const CHAIN_PROBLEMS: readonly string[] = [
  "CHAIN_UNREACHABLE",
  "CHAIN_MISMATCH",
  "CHAIN_NODES_DISAGREE",
  "CHAIN_PROOF_INVALID",
] satisfies PackChainProblem[];

const chainProblemOf = (code: string): PackChainProblem =>
  CHAIN_PROBLEMS.includes(code) ? (code as PackChainProblem) : "CHAIN_UNREACHABLE";

/** The number of the pack's block; a header that cannot even be hashed makes the file no usable pack. */
function blockNumberOf(pack: VerificationPack): number {
  try {
    return packBlock(pack).number;
  } catch {
    throw new VerifierProblem<ProblemCode>("FILE_UNREADABLE");
  }
}

/**
 * Checks `pack` at its block. With a checkpoint (given, or published for that block), the pack is
 * verified with no network, then the chain now is asked what changed since; without one, the nodes
 * must give the block's hash (as before), and when they cannot, the outcome says a checkpoint is needed.
 */
export async function checkPack(
  pack: VerificationPack,
  given: string | undefined,
  context: PackContext,
): Promise<Outcome> {
  const number = blockNumberOf(pack);
  const time = typeof pack.chain.block.timestamp === "string" ? Number(BigInt(pack.chain.block.timestamp)) : undefined;
  const publishedHash = context.published.find((checkpoint) => checkpoint.number === number)?.hash;
  const checkpoint = given ?? publishedHash;
  const options = { trustedDeployments: context.trustedDeployments };
  const base = { kind: "pack", pack, block: { number, time } } as const;

  if (checkpoint === undefined) {
    try {
      const online = await context.onChain(async () => {
        const { atPack, now } = await verifyPackOnline(pack, context.nodes, options);
        return { ...base, atPack, now: { fragments: now } };
      });
      return online.kind === "chain" ? { ...base, now: { problem: online.code } } : online;
    } catch (error) {
      // The nodes could not confirm the pack's block: only a checkpoint can.
      if (error instanceof ChainReadError) return { ...base, now: { problem: chainProblemOf(error.code) } };
      throw error;
    }
  }

  const atPack = await verifyPack(pack, checkpoint, options);
  // Whether anything changed since the pack: the chain now, read as for any credential. When it cannot
  // be read, its verdict is "cannot check" and the offline verdict stands alone.
  const now = await context.onChain(async () => ({
    kind: "checked",
    document: pack.credential,
    fragments: await verifyCredential(pack.credential, { ...options, chainReader: context.chainReader }),
  }));
  return {
    ...base,
    checkpoint: { hash: checkpoint, published: given === undefined },
    atPack,
    now: now.kind === "checked" ? { fragments: now.fragments } : { problem: "CHAIN_MISMATCH" },
  };
}

/**
 * A pack of `credential` made through the page's own nodes at their latest block. A credential whose
 * chain facts could not all be read would make a pack that proves nothing: that is refused.
 */
export async function makePack(
  credential: unknown,
  nodes: readonly ChainEndpoint[],
  trustedDeployments: readonly Deployment[],
): Promise<VerificationPack> {
  const { pack, fragments } = await createVerificationPack(credential, nodes, { trustedDeployments });
  if (verdictOf(fragments) === "CANNOT_CHECK") throw new ChainReadError("CHAIN_UNREACHABLE", "no pack: chain unread");
  return pack;
}

/**
 * What a pack's outcome comes to as one verification (the bulk table's row): today's verdict when the
 * chain gave one, else the verdict at the pack's block against its checkpoint, else why neither.
 */
export function packVerification(outcome: PackOutcome): Exclude<Outcome, PackOutcome> {
  const document = outcome.pack.credential;
  const now = "fragments" in outcome.now ? outcome.now.fragments : undefined;
  if (now && verdictOf(now) !== "CANNOT_CHECK") return { kind: "checked", document, fragments: now };
  if (outcome.checkpoint && outcome.atPack) return { kind: "checked", document, fragments: outcome.atPack };
  if (now) return { kind: "checked", document, fragments: now };
  const problem = "problem" in outcome.now ? outcome.now.problem : "CHAIN_UNREACHABLE";
  return { kind: "chain", code: problem === "CHAIN_MISMATCH" ? problem : "CHAIN_UNREACHABLE" };
}
