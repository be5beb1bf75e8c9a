import { StoredCredentialError, fetchStoredCredential } from "../../../core";
import type { CredentialLocator, StoredCredentialProblem } from "../../../core";
import { VerifierProblem } from "./outcome";
import type { ProblemCode } from "./outcome";

const ISSUER_TIMEOUT_MS = 15_000;

/** What the page tells the visitor for each way the university's server can fail to give the credential. */
const PROBLEMS: Record<StoredCredentialProblem, ProblemCode> = {
  CREDENTIAL_NOT_FOUND: "NOT_FOUND",
  CREDENTIAL_NOT_READY: "NOT_READY",
  ISSUER_UNREACHABLE: "ISSUER_UNREACHABLE",
  CREDENTIAL_WRONG_SECRET: "WRONG_SECRET",
};

/** Asks the university's server without cookies, cache or referrer: it learns nothing but the credential id. */
const fetchFromIssuer = (url: string): Promise<Response> =>
  fetch(url, {
    mode: "cors",
    credentials: "omit",
    cache: "no-store",
    referrerPolicy: "no-referrer",
    signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS),
  });

/**
 * Fetches a credential's ciphertext from the issuing university's server (its URL comes from the
 * chain) and decrypts it with the secret of the QR code or typed code. Only the credential id is
 * sent; the secret never leaves the browser.
 */
export async function fetchCredential(universityUrl: string, locator: CredentialLocator): Promise<unknown> {
  try {
    return await fetchStoredCredential(fetchFromIssuer, universityUrl, locator);
  } catch (cause) {
    if (cause instanceof StoredCredentialError) throw new VerifierProblem(PROBLEMS[cause.code], { cause });
    throw cause;
  }
}
