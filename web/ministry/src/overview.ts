import type { LocalizedText, RevocationReason } from "../../../core";

/**
 * The parts of `GET /api/audit/overview` (server/audit/report.ts) that the dashboard shows. Declared
 * here because web pages never import the server; times are UNIX seconds, 0 meaning never.
 */
export interface Overview {
  index: { checkpoint: { number: number; hash: string; timestamp: number } | undefined; events: number };
  universities: UniversityFigures[];
  anchoring: { universityId: number; month: string; batches: number; certificates: number }[];
  revocations: {
    universityId: number;
    reason: RevocationReason;
    certificates: number;
    batches: number;
    certificatesInBatches: number;
  }[];
  suspensions: { universityId: number; suspendedAt: number; reason: string; reinstatedAt: number }[];
  keys: { key: string; universityId: number; validFrom: number; validUntil: number; revokedAt: number }[];
  anomalies: Anomaly[];
}

export interface UniversityFigures {
  id: number;
  country: string;
  operator: string;
  names: LocalizedText;
  state: "accredited" | "suspended" | "no-ministry";
  accreditation: { from: number; until: number; suspensionReason?: string }[];
  batches: number;
  certificates: number;
  revokedCertificates: number;
}

export type Anomaly =
  | { kind: "anchoring-burst"; universityId: number; day: string; certificates: number; baselineMedian: number }
  | { kind: "revocation-rate"; universityId: number; anchored: number; revoked: number; rate: number }
  | {
      kind: "anchors-before-suspension";
      universityId: number;
      suspendedAt: number;
      certificates: number;
      firstAnchoredAt: number;
    };

/** What the ministry asks to see: a country or all, and a period of whole days (YYYY-MM-DD, both included). */
export interface OverviewQuery {
  country: string;
  from: string;
  to: string;
}

/** Fetches the figures from an audit index's `GET /api/audit/overview` (`endpoint`). */
export async function fetchOverview(endpoint: string, query: OverviewQuery): Promise<Overview> {
  const url = new URL(endpoint);
  for (const [name, value] of Object.entries(query)) if (value) url.searchParams.set(name, value);
  const response = await fetch(url, {
    cache: "no-store",
    headers: { "accept-language": document.documentElement.lang },
  });
  const body = (await response.json()) as Overview | { error: { message: string; details?: unknown } };
  if ("error" in body)
    throw new Error(typeof body.error.details === "string" ? body.error.details : body.error.message);
  return body;
}
