import { REVOCATION_REASONS } from "../../core";
import type { Anomaly } from "./anomalies";
import type { AccreditationInterval } from "./registry-state";
import type { AuditReport } from "./report";

/** English texts shared by the CLI's tables and its CSV file (the dashboard has its own ar/en/fr). */

/** A UNIX time as an ISO 8601 UTC instant without milliseconds, "" for 0 (never). */
export function isoTime(seconds: number): string {
  return seconds === 0 ? "" : new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

/** The UTC day (YYYY-MM-DD) of a UNIX time. */
export function isoDay(seconds: number): string {
  return isoTime(seconds).slice(0, 10);
}

export function reasonLabel(reason: number): string {
  return reason in REVOCATION_REASONS
    ? REVOCATION_REASONS[reason as keyof typeof REVOCATION_REASONS].en
    : `reason ${reason}`;
}

/** "2026-01-05 – 2026-03-01 (suspended: fraud inquiry); 2026-04-02 –" */
export function describeAccreditation(intervals: readonly AccreditationInterval[]): string {
  return intervals
    .map((interval) => {
      const suspension = interval.suspensionReason === undefined ? "" : ` (suspended: ${interval.suspensionReason})`;
      return `${isoDay(interval.from)} – ${isoDay(interval.until)}${suspension}`.trimEnd();
    })
    .join("; ");
}

/** The English name of each university of a report, by id. */
export function universityNames(report: AuditReport): (id: number) => string {
  const names = new Map(report.universities.map((university) => [university.id, university.names.en]));
  return (id) => names.get(id) ?? `university ${id}`;
}

/** When an anomaly happened, its main figure and a sentence about it. */
export function describeAnomaly(anomaly: Anomaly): { when: string; value: number; detail: string } {
  switch (anomaly.kind) {
    case "anchoring-burst":
      return {
        when: anomaly.day,
        value: anomaly.certificates,
        detail: `${anomaly.certificates} certificates anchored in one day, ${(anomaly.certificates / Math.max(anomaly.baselineMedian, 1)).toFixed(1)}× the median of ${anomaly.baselineMedian} on earlier active days`,
      };
    case "revocation-rate":
      return {
        when: "",
        value: Number(anomaly.rate.toFixed(4)),
        detail: `${anomaly.revoked} of the ${anomaly.anchored} certificates anchored in the period are revoked (${(anomaly.rate * 100).toFixed(1)}%)`,
      };
    case "anchors-before-suspension":
      return {
        when: isoTime(anomaly.suspendedAt),
        value: anomaly.certificates,
        detail: `${anomaly.roots.length} batch(es), ${anomaly.certificates} certificates anchored from ${isoTime(anomaly.firstAnchoredAt)} until the suspension (${anomaly.reason})`,
      };
  }
}
