import { timingSafeEqual } from "node:crypto";
import {
  EncryptedCredential,
  HideableFieldPath,
  StoredCredentialError,
  VerificationCodeError,
  VerifierProblem,
  decodeShortCode,
  decodeVerifierUrl,
  fetchLinkedCredential,
  issuerRecordOf,
  openStoredCredential,
  verdictOf,
  verifyCredential,
} from "../../core";
import type { Credential, CredentialLinkProblem, CredentialLocator, Fragment, IssuerRecord, Verdict } from "../../core";
import type { VerificationAnswer } from "../../core/api";
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
  hidden: VerificationAnswer["hidden"];
  source: VerificationAnswer["source"];
}

/** A credential to check, where it was found, and its checks when they were run on the way. */
interface Found {
  document: unknown;
  source: VerificationAnswer["source"];
  fragments?: Fragment[];
}

/** Verifies a credential given as JSON, or found through a QR URL or a typed code. */
export async function verify(
  context: AppContext,
  input: { credential: unknown } | { url: string } | { code: string },
): Promise<VerificationResult> {
  const found: Found =
    "credential" in input
      ? { document: input.credential, source: null }
      : await credentialFor(context, locatorOf(context, input));
  const checks = found.fragments ?? (await verifyCredential(found.document, context.verify));
  const verdict = verdictOf(checks);
  // Echoed only when every check proved it came from the university it names (revocation aside), so a
  // system reading the answer never picks up a claim the chain did not back. These verdicts need
  // FORMAT valid, which parsed the document with the credential schema.
  const proven = verdict === "VALID" || verdict === "REVOKED";
  return {
    verdict,
    checks,
    issuer: issuerRecordOf(checks) ?? null,
    credential: proven ? found.document : null,
    hidden: proven ? hiddenFields(found.document) : null,
    source: found.source,
  };
}

/**
 * The subject fields a holder hid, in the format's order, for systems that do not read `proof.hidden`.
 * Called only for a document that passed FORMAT, which parsed it with the credential schema.
 */
function hiddenFields(document: unknown): HideableFieldPath[] {
  const { hidden } = (document as Credential).proof;
  return HideableFieldPath.options.filter((path) => hidden[path] !== undefined);
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

/** Whether a code's secret is the certificate's, in constant time. */
const sameSecret = (stored: Buffer, given: Uint8Array): boolean =>
  stored.length === given.length && timingSafeEqual(stored, given);

/** A problem of core's search for a stored credential, as the API answers it. */
function apiProblem(code: CredentialLinkProblem): ApiError {
  if (code === "ISSUER_UNREACHABLE") return new ApiError(502, "ISSUER_UNREACHABLE");
  if (code === "WRONG_SECRET") return new ApiError(422, "DECRYPTION_FAILED");
  return notFound();
}

/**
 * The credential a QR link or typed code points at: from our own database when we host the
 * university, else from its server or, when that gives none that checks, from the mirrors the chain
 * lists (core's search, which runs the checks on the way).
 */
async function credentialFor(context: AppContext, locator: CredentialLocator): Promise<Found> {
  // The store's statements, prepared once per database: on every verification, preparing cost more than running them.
  const store = storeOf(context.db);
  const issued = store.certificates.opened(locator.universityId, locator.credentialId);
  if (issued?.credential) {
    // Issued here, the credential its envelope holds is at hand: the code's secret, from which the
    // envelope's key is derived, must be this certificate's, which is what decrypting would prove.
    if (!sameSecret(issued.secret, locator.secret)) throw apiProblem("WRONG_SECRET");
    return { document: JSON.parse(issued.credential) as unknown, source: { kind: "university", url: null } };
  }
  const derived = issued ? undefined : store.derivedCredentials.envelope(locator.universityId, locator.credentialId);
  if (derived) {
    // A holder's copy with fields hidden: only its ciphertext was ever given to this server.
    const envelope = EncryptedCredential.parse(JSON.parse(derived));
    try {
      const document = await openStoredCredential(envelope, locator, decryptCredentialNode);
      return { document, source: { kind: "university", url: null } };
    } catch (error) {
      if (error instanceof StoredCredentialError) throw apiProblem("WRONG_SECRET");
      throw error;
    }
  }
  // A university hosted here has every credential it issued here: one not found does not exist.
  if (issued || hostedUniversityIds(context.db).includes(locator.universityId)) throw notFound();
  try {
    // The URLs are whatever the university's operator and the mirrors' publishers put on chain:
    // fetched within the outbound fetch's limits.
    const found = await fetchLinkedCredential(
      locator,
      context.verify.chainReader(context.deployment),
      context.storedCredentialFetch ?? PUBLIC_HTTPS_ONLY,
      { mirrors: context.mirrors, verify: context.verify, decrypt: decryptCredentialNode },
    );
    const source: VerificationAnswer["source"] =
      found.source.kind === "university" ? { kind: "university", url: found.source.url } : found.source;
    return { document: found.document, source, fragments: found.fragments };
  } catch (error) {
    if (!(error instanceof VerifierProblem)) throw error;
    if (error.code === "UNKNOWN_UNIVERSITY") throw notFound();
    throw apiProblem(error.code);
  }
}
