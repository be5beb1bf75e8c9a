import { TasdiqError } from "../errors";
import type { VerificationContext } from "./context";
import { REASON_MESSAGES } from "./messages";
import type { ReasonCode } from "./messages";
import type { CheckName, CheckStatus, Fragment } from "./types";

/** What a check found, before the check's name is put on it. */
export interface Finding {
  status: CheckStatus;
  code: ReasonCode;
  data?: Record<string, unknown>;
}

export const valid = (code: ReasonCode, data?: Record<string, unknown>): Finding => ({ status: "VALID", code, data });
export const invalid = (code: ReasonCode, data?: Record<string, unknown>): Finding => ({
  status: "INVALID",
  code,
  data,
});

/**
 * What must hold before a check can give its own finding. When it does not, the check ends with
 * `unmet`: SKIPPED for a missing precondition (section 9 of the format: "when a check does not run"),
 * or INVALID where the failure of the precondition is itself the finding.
 */
export interface Prerequisite {
  holds(context: VerificationContext): boolean | Promise<boolean>;
  unmet(context: VerificationContext): Finding;
}

/** One named verification step, declared with {@link defineCheck}. It never throws. */
export interface Check {
  readonly name: CheckName;
  run(context: VerificationContext): Promise<Fragment>;
}

export interface CheckDefinition {
  name: CheckName;
  /** Evaluated in order; the first that does not hold gives the check's finding instead of `verify`. */
  requires: readonly Prerequisite[];
  /** The check's own finding, once every prerequisite holds. */
  verify(context: VerificationContext): Promise<Finding>;
}

function fragmentOf(name: CheckName, { status, code, data }: Finding): Fragment {
  return { name, status, reason: { code, message: REASON_MESSAGES[code] }, ...(data ? { data } : {}) };
}

/**
 * A check from its definition: the prerequisites are evaluated first, and a thrown error (a chain read
 * that failed, a bug) becomes an ERROR fragment with the error's code when it has a message of its own.
 */
export function defineCheck(definition: CheckDefinition): Check {
  const { name, requires, verify } = definition;
  return {
    name,
    async run(context) {
      try {
        for (const prerequisite of requires) {
          if (!(await prerequisite.holds(context))) return fragmentOf(name, prerequisite.unmet(context));
        }
        return fragmentOf(name, await verify(context));
      } catch (error) {
        const code =
          error instanceof TasdiqError && error.code in REASON_MESSAGES ? (error.code as ReasonCode) : "CHECK_FAILED";
        const data = { error: error instanceof Error ? error.message : String(error) };
        return fragmentOf(name, { status: "ERROR", code, data });
      }
    },
  };
}
