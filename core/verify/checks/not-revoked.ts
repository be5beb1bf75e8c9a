import { defineCheck, invalid, valid } from "../check";
import { anchoredByIssuer, wellFormed } from "./prerequisites";

/** NOT_REVOKED: neither the certificate nor its whole batch has been revoked. */
export const notRevokedCheck = defineCheck({
  name: "NOT_REVOKED",
  requires: [wellFormed, anchoredByIssuer],
  async verify(context) {
    const status = await context.status();
    if (status.leafRevokedAt !== 0) {
      return invalid("REVOKED_CERTIFICATE", { revokedAt: status.leafRevokedAt, reason: status.leafReason });
    }
    if (status.batchRevokedAt !== 0) {
      return invalid("REVOKED_BATCH", { revokedAt: status.batchRevokedAt, reason: status.batchReason });
    }
    return valid("NOT_REVOKED_OK");
  },
});
