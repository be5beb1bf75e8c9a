import { COUNTRIES, isCountryCode } from "../../core";
import type { CountryCode } from "../../core";
import { AuditError } from "./errors";

/** What an auditor may see: one country (its ministry) or all of them (the ALECSO authority). */
export type AuditScope = CountryCode | "all";

/** A half-open period [from, to) in UNIX seconds, compared with block times. */
export interface AuditPeriod {
  from: number;
  to: number;
}

/** What a query covers: a scope, optionally one university of it and a period (all time when absent). */
export interface AuditFilter {
  scope: AuditScope;
  universityId?: number;
  period?: AuditPeriod;
}

export const ALL_TIME: AuditPeriod = { from: 0, to: Number.MAX_SAFE_INTEGER };

/** The named SQL parameters of a filter: `@country` and `@university` are NULL for "any". */
export function filterParams({
  scope,
  universityId,
  period = ALL_TIME,
}: AuditFilter): Record<string, number | string | null> {
  return {
    country: scope === "all" ? null : scope,
    university: universityId ?? null,
    from: period.from,
    to: period.to,
  };
}

/** The SQL condition of a filter's scope and university on the `universities` table aliased `u`. */
export const IN_SCOPE = "(@country IS NULL OR u.country = @country) AND (@university IS NULL OR u.id = @university)";

/** A country code as typed by a person ("jo", "JO") or "all"; anything else is refused with the list. */
export function parseScope(input: string | undefined): AuditScope {
  if (input === undefined || input.toLowerCase() === "all") return "all";
  const code = input.toUpperCase();
  if (!isCountryCode(code)) {
    const codes = Object.keys(COUNTRIES).join(", ");
    throw new AuditError(
      "AUDIT_BAD_COUNTRY",
      `unknown country "${input}": expected "all" or the ISO 3166-1 code of an Arab League state (${codes})`,
    );
  }
  return code;
}

const DAY = 86_400;

/** Midnight UTC of a YYYY-MM-DD date, in UNIX seconds. */
function parseDay(input: string, what: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(time).toISOString().slice(0, 10) !== input) {
    throw new AuditError("AUDIT_BAD_DATE", `${what} "${input}" is not a date written YYYY-MM-DD`);
  }
  return time / 1000;
}

/**
 * The period a person means by "from 2026-01-01 to 2026-12-31": both days included, in UTC.
 * Either end may be left open.
 */
export function parsePeriod({ from, to }: { from?: string; to?: string }): AuditPeriod {
  const period = {
    from: from === undefined ? ALL_TIME.from : parseDay(from, "--from"),
    to: to === undefined ? ALL_TIME.to : parseDay(to, "--to") + DAY,
  };
  if (period.to <= period.from) throw new AuditError("AUDIT_BAD_DATE", `--to (${to}) is before --from (${from})`);
  return period;
}
