import { keccakReady } from "../crypto/keccak";
import { anchoredCheck } from "./checks/anchored";
import { formatCheck } from "./checks/format";
import { integrityCheck } from "./checks/integrity";
import { issuerAccreditedCheck } from "./checks/issuer-accredited";
import { issuerSignatureCheck } from "./checks/issuer-signature";
import { merkleProofCheck } from "./checks/merkle-proof";
import { notExpiredCheck } from "./checks/not-expired";
import { notRevokedCheck } from "./checks/not-revoked";
import type { Check } from "./check";
import { VerificationContext } from "./context";
import type { Fragment, Verdict, VerifyOptions } from "./types";

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

/** Runs every check on `document` (any JSON value) and returns their fragments in order. */
export async function verifyCredential(document: unknown, options: VerifyOptions): Promise<Fragment[]> {
  await keccakReady;
  const context = new VerificationContext(document, options);
  return Promise.all(CHECKS.map((check) => check.run(context)));
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
