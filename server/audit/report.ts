import type { Database } from "better-sqlite3";
import { anomalies } from "./anomalies";
import type { Anomaly, AnomalyThresholds } from "./anomalies";
import { anchoringByMonth, indexStatus, revocationsByReason, suspensions } from "./queries";
import type { IndexStatus, MonthlyAnchoring, RevocationSummary, Suspension } from "./queries";
import { ministries, signerKeys, universities } from "./registry-state";
import type { AuditedUniversity, MinistryTerm, SignerKeyRecord } from "./registry-state";
import { ALL_TIME } from "./scope";
import type { AuditPeriod, AuditScope } from "./scope";

/** A university with its figures for the period. */
export interface UniversityFigures extends AuditedUniversity {
  batches: number;
  certificates: number;
  /**
   * Certificate revocations made in the period, single ones plus the certificates of whole batches
   * revoked (a certificate revoked alone, then with its batch, counts twice).
   */
  revokedCertificates: number;
  suspensions: number;
}

/** Everything the CLI prints and the ministry dashboard shows, for one scope and period. */
export interface AuditReport {
  scope: AuditScope;
  period: AuditPeriod;
  index: IndexStatus;
  ministries: MinistryTerm[];
  universities: UniversityFigures[];
  anchoring: MonthlyAnchoring[];
  revocations: RevocationSummary[];
  suspensions: Suspension[];
  keys: SignerKeyRecord[];
  anomalies: Anomaly[];
}

const sumFor = <T extends { universityId: number }>(
  rows: readonly T[],
  id: number,
  value: (row: T) => number,
): number => rows.reduce((sum, row) => (row.universityId === id ? sum + value(row) : sum), 0);

export function auditReport(
  db: Database,
  {
    scope,
    period = ALL_TIME,
    thresholds = {},
  }: { scope: AuditScope; period?: AuditPeriod; thresholds?: Partial<AnomalyThresholds> },
): AuditReport {
  const filter = { scope, period };
  const anchoring = anchoringByMonth(db, filter);
  const revocations = revocationsByReason(db, filter);
  const suspended = suspensions(db, filter);
  return {
    scope,
    period,
    index: indexStatus(db),
    ministries: ministries(db, filter),
    universities: universities(db, filter).map((university) => ({
      ...university,
      batches: sumFor(anchoring, university.id, (r) => r.batches),
      certificates: sumFor(anchoring, university.id, (r) => r.certificates),
      revokedCertificates: sumFor(revocations, university.id, (r) => r.certificates + r.certificatesInBatches),
      suspensions: sumFor(suspended, university.id, () => 1),
    })),
    anchoring,
    revocations,
    suspensions: suspended,
    keys: signerKeys(db, filter),
    anomalies: anomalies(db, filter, thresholds),
  };
}
