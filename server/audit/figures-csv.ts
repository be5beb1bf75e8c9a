import { describeAccreditation, describeAnomaly, isoDay, isoTime, reasonLabel } from "./format";
import type { AuditReport } from "./report";

/**
 * The figures of a report as one CSV table in long form, a figure a row, so that one file holds every
 * section and a spreadsheet's pivot table or filter can take it apart:
 *
 *   section      date                item                         value            detail
 *   university   first accreditation state                        certificates     accreditation intervals
 *   anchoring    YYYY-MM             certificates | batches       count
 *   revocation   (the period)        <reason>: certificates | batches | certificates in batches
 *   suspension   time                suspended                    0/1 reinstated   reason, reinstatement
 *   anomaly      day or time         <kind>                       main figure      sentence
 */
const FIGURE_COLUMNS = [
  "section",
  "country",
  "university_id",
  "university",
  "university_ar",
  "date",
  "item",
  "value",
  "detail",
] as const;

type Cell = string | number;
type FigureRow = [section: string, universityId: number, date: string, item: string, value: Cell, detail: string];

/** A CSV cell: quoted when needed, and text a spreadsheet would run as a formula made inert. */
export function csvCell(value: Cell): string {
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function figuresCsv(report: AuditReport): string {
  const rows: FigureRow[] = [];
  for (const u of report.universities) {
    rows.push([
      "university",
      u.id,
      isoDay(u.accreditation[0]?.from ?? 0),
      u.state,
      u.certificates,
      `${u.batches} batches, ${u.revokedCertificates} revoked, ${u.suspensions} suspensions in the period; accredited ${describeAccreditation(u.accreditation)}`,
    ]);
  }
  for (const a of report.anchoring) {
    rows.push(
      ["anchoring", a.universityId, a.month, "certificates", a.certificates, ""],
      ["anchoring", a.universityId, a.month, "batches", a.batches, ""],
    );
  }
  for (const r of report.revocations) {
    const reason = reasonLabel(r.reason);
    if (r.certificates > 0)
      rows.push(["revocation", r.universityId, "", `${reason}: certificates`, r.certificates, "revoked one by one"]);
    if (r.batches > 0) {
      rows.push(
        ["revocation", r.universityId, "", `${reason}: batches`, r.batches, "whole batches revoked"],
        [
          "revocation",
          r.universityId,
          "",
          `${reason}: certificates in batches`,
          r.certificatesInBatches,
          "certificates of the whole batches revoked",
        ],
      );
    }
  }
  for (const s of report.suspensions) {
    const reinstated = s.reinstatedAt === 0 ? "still suspended" : `reinstated ${isoTime(s.reinstatedAt)}`;
    rows.push([
      "suspension",
      s.universityId,
      isoTime(s.suspendedAt),
      "suspended",
      s.reinstatedAt === 0 ? 0 : 1,
      `${s.reason}; ${reinstated}`,
    ]);
  }
  for (const anomaly of report.anomalies) {
    const { when, value, detail } = describeAnomaly(anomaly);
    rows.push(["anomaly", anomaly.universityId, when, anomaly.kind, value, detail]);
  }
  const universities = new Map(report.universities.map((u) => [u.id, u]));
  // A byte order mark, or Excel reads UTF-8 as the Windows code page and garbles the Arabic names.
  return (
    "\uFEFF" +
    csvLine(FIGURE_COLUMNS) +
    rows
      .map(([section, id, date, item, value, detail]) => {
        const u = universities.get(id);
        return csvLine([
          section,
          u?.country ?? "",
          id,
          u?.names.en ?? "",
          u?.names.ar ?? "",
          date,
          item,
          value,
          detail,
        ]);
      })
      .join("")
  );
}
