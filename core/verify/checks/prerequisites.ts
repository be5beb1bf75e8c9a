import type { Prerequisite } from "../check";

/** Checks after FORMAT need a well-formed credential (rule 1 of section 9). */
export const wellFormed: Prerequisite = {
  holds: (context) => context.credential !== undefined,
  unmet: () => ({ status: "SKIPPED", code: "SKIPPED_INVALID_FORMAT" }),
};

/** Checks of the issuer's standing at anchoring time need the batch anchored by that issuer (rules 4 and 5). */
export const anchoredByIssuer: Prerequisite = {
  holds: (context) => context.anchoredByIssuer(),
  unmet: () => ({ status: "SKIPPED", code: "SKIPPED_NOT_ANCHORED" }),
};
