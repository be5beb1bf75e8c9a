/**
 * Base of every error Tasdiq raises on purpose (core, the audit tools, the API's answers): a stable
 * machine code, a short message, optional details and the cause. Codes never change meaning once published.
 */
export class TasdiqError extends Error {
  override readonly name: string = "TasdiqError";
  readonly code: string;
  readonly details: unknown;

  constructor(code: string, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** A QR URL or typed verification code that is not a well-formed Tasdiq code. */
export class VerificationCodeError extends TasdiqError {
  override readonly name = "VerificationCodeError";
}

/** A stored credential that cannot be decrypted with the given secret (wrong secret or altered data). */
export class DecryptionError extends TasdiqError {
  override readonly name = "DecryptionError";
}

/**
 * The chain could not be read: `CHAIN_UNREACHABLE` (node down, unexpected answer), `CHAIN_MISMATCH`
 * (a node of another chain), `CHAIN_NODES_DISAGREE` (the configured nodes report different blocks),
 * `CHAIN_PROOF_INVALID` (a node's answer is not proven by the block it names).
 */
export class ChainReadError extends TasdiqError {
  override readonly name = "ChainReadError";
}

/** Why a stored credential could not be had from its university's server (section 11 of the format). */
export type StoredCredentialProblem =
  "CREDENTIAL_NOT_FOUND" | "CREDENTIAL_NOT_READY" | "ISSUER_UNREACHABLE" | "CREDENTIAL_WRONG_SECRET";

/**
 * A stored credential that the university's server does not have (yet), a server that cannot be
 * reached or answers nonsense, or a secret that does not open the credential.
 */
export class StoredCredentialError extends TasdiqError {
  override readonly name = "StoredCredentialError";
  declare readonly code: StoredCredentialProblem;

  constructor(code: StoredCredentialProblem, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/**
 * Why a link or typed code leads to no credential: what core's steps from a code to its credential
 * raise (`linkLocator`, `typedCodeLocator`, `deploymentOfLocator`, `fetchLinkedCredential`).
 */
export type CredentialLinkProblem =
  | "NOT_TASDIQ"
  | "CODE_TYPO"
  | "CODE_INVALID"
  | "UNTRUSTED_NETWORK"
  | "UNKNOWN_UNIVERSITY"
  | "ISSUER_UNREACHABLE"
  | "NOT_READY"
  | "NOT_FOUND"
  | "WRONG_SECRET";

/**
 * Ends a verification before there is a credential to check. The verifier page and the command line
 * raise it with core's {@link CredentialLinkProblem} codes and the codes of their own inputs (camera,
 * file); a code means the same in both and each explains it in the reader's language.
 */
export class VerifierProblem<Code extends string = CredentialLinkProblem> extends TasdiqError {
  override readonly name = "VerifierProblem";
  declare readonly code: Code;

  /** `code` is checked against `Code`, which a verifier names for codes of its own: `VerifierProblem<ProblemCode>`. */
  constructor(code: NoInfer<Code>, options: { cause?: unknown } = {}) {
    super(code, code, options);
  }
}
