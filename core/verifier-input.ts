import type { VerificationCodeError } from "./errors";

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
export function isMistypedShortCode(text: string, error: VerificationCodeError): boolean {
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
