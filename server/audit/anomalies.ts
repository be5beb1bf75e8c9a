import type { Database } from "better-sqlite3";
import { ALL_TIME, IN_SCOPE, filterParams } from "./scope";
import type { AuditFilter } from "./scope";

/**
 * Flags worth a ministry's look. A flag is a question, not a verdict: a graduation day is a
 * legitimate burst, a data-entry error a legitimate revocation.
 */
export interface AnomalyThresholds {
  /** A day's certificates count as a burst above this multiple of the median of earlier active days… */
  burstFactor: number;
  /** …and when they are at least this many (a university with 2 a day sending 15 is not news). */
  burstMinimumCertificates: number;
  /** Earlier active days (days with anchors) the median is taken over, the most recent first. */
  burstBaselineDays: number;
  /** Fewer earlier active days than this: no baseline yet, so no burst flag. */
  burstMinimumHistoryDays: number;
  /** Share of the certificates anchored in the period that are revoked, above which a flag is raised… */
  revocationRate: number;
  /** …if the university anchored at least this many certificates in the period. */
  revocationMinimumCertificates: number;
  /** Anchors this long (seconds) or less before a suspension are flagged. */
  suspensionWindowSeconds: number;
}

export const DEFAULT_THRESHOLDS: AnomalyThresholds = {
  burstFactor: 5,
  burstMinimumCertificates: 100,
  burstBaselineDays: 30,
  burstMinimumHistoryDays: 3,
  revocationRate: 0.05,
  revocationMinimumCertificates: 20,
  suspensionWindowSeconds: 48 * 3600,
};

export type Anomaly =
  | {
      kind: "anchoring-burst";
      universityId: number;
      country: string;
      /** The UTC day (YYYY-MM-DD) of the burst. */
      day: string;
      certificates: number;
      baselineMedian: number;
    }
  | {
      kind: "revocation-rate";
      universityId: number;
      country: string;
      /** Certificates anchored in the period, and how many of them are revoked (singly or with their batch). */
      anchored: number;
      revoked: number;
      rate: number;
    }
  | {
      kind: "anchors-before-suspension";
      universityId: number;
      country: string;
      suspendedAt: number;
      reason: string;
      /** The batches anchored in the window before the suspension. */
      roots: string[];
      certificates: number;
      firstAnchoredAt: number;
    };

/** Every anomaly of the universities in scope, in the period: bursts, revocation rates, anchors before a suspension. */
export function anomalies(db: Database, filter: AuditFilter, thresholds: Partial<AnomalyThresholds> = {}): Anomaly[] {
  const limits = { ...DEFAULT_THRESHOLDS, ...thresholds };
  return [
    ...anchoringBursts(db, filter, limits),
    ...revocationRates(db, filter, limits),
    ...anchorsBeforeSuspension(db, filter, limits),
  ];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function anchoringBursts(db: Database, filter: AuditFilter, limits: AnomalyThresholds): Anomaly[] {
  const from = (filter.period ?? ALL_TIME).from;
  // Days before the period count too: they are the baseline of the period's first days.
  const days = db
    .prepare<
      Record<string, unknown>,
      { universityId: number; country: string; day: string; certificates: number; start: number }
    >(
      `SELECT b.university_id AS universityId, u.country, strftime('%Y-%m-%d', b.anchored_at, 'unixepoch') AS day,
         SUM(b.count) AS certificates, MIN(b.anchored_at) AS start
       FROM batches b JOIN universities u ON u.id = b.university_id
       WHERE ${IN_SCOPE} AND b.anchored_at < @to
       GROUP BY b.university_id, day ORDER BY b.university_id, day`,
    )
    .all(filterParams(filter));
  const found: Anomaly[] = [];
  let history: number[] = [];
  days.forEach((today, i) => {
    if (days[i - 1]?.universityId !== today.universityId) history = [];
    const baseline = history.slice(-limits.burstBaselineDays);
    history.push(today.certificates);
    if (today.start < from || baseline.length < limits.burstMinimumHistoryDays) return;
    const baselineMedian = median(baseline);
    if (
      today.certificates >= limits.burstMinimumCertificates &&
      today.certificates > limits.burstFactor * baselineMedian
    ) {
      const { universityId, country, day, certificates } = today;
      found.push({ kind: "anchoring-burst", universityId, country, day, certificates, baselineMedian });
    }
  });
  return found;
}

function revocationRates(db: Database, filter: AuditFilter, limits: AnomalyThresholds): Anomaly[] {
  // A leaf revocation is not checked on chain against the batch's leaves, so at most `count` of a
  // batch's revocations count; a revoked batch counts whole.
  const rows = db
    .prepare<Record<string, unknown>, { universityId: number; country: string; anchored: number; revoked: number }>(
      `SELECT b.university_id AS universityId, u.country, SUM(b.count) AS anchored,
         SUM(CASE WHEN br.root IS NOT NULL THEN b.count
                  ELSE MIN(b.count, (SELECT COUNT(*) FROM revocations r WHERE r.university_id = b.university_id AND r.root = b.root)) END) AS revoked
       FROM batches b JOIN universities u ON u.id = b.university_id
       LEFT JOIN batch_revocations br ON br.university_id = b.university_id AND br.root = b.root
       WHERE ${IN_SCOPE} AND b.anchored_at >= @from AND b.anchored_at < @to
       GROUP BY b.university_id ORDER BY b.university_id`,
    )
    .all(filterParams(filter));
  return rows
    .filter(
      (row) =>
        row.anchored >= limits.revocationMinimumCertificates && row.revoked > limits.revocationRate * row.anchored,
    )
    .map((row) => ({ kind: "revocation-rate", ...row, rate: row.revoked / row.anchored }));
}

function anchorsBeforeSuspension(db: Database, filter: AuditFilter, limits: AnomalyThresholds): Anomaly[] {
  const rows = db
    .prepare<
      Record<string, unknown>,
      {
        universityId: number;
        country: string;
        suspendedAt: number;
        reason: string;
        roots: string;
        certificates: number;
        firstAnchoredAt: number;
      }
    >(
      `SELECT a.university_id AS universityId, u.country, a.suspended_at AS suspendedAt, a.suspension_reason AS reason,
         json_group_array(b.root) AS roots, SUM(b.count) AS certificates, MIN(b.anchored_at) AS firstAnchoredAt
       FROM accreditations a JOIN universities u ON u.id = a.university_id
       JOIN batches b ON b.university_id = a.university_id AND b.anchored_at >= a.suspended_at - @window
         AND b.block_number <= a.until_block
       WHERE ${IN_SCOPE} AND a.suspended_at >= @from AND a.suspended_at < @to
       GROUP BY a.rowid ORDER BY a.until_at`,
    )
    .all({ ...filterParams(filter), window: limits.suspensionWindowSeconds });
  return rows.map((row) => ({ kind: "anchors-before-suspension", ...row, roots: JSON.parse(row.roots) as string[] }));
}
