import type { ChainReader } from "../chain/reader";
import type { LocalizedText } from "../credential/schema";
import type { Deployment } from "../deployment";
import type { ReasonCode } from "./messages";

export const CHECK_NAMES = [
  "FORMAT",
  "INTEGRITY",
  "MERKLE_PROOF",
  "ANCHORED",
  "ISSUER_SIGNATURE",
  "ISSUER_ACCREDITED",
  "NOT_REVOKED",
  "NOT_EXPIRED",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];
export type CheckStatus = "VALID" | "INVALID" | "SKIPPED" | "ERROR";

/** The outcome of one check, as the API and the verifier page show it. */
export interface Fragment {
  name: CheckName;
  status: CheckStatus;
  reason: { code: ReasonCode; message: LocalizedText };
  data?: Record<string, unknown>;
}

export interface VerifyOptions {
  /** The deployments this verifier trusts; never taken from the credential being checked. */
  trustedDeployments: readonly Deployment[];
  /** Read access to a trusted deployment's registries. */
  chainReader(deployment: Deployment): ChainReader;
  /** The clock, for validity periods. */
  now?: () => Date;
}

export type Verdict = "VALID" | "INVALID" | "REVOKED" | "CANNOT_CHECK";
