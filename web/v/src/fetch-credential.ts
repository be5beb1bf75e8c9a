import { DecryptionError, EncryptedCredential, decryptCredential } from "../../../core";
import type { CredentialLocator } from "../../../core";
import { VerifierProblem } from "./outcome";

const ISSUER_TIMEOUT_MS = 15_000;

/** What a university's issuance server answers for a stored credential (see server/public/routes.ts). */
async function readEnvelope(response: Response): Promise<EncryptedCredential> {
  if (response.status === 404) {
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
    throw new VerifierProblem(body.error?.code === "CREDENTIAL_NOT_READY" ? "NOT_READY" : "NOT_FOUND");
  }
  if (!response.ok) throw new VerifierProblem("ISSUER_UNREACHABLE");
  const body = (await response.json().catch(() => undefined)) as { encrypted?: unknown } | undefined;
  const envelope = EncryptedCredential.safeParse(body?.encrypted);
  if (!envelope.success) throw new VerifierProblem("ISSUER_UNREACHABLE");
  return envelope.data;
}

/**
 * Fetches a credential's ciphertext from the issuing university's server (its URL comes from the
 * chain) and decrypts it with the secret of the QR code or typed code. Only the credential id is
 * sent; the secret never leaves the browser.
 */
export async function fetchCredential(universityUrl: string, locator: CredentialLocator): Promise<unknown> {
  const url = `${universityUrl.replace(/\/+$/, "")}/api/public/credentials/${locator.credentialId}`;
  let response: Response;
  try {
    response = await fetch(url, {
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS),
    });
  } catch (cause) {
    throw new VerifierProblem("ISSUER_UNREACHABLE", { cause });
  }
  const envelope = await readEnvelope(response);
  let plaintext: string;
  try {
    plaintext = await decryptCredential(envelope, locator.secret, locator.credentialId);
  } catch (cause) {
    if (cause instanceof DecryptionError) throw new VerifierProblem("WRONG_SECRET", { cause });
    throw cause;
  }
  return JSON.parse(plaintext) as unknown;
}
