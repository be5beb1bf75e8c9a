import { COUNTRIES, isCountryCode } from "../../core";
import { describeAccreditation, describeAnomaly, isoDay, isoTime, reasonLabel, universityNames } from "./format";
import type { ReconcileReport } from "./reconcile";
import type { AuditReport } from "./report";
import { ALL_TIME } from "./scope";
import type { AuditPeriod, AuditScope } from "./scope";

/** Console output of the audit CLI: a heading and a table per section, "(none)" for an empty one. */

function section(title: string, rows: readonly Record<string, unknown>[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) console.log("  (none)");
  else console.table(rows);
}

function describeScope(scope: AuditScope): string {
  return scope === "all" ? "all countries" : `${COUNTRIES[scope].en} (${scope})`;
}

function describePeriod({ from, to }: AuditPeriod): string {
  const first = from === ALL_TIME.from ? "the start" : isoDay(from);
  const last = to === ALL_TIME.to ? "now" : isoDay(to - 1);
  return `${first} to ${last} (UTC, both days included)`;
}

function countryName(code: string): string {
  return isCountryCode(code) ? COUNTRIES[code].en : code;
}

export function printFigures(report: AuditReport): void {
  const name = universityNames(report);
  const asOf = report.index.checkpoint;
  console.log(`Tasdiq audit: ${describeScope(report.scope)}, ${describePeriod(report.period)}`);
  console.log(
    asOf
      ? `Figures as of block ${asOf.number} (${isoTime(asOf.timestamp)}), ${report.index.events} events indexed.`
      : "Nothing indexed yet.",
  );
  section(
    "Ministries",
    report.ministries.map((m) => ({
      country: countryName(m.country),
      account: m.account,
      registered: isoTime(m.from),
      removed: isoTime(m.removedAt),
    })),
  );
  section(
    "Universities (figures of the period)",
    report.universities.map((u) => ({
      id: u.id,
      country: u.country,
      university: u.names.en,
      state: u.state,
      accreditation: describeAccreditation(u.accreditation),
      batches: u.batches,
      certificates: u.certificates,
      revoked: u.revokedCertificates,
      suspensions: u.suspensions,
    })),
  );
  section(
    "Certificates anchored per month",
    report.anchoring.map((a) => ({
      month: a.month,
      id: a.universityId,
      university: name(a.universityId),
      batches: a.batches,
      certificates: a.certificates,
    })),
  );
  section(
    "Revocations in the period, by reason",
    report.revocations.map((r) => ({
      id: r.universityId,
      university: name(r.universityId),
      reason: reasonLabel(r.reason),
      "certificates (one by one)": r.certificates,
      "whole batches": r.batches,
      "certificates in those batches": r.certificatesInBatches,
    })),
  );
  section(
    "Suspensions in the period",
    report.suspensions.map((s) => ({
      id: s.universityId,
      university: name(s.universityId),
      "suspended at": isoTime(s.suspendedAt),
      reason: s.reason,
      "reinstated at": s.reinstatedAt === 0 ? "(still suspended)" : isoTime(s.reinstatedAt),
    })),
  );
  section(
    "Anomalies (to look into, not verdicts)",
    report.anomalies.map((anomaly) => {
      const { when, detail } = describeAnomaly(anomaly);
      return { kind: anomaly.kind, id: anomaly.universityId, university: name(anomaly.universityId), when, detail };
    }),
  );
}

export function printReconciliation(
  report: ReconcileReport,
  { university, exportFile }: { university: string; exportFile: string },
): void {
  const asOf = report.asOf;
  console.log(`Reconciliation of university ${report.universityId} (${university}) with ${exportFile}`);
  console.log(asOf ? `Chain as of block ${asOf.number} (${isoTime(asOf.timestamp)}).` : "Nothing indexed yet.");
  const duplicates = report.exported.duplicates > 0 ? ` (${report.exported.duplicates} duplicate rows ignored)` : "";
  console.log(
    `Export: ${report.exported.certificates} certificates in ${report.exported.batches} batches${duplicates}.`,
  );
  console.log(
    `Chain:  ${report.onChain.certificates} certificates in ${report.onChain.batches} batches anchored by this university.`,
  );

  const othersOf = (root: string): number[] =>
    report.rootsAnchoredByOthers.filter((o) => o.root === root).map((o) => o.universityId);
  console.log("\nMISSING ON CHAIN: in the export, but not anchored by this university or revoked");
  section(
    "Batches",
    report.missingOnChain.batches.map((b) => {
      const others = othersOf(b.root);
      const elsewhere =
        others.length > 0
          ? `; the same root was anchored by university ${others.join(", ")} (see the warning below)`
          : "";
      return {
        root: b.root,
        "certificates in export": b.exportedCertificates,
        problem: b.problem,
        detail:
          b.problem === "batch-revoked"
            ? `revoked ${isoTime(b.revokedAt ?? 0)}: ${reasonLabel(b.reason ?? 0)}`
            : `never anchored by this university${elsewhere}`,
      };
    }),
  );
  section(
    "Revoked certificates",
    report.missingOnChain.revokedCertificates.map((c) => ({
      id: c.id ?? "",
      leaf: c.leaf,
      root: c.root,
      reason: reasonLabel(c.reason),
      "revoked at": isoTime(c.revokedAt),
    })),
  );

  console.log("\nEXTRA ON CHAIN: anchored by this university, but not in the export");
  section(
    "Batches",
    report.extraOnChain.batches.map((b) => ({
      root: b.root,
      certificates: b.count,
      "anchored at": isoTime(b.anchoredAt),
      transaction: b.txHash,
    })),
  );
  section(
    "Revoked leaves of exported batches that the export does not list",
    report.extraOnChain.revokedLeaves.map((c) => ({
      leaf: c.leaf,
      root: c.root,
      reason: reasonLabel(c.reason),
      "revoked at": isoTime(c.revokedAt),
    })),
  );

  section(
    "COUNT DIFFERENCES: batches in both whose certificate count differs (positive: the chain counts more)",
    report.countDifferences.map((d) => ({
      root: d.root,
      "on chain": d.onChain,
      "in export": d.exported,
      difference: d.difference,
    })),
  );

  section(
    "WARNING: roots of this university anchored by other universities too (not a difference, each university's batch is kept apart; a sign of a front-run or of a copied export)",
    report.rootsAnchoredByOthers.map((o) => ({
      root: o.root,
      university: o.universityId,
      certificates: o.count,
      "anchored at": isoTime(o.anchoredAt),
      transaction: o.txHash,
    })),
  );

  console.log("\nWhat the chain can and cannot tell:");
  for (const limit of report.limits) console.log(`  - ${limit}`);
}
