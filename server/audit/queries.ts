import type { Database } from "better-sqlite3";
import type { RevocationReason } from "../../core";
import { IN_SCOPE, filterParams } from "./scope";
import type { AuditFilter } from "./scope";

/**
 * Read-only queries on the audit index for the CLI and the ministry dashboard. Pure: they read the
 * store and nothing else, and take a scope (one country or all), optionally a university and a
 * period [from, to) of UNIX seconds. Months and days are UTC. Times are UNIX seconds, 0 meaning never
 * (as in core's `Interval`).
 */

export interface IndexStatus {
  /** The last indexed block: every figure is as of this block. */
  checkpoint: { number: number; hash: string; timestamp: number } | undefined;
  events: number;
}

export interface MonthlyAnchoring {
  universityId: number;
  country: string;
  /** YYYY-MM (UTC). */
  month: string;
  batches: number;
  certificates: number;
}

/** A batch is identified by its university and root together: another university may anchor the same root. */
export interface AnchoredBatch {
  root: string;
  universityId: number;
  country: string;
  count: number;
  anchoredAt: number;
  blockNumber: number;
  txHash: string;
  /** Certificates of the batch revoked one by one (leaves), whenever. */
  revokedCertificates: number;
  batchRevokedAt: number;
  batchRevocationReason: RevocationReason | 0;
}

export interface RevocationRecord {
  /** `certificate`: one leaf of a batch; `batch`: the whole batch (`certificates` of them). */
  kind: "certificate" | "batch";
  root: string;
  leaf: string | undefined;
  universityId: number;
  country: string;
  reason: RevocationReason;
  certificates: number;
  revokedBy: string;
  /** Revoked by the ministry of the university's country rather than by the university itself. */
  byMinistry: boolean;
  revokedAt: number;
  blockNumber: number;
  txHash: string;
}

export interface RevocationSummary {
  universityId: number;
  country: string;
  reason: RevocationReason;
  /** Certificates revoked one by one. */
  certificates: number;
  /** Whole batches revoked, and the certificates they held. */
  batches: number;
  certificatesInBatches: number;
}

export interface Suspension {
  universityId: number;
  country: string;
  suspendedAt: number;
  reason: string;
  /** 0 while still suspended. */
  reinstatedAt: number;
  txHash: string;
}

/** Paging of long lists (batches, revocations); all rows by default. */
export interface Page {
  limit?: number;
  offset?: number;
}

const pageParams = ({ limit = -1, offset = 0 }: Page = {}) => ({ limit, offset });

export function indexStatus(db: Database): IndexStatus {
  const checkpoint = db
    .prepare<[], { number: number; hash: string; timestamp: number }>(
      "SELECT c.block_number AS number, c.block_hash AS hash, b.timestamp FROM checkpoint c JOIN blocks b ON b.number = c.block_number",
    )
    .get();
  const events = db.prepare<[], number>("SELECT COUNT(*) FROM events").pluck().get() ?? 0;
  return { checkpoint, events };
}

/** Certificates and batches anchored per university per month (UTC) of the period. */
export function anchoringByMonth(db: Database, filter: AuditFilter): MonthlyAnchoring[] {
  return db
    .prepare<Record<string, unknown>, MonthlyAnchoring>(
      `SELECT b.university_id AS universityId, u.country, strftime('%Y-%m', b.anchored_at, 'unixepoch') AS month,
         COUNT(*) AS batches, SUM(b.count) AS certificates
       FROM batches b JOIN universities u ON u.id = b.university_id
       WHERE ${IN_SCOPE} AND b.anchored_at >= @from AND b.anchored_at < @to
       GROUP BY b.university_id, month ORDER BY month, b.university_id`,
    )
    .all(filterParams(filter));
}

/** Batches anchored in the period, oldest first, with what was revoked in them so far. */
export function batches(db: Database, filter: AuditFilter, page?: Page): AnchoredBatch[] {
  return db
    .prepare<Record<string, unknown>, AnchoredBatch>(
      `SELECT b.root, b.university_id AS universityId, u.country, b.count, b.anchored_at AS anchoredAt,
         b.block_number AS blockNumber, b.tx_hash AS txHash,
         (SELECT COUNT(*) FROM revocations r WHERE r.university_id = b.university_id AND r.root = b.root) AS revokedCertificates,
         COALESCE(br.revoked_at, 0) AS batchRevokedAt, COALESCE(br.reason, 0) AS batchRevocationReason
       FROM batches b JOIN universities u ON u.id = b.university_id
       LEFT JOIN batch_revocations br ON br.university_id = b.university_id AND br.root = b.root
       WHERE ${IN_SCOPE} AND b.anchored_at >= @from AND b.anchored_at < @to
       ORDER BY b.block_number, b.university_id, b.root LIMIT @limit OFFSET @offset`,
    )
    .all({ ...filterParams(filter), ...pageParams(page) });
}

/** Revocations made in the period, of single certificates and of whole batches, oldest first. */
export function revocations(db: Database, filter: AuditFilter, page?: Page): RevocationRecord[] {
  const rows = db
    .prepare<
      Record<string, unknown>,
      Omit<RevocationRecord, "byMinistry" | "leaf"> & { leaf: string | null; byMinistry: number }
    >(
      `SELECT * FROM (
         SELECT 'certificate' AS kind, r.root, r.leaf, r.university_id AS universityId, u.country, r.reason, 1 AS certificates,
           r.revoked_by AS revokedBy, lower(r.revoked_by) <> lower(u.operator) AS byMinistry, r.revoked_at AS revokedAt,
           r.block_number AS blockNumber, r.tx_hash AS txHash
         FROM revocations r JOIN universities u ON u.id = r.university_id
         WHERE ${IN_SCOPE} AND r.revoked_at >= @from AND r.revoked_at < @to
         UNION ALL
         SELECT 'batch', br.root, NULL, br.university_id, u.country, br.reason, b.count,
           br.revoked_by, lower(br.revoked_by) <> lower(u.operator), br.revoked_at, br.block_number, br.tx_hash
         FROM batch_revocations br JOIN batches b ON b.university_id = br.university_id AND b.root = br.root
         JOIN universities u ON u.id = br.university_id
         WHERE ${IN_SCOPE} AND br.revoked_at >= @from AND br.revoked_at < @to
       ) ORDER BY blockNumber, universityId, root, leaf LIMIT @limit OFFSET @offset`,
    )
    .all({ ...filterParams(filter), ...pageParams(page) });
  return rows.map((row) => ({ ...row, leaf: row.leaf ?? undefined, byMinistry: row.byMinistry === 1 }));
}

/** Revocations made in the period, counted per university and reason. */
export function revocationsByReason(db: Database, filter: AuditFilter): RevocationSummary[] {
  return db
    .prepare<Record<string, unknown>, RevocationSummary>(
      `SELECT universityId, u.country, reason, SUM(certificates) AS certificates, SUM(batches) AS batches,
         SUM(certificatesInBatches) AS certificatesInBatches
       FROM (
         SELECT university_id AS universityId, reason, 1 AS certificates, 0 AS batches, 0 AS certificatesInBatches
         FROM revocations WHERE revoked_at >= @from AND revoked_at < @to
         UNION ALL
         SELECT br.university_id, br.reason, 0, 1, b.count
         FROM batch_revocations br JOIN batches b ON b.university_id = br.university_id AND b.root = br.root
         WHERE br.revoked_at >= @from AND br.revoked_at < @to
       ) JOIN universities u ON u.id = universityId
       WHERE ${IN_SCOPE} GROUP BY universityId, reason ORDER BY universityId, reason`,
    )
    .all(filterParams(filter));
}

/** Suspensions made in the period, with their reason and when (if ever) the university was reinstated. */
export function suspensions(db: Database, filter: AuditFilter): Suspension[] {
  return db
    .prepare<Record<string, unknown>, Suspension>(
      `SELECT a.university_id AS universityId, u.country, a.suspended_at AS suspendedAt, a.suspension_reason AS reason,
         COALESCE((SELECT n.from_at FROM accreditations n WHERE n.university_id = a.university_id AND n.rowid > a.rowid
                   ORDER BY n.rowid LIMIT 1), 0) AS reinstatedAt,
         a.suspension_tx AS txHash
       FROM accreditations a JOIN universities u ON u.id = a.university_id
       WHERE ${IN_SCOPE} AND a.suspended_at >= @from AND a.suspended_at < @to
       ORDER BY a.until_block, a.rowid`,
    )
    .all(filterParams(filter));
}
