import { z } from "zod";
import { ChainState, chainStateReader } from "../chain/state";
import { Instant } from "../credential/schema";
import { Deployment } from "../deployment";
import type { CheckName, CheckStatus, Verdict } from "../verify/types";
import { verdictOf, verifyCredential } from "../verify/verify";

/**
 * One question of the conformance protocol (docs/conformance.md): a document to verify, the
 * deployments the verifier trusts, the facts of the chain (null: the chain cannot be reached) and the
 * moment of verification.
 */
export const ConformanceQuestion = z.strictObject({
  credential: z.unknown(),
  trustedDeployments: z.array(Deployment).min(1),
  chain: ChainState.nullable(),
  now: Instant,
});
export type ConformanceQuestion = z.infer<typeof ConformanceQuestion>;

/** A verifier's answer: the verdict and, for each of the eight checks in order, its status and code. */
export interface ConformanceAnswer {
  verdict: Verdict;
  checks: { name: CheckName; status: CheckStatus; code: string }[];
}

/** Tasdiq's own answer to a conformance question, from the same checks every Tasdiq verifier runs. */
export async function answerConformanceQuestion(question: ConformanceQuestion): Promise<ConformanceAnswer> {
  const fragments = await verifyCredential(question.credential, {
    trustedDeployments: question.trustedDeployments,
    chainReader: (deployment) => chainStateReader(question.chain, deployment),
    now: () => new Date(question.now),
  });
  return {
    verdict: verdictOf(fragments),
    checks: fragments.map((f) => ({ name: f.name, status: f.status, code: f.reason.code })),
  };
}
