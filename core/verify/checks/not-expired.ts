import { fragment } from "../fragment";
import type { Check } from "../types";
import { wellFormed } from "./requires";

/** NOT_EXPIRED: the verifier's clock is inside [validFrom, validUntil). */
export const notExpiredCheck: Check = {
  name: "NOT_EXPIRED",
  test: wellFormed,
  skip: () => fragment("NOT_EXPIRED", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
  async verify(context) {
    const { validFrom, validUntil } = context.valid;
    const now = context.now().getTime();
    if (now < Date.parse(validFrom)) return fragment("NOT_EXPIRED", "INVALID", "NOT_YET_VALID", { validFrom });
    if (validUntil === undefined) return fragment("NOT_EXPIRED", "VALID", "NOT_EXPIRED_NO_EXPIRY");
    if (now >= Date.parse(validUntil)) return fragment("NOT_EXPIRED", "INVALID", "EXPIRED", { validUntil });
    return fragment("NOT_EXPIRED", "VALID", "NOT_EXPIRED_OK", { validUntil });
  },
};
