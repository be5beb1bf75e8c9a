import { TasdiqError } from "../errors";
import { anchoredCheck } from "./checks/anchored";
import { formatCheck } from "./checks/format";
import { integrityCheck } from "./checks/integrity";
import { issuerAccreditedCheck } from "./checks/issuer-accredited";
import { issuerSignatureCheck } from "./checks/issuer-signature";
import { merkleProofCheck } from "./checks/merkle-proof";
import { notExpiredCheck } from "./checks/not-expired";
import { notRevokedCheck } from "./checks/not-revoked";
import { VerificationContext } from "./context";
import { fragment } from "./fragment";
import { REASON_MESSAGES } from "./messages";
import type { ReasonCode } from "./messages";
import type { Check, Fragment, Verdict, VerifyOptions } from "./types";

/** Every check, in the order the DESIGN lists them and the verifier shows them. */
export const CHECKS: readonly Check[] = [
  formatCheck,
  integrityCheck,
  merkleProofCheck,
  anchoredCheck,
  issuerSignatureCheck,
  issuerAccreditedCheck,
  notRevokedCheck,
  notExpiredCheck,
];

/** Runs one check; a thrown error becomes an ERROR fragment, so a check never throws. */
async function run(check: Check, context: VerificationContext): Promise<Fragment> {
  if (!check.test(context)) return check.skip(context);
  try {
    return await check.verify(context);
  } catch (error) {
    const code =
      error instanceof TasdiqError && error.code in REASON_MESSAGES ? (error.code as ReasonCode) : "CHECK_FAILED";
    return fragment(check.name, "ERROR", code, { error: error instanceof Error ? error.message : String(error) });
  }
}

/** Runs every check on `document` (any JSON value) and returns their fragments in order. */
export async function verifyCredential(document: unknown, options: VerifyOptions): Promise<Fragment[]> {
  const context = new VerificationContext(document, options);
  return Promise.all(CHECKS.map((check) => run(check, context)));
}

/**
 * The overall answer: INVALID if any check found the certificate wrong (REVOKED when revocation is
 * the only thing wrong); otherwise CANNOT_CHECK if a check could not run (a chain outage is never
 * reported as invalid); otherwise VALID.
 */
export function verdictOf(fragments: readonly Fragment[]): Verdict {
  const invalid = fragments.filter((f) => f.status === "INVALID");
  if (invalid.length > 0) return invalid.every((f) => f.name === "NOT_REVOKED") ? "REVOKED" : "INVALID";
  if (fragments.some((f) => f.status === "ERROR")) return "CANNOT_CHECK";
  return "VALID";
}
