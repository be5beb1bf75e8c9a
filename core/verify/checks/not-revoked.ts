import { fragment } from "../fragment";
import type { Check } from "../types";
import { wellFormed } from "./requires";

/** NOT_REVOKED: neither the certificate nor its whole batch has been revoked. */
export const notRevokedCheck: Check = {
  name: "NOT_REVOKED",
  test: wellFormed,
  skip: () => fragment("NOT_REVOKED", "SKIPPED", "SKIPPED_INVALID_FORMAT"),
  async verify(context) {
    if (!(await context.anchoredByIssuer())) return fragment("NOT_REVOKED", "SKIPPED", "SKIPPED_NOT_ANCHORED");
    const status = await context.status();
    if (status.leafRevokedAt !== 0) {
      return fragment("NOT_REVOKED", "INVALID", "REVOKED_CERTIFICATE", {
        revokedAt: status.leafRevokedAt,
        reason: status.leafReason,
      });
    }
    if (status.batchRevokedAt !== 0) {
      return fragment("NOT_REVOKED", "INVALID", "REVOKED_BATCH", {
        revokedAt: status.batchRevokedAt,
        reason: status.batchReason,
      });
    }
    return fragment("NOT_REVOKED", "VALID", "NOT_REVOKED_OK");
  },
};
