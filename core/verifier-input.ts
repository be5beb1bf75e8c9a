import type { ChainReader } from "./chain/reader";
import { decodeShortCode, decodeVerifierUrl } from "./codes/verification-code";
import type { CredentialLocator } from "./codes/verification-code";
import type { Deployment } from "./deployment";
import { StoredCredentialError, VerificationCodeError, VerifierProblem } from "./errors";
import type { CredentialLinkProblem, StoredCredentialProblem } from "./errors";
import { fetchStoredCredential } from "./stored-credential";
import type { FetchUrl } from "./stored-credential";

/**
 * How a verifier tells apart what it is given — a pasted link or a typed code, a PDF or another
 * file — so the verifier page and the command line read the same input the same way.
 */

/** A typed code that is really a pasted verifier link (or `…#fragment`) is read as a link. */
export function looksLikeVerifierLink(text: string): boolean {
  return text.includes("#") || text.includes("://");
}

/**
 * Whether a short code that failed to decode was mistyped rather than not a code at all. Short codes
 * are 41 to 48 symbols long: a text near that length that fails the check symbol is a mistyped code;
 * anything much shorter or longer is not a code, whatever its check symbol.
 */
function isMistypedShortCode(text: string, error: VerificationCodeError): boolean {
  const symbols = text.replace(/[\s-]/g, "").length;
  return error.code === "CODE_CHECK_FAILED" && symbols >= 36 && symbols <= 52;
}

/** PDF readers accept the header anywhere in the first kilobyte, so we do too. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return new TextDecoder("latin1").decode(bytes.subarray(0, 1024)).includes("%PDF-");
}

/** The name the issuance server gives the credential it attaches to a certificate PDF. */
const CREDENTIAL_ATTACHMENT_NAME = "credential.json";

/** The credential among a PDF's attachments: `credential.json`, else the first JSON file. */
export function credentialAttachment<T extends { filename: string }>(attachments: readonly T[]): T | undefined {
  return (
    attachments.find((a) => a.filename === CREDENTIAL_ATTACHMENT_NAME) ??
    attachments.find((a) => a.filename.toLowerCase().endsWith(".json"))
  );
}

/** A scanned QR code or an opened link (`<verifier>/v#<fragment>`, or the bare fragment): its locator. */
export function linkLocator(text: string): CredentialLocator & { chainId: number } {
  try {
    return decodeVerifierUrl(text);
  } catch (cause) {
    if (cause instanceof VerificationCodeError) throw new VerifierProblem("NOT_TASDIQ", { cause });
    throw cause;
  }
}

/** The short code printed under the QR code: its locator, which names no chain. */
export function typedCodeLocator(text: string): CredentialLocator {
  try {
    return decodeShortCode(text);
  } catch (cause) {
    if (cause instanceof VerificationCodeError)
      throw new VerifierProblem(isMistypedShortCode(text, cause) ? "CODE_TYPO" : "CODE_INVALID", { cause });
    throw cause;
  }
}

/**
 * The trusted deployment a locator's credential is anchored on: the one of its chain, or the first for
 * a typed code (it names no chain). Throws {@link VerifierProblem} UNTRUSTED_NETWORK.
 */
export function deploymentOfLocator(locator: CredentialLocator, deployments: readonly Deployment[]): Deployment {
  const deployment =
    locator.chainId === undefined ? deployments[0] : deployments.find((d) => d.chainId === locator.chainId);
  if (!deployment) throw new VerifierProblem("UNTRUSTED_NETWORK");
  return deployment;
}

const LINK_PROBLEMS: Record<StoredCredentialProblem, CredentialLinkProblem> = {
  CREDENTIAL_NOT_FOUND: "NOT_FOUND",
  CREDENTIAL_NOT_READY: "NOT_READY",
  ISSUER_UNREACHABLE: "ISSUER_UNREACHABLE",
  CREDENTIAL_WRONG_SECRET: "WRONG_SECRET",
};

/**
 * The credential a link or code points at: the university's server address read from the chain, the
 * stored credential fetched from there and decrypted here (only the credential id is sent). `progress`
 * hears when each of the two waits starts. Throws {@link VerifierProblem}.
 */
export async function fetchLinkedCredential(
  locator: CredentialLocator,
  reader: ChainReader,
  fetchUrl: FetchUrl,
  progress: (step: "chain" | "fetch") => void = () => {},
): Promise<{ document: unknown; universityUrl: string }> {
  progress("chain");
  const university = await reader.university(locator.universityId);
  if (!university) throw new VerifierProblem("UNKNOWN_UNIVERSITY");
  progress("fetch");
  try {
    return { document: await fetchStoredCredential(fetchUrl, university.url, locator), universityUrl: university.url };
  } catch (cause) {
    if (cause instanceof StoredCredentialError) throw new VerifierProblem(LINK_PROBLEMS[cause.code], { cause });
    throw cause;
  }
}
