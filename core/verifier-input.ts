import { mirrorUniversityUrl, mirrorsOfCountry } from "./chain/mirrors";
import type { PublishedMirror } from "./chain/mirrors";
import type { ChainReader } from "./chain/reader";
import { decodeShortCode, decodeVerifierUrl } from "./codes/verification-code";
import type { CredentialLocator } from "./codes/verification-code";
import type { decryptCredential } from "./crypto/envelope";
import type { Deployment } from "./deployment";
import { StoredCredentialError, VerificationCodeError, VerifierProblem } from "./errors";
import type { CredentialLinkProblem, StoredCredentialProblem } from "./errors";
import { fetchStoredEnvelope, openStoredCredential } from "./stored-credential";
import type { FetchUrl } from "./stored-credential";
import type { Fragment, VerifyOptions } from "./verify/types";
import { verdictOf, verifyCredential } from "./verify/verify";

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

/** Where a stored credential was found: the university's own server, or a mirror the chain lists. */
export type CredentialSource =
  { kind: "university"; url: string } | { kind: "mirror"; url: string; publisher: string; country: string | null };

export interface LinkedCredentialOptions {
  /** Hears when each wait starts: the chain, the fetches, the checks. */
  progress?: (step: "chain" | "fetch" | "checks") => void;
  /** The mirrors listed on chain, asked for only when the university's server gives no credential that checks. */
  mirrors?: () => Promise<readonly PublishedMirror[]>;
  /** Runs core's checks on each credential found, so that one that fails them sends the search on. */
  verify?: VerifyOptions;
  /** A faster decryption giving the same bytes and errors as core's (the server's node:crypto one). */
  decrypt?: typeof decryptCredential;
}

export interface LinkedCredential {
  document: unknown;
  source: CredentialSource;
  /** The checks' fragments when `verify` was given. */
  fragments?: Fragment[];
}

interface Candidate {
  source: CredentialSource;
  /** The URL the stored-credential route hangs below. */
  base: string;
}

/**
 * The university's server first, then the mirrors of its country's ministry and of the authority.
 * The mirror list is read only when needed, and a list that cannot be read counts as empty.
 */
async function* candidates(
  university: { id: number; url: string; country: string },
  mirrors: LinkedCredentialOptions["mirrors"],
): AsyncGenerator<Candidate> {
  yield { source: { kind: "university", url: university.url }, base: university.url };
  if (!mirrors) return;
  const listed = await mirrors().catch(() => []);
  for (const mirror of mirrorsOfCountry(listed, university.country)) {
    yield {
      source: { kind: "mirror", url: mirror.url, publisher: mirror.publisher, country: mirror.country },
      base: mirrorUniversityUrl(mirror.url, university.id),
    };
  }
}

/**
 * The credential a link or code points at: the university's server address read from the chain, the
 * stored credential fetched from there and decrypted here (only the credential id is sent). When that
 * server gives none, or one that fails the checks, the mirrors listed on chain are asked in turn: a
 * mirror cannot forge a credential (it fails decryption or the checks), so the worst it can do is make
 * the search go on. The first credential that passes the checks, else the first one found, is the
 * answer, with where it came from. Throws {@link VerifierProblem}, naming the university server's problem.
 */
export async function fetchLinkedCredential(
  locator: CredentialLocator,
  reader: ChainReader,
  fetchUrl: FetchUrl,
  options: LinkedCredentialOptions = {},
): Promise<LinkedCredential> {
  const progress = options.progress ?? (() => {});
  progress("chain");
  const university = await reader.university(locator.universityId);
  if (!university) throw new VerifierProblem("UNKNOWN_UNIVERSITY");
  progress("fetch");
  let problem: StoredCredentialError | undefined;
  let firstFound: LinkedCredential | undefined;
  for await (const { source, base } of candidates(university, options.mirrors)) {
    let document: unknown;
    try {
      document = await openStoredCredential(
        await fetchStoredEnvelope(fetchUrl, base, locator.credentialId),
        locator,
        options.decrypt,
      );
    } catch (cause) {
      if (!(cause instanceof StoredCredentialError)) throw cause;
      problem ??= cause;
      continue;
    }
    if (!options.verify) return { document, source };
    progress("checks");
    const found = { document, source, fragments: await verifyCredential(document, options.verify) };
    if (verdictOf(found.fragments) !== "INVALID") return found;
    firstFound ??= found;
  }
  if (firstFound) return firstFound;
  const code = (problem as StoredCredentialError).code;
  throw new VerifierProblem(LINK_PROBLEMS[code], { cause: problem });
}
