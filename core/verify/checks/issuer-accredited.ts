import { fragment } from "../fragment";
import type { Check } from "../types";
import { wellFormed } from "./requires";

/**
 * ISSUER_ACCREDITED: at the time the batch was anchored, the university was accredited by the
 * ministry of its country and that ministry was registered by the authority. A later suspension does
 * not affect certificates anchored before it.
 */
export const issuerAccreditedCheck: Check = {
  name: "ISSUER_ACCREDITED",
  test: wellFormed,
  skip: () => fragment("ISSUER_ACCREDITED", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
  async verify(context) {
    if (!(await context.anchoredByIssuer())) return fragment("ISSUER_ACCREDITED", "SKIPPED", "SKIPPED_NOT_ANCHORED");
    const { issuer } = context.valid;
    const university = await context.reader.university(issuer.universityId);
    if (!university) return fragment("ISSUER_ACCREDITED", "INVALID", "ACCREDITED_UNKNOWN_UNIVERSITY");
    if (university.country !== issuer.country) {
      return fragment("ISSUER_ACCREDITED", "INVALID", "ACCREDITED_WRONG_COUNTRY", { country: university.country });
    }
    const { anchoredAt } = await context.status();
    const [accredited, history, ministry] = await Promise.all([
      context.reader.wasAccreditedAt(issuer.universityId, anchoredAt),
      context.reader.accreditationHistory(issuer.universityId),
      context.reader.ministry(university.country),
    ]);
    const data = { university, ministry, accreditation: history, anchoredAt };
    if (!accredited) return fragment("ISSUER_ACCREDITED", "INVALID", "ACCREDITED_NOT_AT_ANCHOR_TIME", data);
    const interval = history.findLast((i) => i.from <= anchoredAt);
    return fragment("ISSUER_ACCREDITED", "VALID", "ACCREDITED_OK", { ...data, accreditedSince: interval?.from });
  },
};
