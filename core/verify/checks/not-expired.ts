import { defineCheck, invalid, valid } from "../check";
import { wellFormed } from "./prerequisites";

/** NOT_EXPIRED: the verifier's clock is inside [validFrom, validUntil). */
export const notExpiredCheck = defineCheck({
  name: "NOT_EXPIRED",
  requires: [wellFormed],
  async verify(context) {
    const { validFrom, validUntil } = context.valid;
    const now = context.now().getTime();
    if (now < Date.parse(validFrom)) return invalid("NOT_YET_VALID", { validFrom });
    if (validUntil === undefined) return valid("NOT_EXPIRED_NO_EXPIRY");
    if (now >= Date.parse(validUntil)) return invalid("EXPIRED", { validUntil });
    return valid("NOT_EXPIRED_OK", { validUntil });
  },
});
