import type { RegisteredUniversity } from "../../chain/reader";
import type { Issuer, LocalizedText } from "../../credential/schema";
import { defineCheck, invalid, valid } from "../check";
import type { ReasonCode } from "../messages";
import { anchoredByIssuer, wellFormed } from "./prerequisites";

const LANGUAGES = ["ar", "en", "fr"] as const satisfies readonly (keyof LocalizedText)[];

/**
 * The first way the issuer a credential names differs from the registry's record of that university,
 * or undefined when they agree. Names are compared in NFC, the form every credential text is issued in;
 * addresses as 20-byte values.
 */
function identityMismatch(
  issuer: Issuer,
  university: RegisteredUniversity,
): { code: ReasonCode; data: Record<string, unknown> } | undefined {
  if (university.country !== issuer.country) {
    return { code: "ACCREDITED_WRONG_COUNTRY", data: { stated: issuer.country, registered: university.country } };
  }
  if (university.operator.toLowerCase() !== issuer.address.toLowerCase()) {
    return { code: "ACCREDITED_WRONG_ADDRESS", data: { stated: issuer.address, registered: university.operator } };
  }
  const names = LANGUAGES.filter((language) => university.names[language].normalize("NFC") !== issuer.name[language]);
  if (names.length > 0)
    return { code: "ACCREDITED_WRONG_NAME", data: { languages: names, registered: university.names } };
  return undefined;
}

/**
 * ISSUER_ACCREDITED: the issuer the credential names is the university the registry knows under that
 * id (country, operator address and names all equal), and at the time the batch was anchored it was
 * accredited by the ministry of its country and that ministry was registered by the authority. A later
 * suspension does not affect certificates anchored before it.
 */
export const issuerAccreditedCheck = defineCheck({
  name: "ISSUER_ACCREDITED",
  requires: [wellFormed, anchoredByIssuer],
  async verify(context) {
    const { issuer } = context.valid;
    const university = await context.reader.university(issuer.universityId);
    if (!university) return invalid("ACCREDITED_UNKNOWN_UNIVERSITY");
    const { anchoredAt } = await context.status();
    // Read whatever the outcome: every verifier output shows the issuer from these, never from the credential.
    const [accredited, history, ministry] = await Promise.all([
      context.reader.wasAccreditedAt(issuer.universityId, anchoredAt),
      context.reader.accreditationHistory(issuer.universityId),
      context.reader.ministry(university.country),
    ]);
    const data = { university, ministry, accreditation: history, anchoredAt };
    const mismatch = identityMismatch(issuer, university);
    if (mismatch) return invalid(mismatch.code, { ...data, ...mismatch.data });
    if (!accredited) return invalid("ACCREDITED_NOT_AT_ANCHOR_TIME", data);
    const interval = history.findLast((i) => i.from <= anchoredAt);
    return valid("ACCREDITED_OK", { ...data, accreditedSince: interval?.from });
  },
});
