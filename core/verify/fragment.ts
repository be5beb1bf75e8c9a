import { REASON_MESSAGES } from "./messages";
import type { ReasonCode } from "./messages";
import type { CheckName, CheckStatus, Fragment } from "./types";

export function fragment(
  name: CheckName,
  status: CheckStatus,
  code: ReasonCode,
  data?: Record<string, unknown>,
): Fragment {
  return { name, status, reason: { code, message: REASON_MESSAGES[code] }, ...(data ? { data } : {}) };
}
