import {
  EncryptedCredential,
  StoredCredentialError,
  VerificationCodeError,
  decodeShortCode,
  decodeVerifierUrl,
  fetchStoredEnvelope,
  issuerRecordOf,
  openStoredCredential,
  verdictOf,
  verifyCredential,
} from "../../core";
import type { CredentialLocator, Fragment, IssuerRecord, Verdict } from "../../core";
import type { AppContext } from "../context";
import { verificationCodeProblem } from "../http/error-messages";
import { ApiError, notFound } from "../http/errors";
import { outboundFetch } from "../outbound-fetch";
import { decryptCredentialNode } from "./node-envelope";
import { storeOf } from "../store";
import { hostedUniversityIds } from "../universities";

/** Without a configured fetch: https and public addresses only. */
const PUBLIC_HTTPS_ONLY = outboundFetch({ allowHttp: false, allowedNetworks: [] });

export interface VerificationResult {
  verdict: Verdict;
  checks: Fragment[];
  /** The issuing university as the registry records it, never as the credential names it. */
  issuer: IssuerRecord | null;
  credential: unknown;
}

/** Verifies a credential given as JSON, or found through a QR URL or a typed code. */
export async function verify(
  context: AppContext,
  input: { credential: unknown } | { url: string } | { code: string },
): Promise<VerificationResult> {
  const credential = "credential" in input ? input.credential : await credentialFor(context, locatorOf(context, input));
  const checks = await verifyCredential(credential, context.verify);
  const verdict = verdictOf(checks);
  // Echoed only when every check proved it came from the university it names (revocation aside), so a
  // system reading the answer never picks up a claim the chain did not back. These verdicts need
  // FORMAT valid, which parsed the document with the credential schema.
  const proven = verdict === "VALID" || verdict === "REVOKED";
  return { verdict, checks, issuer: issuerRecordOf(checks) ?? null, credential: proven ? credential : null };
}

function locatorOf(context: AppContext, input: { url: string } | { code: string }): CredentialLocator {
  try {
    const locator: CredentialLocator = "url" in input ? decodeVerifierUrl(input.url) : decodeShortCode(input.code);
    if (locator.chainId !== undefined && locator.chainId !== context.deployment.chainId)
      throw new ApiError(422, "UNTRUSTED_CHAIN");
    return locator;
  } catch (error) {
    if (error instanceof VerificationCodeError) throw new ApiError(400, verificationCodeProblem(error.code));
    throw error;
  }
}

/** The stored envelope: from our own database when we host the university, else from its server. */
async function envelopeFor(context: AppContext, locator: CredentialLocator): Promise<EncryptedCredential> {
  // The store's statement, prepared once per database: on every verification, preparing cost more than running it.
  const local = storeOf(context.db).certificates.envelope(locator.universityId, locator.credentialId);
  if (local?.envelope) return EncryptedCredential.parse(JSON.parse(local.envelope));
  // A university hosted here has every credential it issued here: one not found does not exist.
  if (local || hostedUniversityIds(context.db).includes(locator.universityId)) throw notFound();
  const university = await context.verify.chainReader(context.deployment).university(locator.universityId);
  if (!university) throw notFound();
  // The URL is whatever the university's operator put on chain: fetched within the outbound fetch's limits.
  return fetchStoredEnvelope(context.storedCredentialFetch ?? PUBLIC_HTTPS_ONLY, university.url, locator.credentialId);
}

/** The credential a QR link or typed code points at; a university server's answer becomes the API's. */
async function credentialFor(context: AppContext, locator: CredentialLocator): Promise<unknown> {
  try {
    return await openStoredCredential(await envelopeFor(context, locator), locator, decryptCredentialNode);
  } catch (error) {
    if (!(error instanceof StoredCredentialError)) throw error;
    if (error.code === "ISSUER_UNREACHABLE") throw new ApiError(502, "ISSUER_UNREACHABLE");
    if (error.code === "CREDENTIAL_WRONG_SECRET") throw new ApiError(422, "DECRYPTION_FAILED");
    throw notFound();
  }
}
