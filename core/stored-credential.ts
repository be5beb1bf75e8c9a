import type { CredentialLocator } from "./codes/verification-code";
import { EncryptedCredential, decryptCredential } from "./crypto/envelope";
import { DecryptionError, StoredCredentialError } from "./errors";

/** The part of an HTTP answer read here; the standard `Response` of `fetch` is one. */
export interface FetchedResponse {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
}

/**
 * A GET of `url`, made by the caller: the core does no I/O, and each caller sets its own timeout and
 * request options (the verifier page sends no cookies nor referrer, for instance).
 */
export type FetchUrl = (url: string) => Promise<FetchedResponse>;

/**
 * Where a university's server serves a stored credential: `api/public/credentials/<id>` below the
 * university URL the chain records. A path in that URL is kept (a server behind `/tasdiq/` serves
 * `/tasdiq/api/…`), and a trailing slash or none gives the same address.
 */
export function storedCredentialUrl(universityUrl: string, credentialId: string): string {
  let base: URL;
  try {
    base = new URL(universityUrl);
  } catch (cause) {
    throw new StoredCredentialError("ISSUER_UNREACHABLE", "the university's URL on chain is not a URL", { cause });
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new StoredCredentialError("ISSUER_UNREACHABLE", "the university's URL on chain is not an http(s) URL");
  }
  base.pathname = base.pathname.replace(/\/*$/, "/");
  return new URL(`api/public/credentials/${encodeURIComponent(credentialId)}`, base).href;
}

/**
 * The envelope a university's server answers for a stored credential. Its server answers 404 with
 * the code CREDENTIAL_NOT_READY while the credential is not anchored yet.
 */
async function envelopeOf(response: FetchedResponse): Promise<EncryptedCredential> {
  const body = (await response.json().catch(() => undefined)) as
    { encrypted?: unknown; error?: { code?: unknown } } | undefined;
  if (response.status === 404) {
    if (body?.error?.code === "CREDENTIAL_NOT_READY")
      throw new StoredCredentialError("CREDENTIAL_NOT_READY", "the credential is still being issued");
    throw new StoredCredentialError("CREDENTIAL_NOT_FOUND", "the university's server has no such credential");
  }
  const envelope = EncryptedCredential.safeParse(body?.encrypted);
  if (!response.ok || !envelope.success) {
    throw new StoredCredentialError(
      "ISSUER_UNREACHABLE",
      `the university's server answered ${response.status} without a stored credential`,
    );
  }
  return envelope.data;
}

/** Fetches a stored credential's envelope from the university's server at `universityUrl` (from the chain). */
export async function fetchStoredEnvelope(
  fetchUrl: FetchUrl,
  universityUrl: string,
  credentialId: string,
): Promise<EncryptedCredential> {
  const url = storedCredentialUrl(universityUrl, credentialId);
  let response: FetchedResponse;
  try {
    response = await fetchUrl(url);
  } catch (cause) {
    throw new StoredCredentialError("ISSUER_UNREACHABLE", "the university's server could not be reached", { cause });
  }
  return envelopeOf(response);
}

/**
 * Decrypts a stored credential with the secret of its QR code or short code: the credential document.
 * `decrypt` is the core's WebCrypto one unless the caller has a faster one that gives the same bytes
 * and errors (the server's node:crypto one).
 */
export async function openStoredCredential(
  envelope: EncryptedCredential,
  locator: CredentialLocator,
  decrypt: typeof decryptCredential = decryptCredential,
): Promise<unknown> {
  let plaintext: string;
  try {
    plaintext = await decrypt(envelope, locator.secret, locator.credentialId);
  } catch (cause) {
    if (cause instanceof DecryptionError)
      throw new StoredCredentialError("CREDENTIAL_WRONG_SECRET", "the code does not open this credential", { cause });
    throw cause;
  }
  return JSON.parse(plaintext) as unknown;
}

/**
 * The credential a QR code or short code points at, fetched from the issuing university's server and
 * decrypted here: only the credential id is sent, the secret never leaves the verifier. Throws
 * {@link StoredCredentialError}.
 */
export async function fetchStoredCredential(
  fetchUrl: FetchUrl,
  universityUrl: string,
  locator: CredentialLocator,
): Promise<unknown> {
  return openStoredCredential(await fetchStoredEnvelope(fetchUrl, universityUrl, locator.credentialId), locator);
}
