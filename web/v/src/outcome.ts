import { ChainReadError, VerifierProblem } from "../../../core";
import type { CredentialLocator, CredentialSource, Fragment, VerificationPack } from "../../../core";

/**
 * Why a certificate could not even be checked, each explained on the page in the reader's language:
 * the page's steps throw `VerifierProblem<ProblemCode>`.
 */
export type ProblemCode =
  | "QR_NOT_FOUND"
  | "NOT_TASDIQ"
  | "CODE_TYPO"
  | "CODE_INVALID"
  | "ISSUER_UNREACHABLE"
  | "NOT_READY"
  | "NOT_FOUND"
  | "WRONG_SECRET"
  | "UNTRUSTED_NETWORK"
  | "UNKNOWN_UNIVERSITY"
  | "CONFIG_UNAVAILABLE"
  | "FILE_UNREADABLE"
  | "FILE_TOO_LARGE"
  | "PDF_WITHOUT_CREDENTIAL"
  | "CAMERA_UNSUPPORTED"
  | "CAMERA_DENIED"
  | "CAMERA_NOT_FOUND"
  | "UNEXPECTED";

/** The chain could not be read before the certificate was even found: the page says "cannot check". */
export type ChainProblem = "CHAIN_UNREACHABLE" | "CHAIN_MISMATCH";

/** Why the chain could not confirm a verification pack's block. */
export type PackChainProblem = ChainProblem | "CHAIN_NODES_DISAGREE" | "CHAIN_PROOF_INVALID";

/**
 * A verification pack checked at its block (web/v/src/pack.ts): `atPack` against `checkpoint` with no
 * network, or against the hash the nodes give for the block (absent when they could not); `now` the
 * chain today, or why it could not confirm the pack's block.
 */
export interface PackOutcome {
  kind: "pack";
  pack: VerificationPack;
  block: { number: number; time: number | undefined };
  checkpoint?: { hash: string; published: boolean };
  atPack?: Fragment[];
  now: { fragments: Fragment[] } | { problem: PackChainProblem };
}

export type Outcome =
  /**
   * `source` is where a linked credential was found and `locator` the link or code it was opened
   * from, with its chain (both absent for a document given as a file).
   */
  | {
      kind: "checked";
      document: unknown;
      fragments: Fragment[];
      source?: CredentialSource;
      locator?: CredentialLocator & { chainId: number };
      /** Makes a verification pack of the credential through the page's chain nodes. */
      makePack?: () => Promise<VerificationPack>;
    }
  | PackOutcome
  | { kind: "problem"; code: ProblemCode }
  | { kind: "chain"; code: ChainProblem };

/** What the page shows for an error that ended a verification. */
export function outcomeOfError(error: unknown): Outcome {
  if (error instanceof VerifierProblem) return { kind: "problem", code: error.code };
  if (error instanceof ChainReadError)
    return { kind: "chain", code: error.code === "CHAIN_MISMATCH" ? "CHAIN_MISMATCH" : "CHAIN_UNREACHABLE" };
  console.error(error);
  return { kind: "problem", code: "UNEXPECTED" };
}
