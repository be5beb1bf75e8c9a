import { Credential, REASON_MESSAGES, issuerRecordOf, verdictOf } from "../../../core";
import type { CheckName, Verdict } from "../../../core";
import { inWords, moment } from "./dates";
import { revocationOf } from "./fragment-data";
import { checkLabel, language, localized, t, verdictTitle } from "./i18n";
import type { Outcome } from "./outcome";
import { packVerification } from "./pack";
import { revocationReason } from "./render-result";

/** An input of a bulk verification without an outcome yet, or ever. */
export type Pending = "WAITING" | "CHECKING" | "CANCELLED";

/** A row's status: the verdict, or why there is none (a problem stopped the check, or it has not run). */
export type RowStatus = Verdict | "PROBLEM" | Pending;

/** What the table and the CSV say about one input, in the page's language. */
export interface VerdictRecord {
  /** The file's name, or the code or link as typed. */
  input: string;
  status: RowStatus;
  /** The problem that stopped the check, for a PROBLEM row or a chain that could not be read. */
  problem?: string;
  /** The checks that did not pass (failed, or could not run). */
  failed: CheckName[];
  verdict: string;
  check: string;
  reason: string;
  graduate: string;
  university: string;
}

/** The columns, in order, of the table and of the CSV. */
export const FIELDS = ["input", "verdict", "check", "reason", "graduate", "university"] as const;
type Field = (typeof FIELDS)[number];

export const columnTitle = (field: Field): string => t(`bulk.column.${field}`);
export const cellsOf = (record: VerdictRecord): string[] => FIELDS.map((field) => record[field]);

const blank = { failed: [], check: "", reason: "", graduate: "", university: "" };

/** The graduate's name in the page's script when the certificate discloses it, else in the other. */
function graduateName(document: unknown): string {
  const credential = Credential.safeParse(document);
  if (!credential.success) return "";
  const { nameAr, nameLatin } = credential.data.credentialSubject;
  return (language() === "ar" ? (nameAr ?? nameLatin) : (nameLatin ?? nameAr)) ?? "";
}

/**
 * One input's row, from the outcome the single-certificate view would show. The graduate and the
 * university are given only when every check but revocation passed: the university's name is the
 * registry's, never the certificate's own claim.
 */
export function verdictRecord(input: string, outcome: Outcome | Pending): VerdictRecord {
  if (typeof outcome === "string") return { input, status: outcome, verdict: t(`bulk.status.${outcome}`), ...blank };
  if (outcome.kind === "pack") return verdictRecord(input, packVerification(outcome));
  if (outcome.kind === "problem")
    return {
      input,
      status: "PROBLEM",
      problem: outcome.code,
      verdict: t("bulk.status.PROBLEM"),
      ...blank,
      check: t(`problem.${outcome.code}.title`),
      reason: t(`problem.${outcome.code}.text`),
    };
  if (outcome.kind === "chain")
    return {
      input,
      status: "CANNOT_CHECK",
      problem: outcome.code,
      verdict: verdictTitle("CANNOT_CHECK"),
      ...blank,
      check: t("bulk.check.chain"),
      reason: localized(REASON_MESSAGES[outcome.code]),
    };
  const verdict = verdictOf(outcome.fragments);
  const revocation = verdict === "REVOKED" ? revocationOf(outcome.fragments) : undefined;
  const failing = outcome.fragments.filter((f) => f.status === (verdict === "CANNOT_CHECK" ? "ERROR" : "INVALID"));
  const trusted = verdict === "VALID" || verdict === "REVOKED";
  const issuer = trusted ? issuerRecordOf(outcome.fragments) : undefined;
  return {
    input,
    status: verdict,
    failed: failing.map((f) => f.name),
    verdict: verdictTitle(verdict),
    check: failing.map((f) => checkLabel(f.name)).join("; "),
    reason: revocation
      ? t("revoked.detail", {
          date: inWords(moment(revocation.revokedAt)),
          reason: revocationReason(revocation.reason),
        })
      : [...new Set(failing.map((f) => localized(f.reason.message)))].join(" "),
    graduate: trusted ? graduateName(outcome.document) : "",
    university: issuer ? localized(issuer.university.names) : "",
  };
}
