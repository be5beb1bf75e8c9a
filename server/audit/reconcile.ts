import type { Database } from "better-sqlite3";
import type { RevocationReason } from "../../core";
import { AuditError } from "./errors";
import { indexStatus } from "./queries";
import type { IndexStatus } from "./queries";
import type { ExportedCertificate } from "./university-export";

/**
 * What the comparison can and cannot tell, printed with every result. The chain knows batches (root
 * under the university that anchored it, certificate count, time) and the leaves that were revoked;
 * it never learns which certificates a batch holds.
 */
export const CHAIN_LIMITS: readonly string[] = [
  "The chain records each batch as a Merkle root under the university that anchored it, with its certificate count and time, not the certificates (leaves) it holds; certificates are compared through their batch root, among this university's batches only.",
  "A root match does not prove that a listed certificate belongs to that batch: only the certificate's Merkle proof (in the credential) does.",
  "Single certificates are known to the chain only once revoked (their leaf is logged); the contract does not check that a revoked leaf belongs to the batch.",
  "A count difference says how many certificates of a batch are unaccounted for, not which ones.",
];

export interface MissingBatch {
  root: string;
  /** Certificates of the export under this root. */
  exportedCertificates: number;
  /**
   * `not-anchored`: this university never anchored the root. Another university may have (see
   * `rootsAnchoredByOthers`), but its batch is not this one: the registry keeps batches per university.
   */
  problem: "not-anchored" | "batch-revoked";
  revokedAt?: number;
  reason?: RevocationReason;
}

export interface RevokedCertificate {
  id?: string;
  root: string;
  leaf: string;
  reason: RevocationReason;
  revokedAt: number;
}

export interface ExtraBatch {
  root: string;
  count: number;
  anchoredAt: number;
  txHash: string;
}

/** The same root anchored by another university: its batch there. */
export interface OtherAnchor {
  root: string;
  universityId: number;
  count: number;
  anchoredAt: number;
  txHash: string;
}

export interface CountDifference {
  root: string;
  onChain: number;
  exported: number;
  /** onChain − exported: positive when the chain counts certificates the export does not list. */
  difference: number;
}

export interface ReconcileReport {
  universityId: number;
  /** The comparison is as of this block. */
  asOf: IndexStatus["checkpoint"];
  exported: { certificates: number; batches: number; duplicates: number };
  onChain: { batches: number; certificates: number };
  /** In the export but not (or no longer) valid on chain. */
  missingOnChain: { batches: MissingBatch[]; revokedCertificates: RevokedCertificate[] };
  /** On chain for this university but not in the export. */
  extraOnChain: { batches: ExtraBatch[]; revokedLeaves: RevokedCertificate[] };
  /** Batches in both whose certificate count differs. */
  countDifferences: CountDifference[];
  /**
   * Roots of the export or of this university's batches that other universities anchored too. Not a
   * difference (no credential of this university is checked against another university's batch), but
   * nobody else should hold this university's roots: a sign of a front-run (a root copied from a
   * pending anchoring transaction) or of a copied export.
   */
  rootsAnchoredByOthers: OtherAnchor[];
  limits: readonly string[];
}

interface ChainBatch {
  count: number;
  revokedAt: number | null;
  reason: RevocationReason | null;
}

/** The export's certificates by batch root, each leaf once; a leaf listed again is a duplicate. */
function groupByRoot(exported: readonly ExportedCertificate[]) {
  const byRoot = new Map<string, Map<string, ExportedCertificate>>();
  let duplicates = 0;
  for (const certificate of exported) {
    const leaves = byRoot.get(certificate.root) ?? new Map<string, ExportedCertificate>();
    if (leaves.has(certificate.leaf)) duplicates++;
    else leaves.set(certificate.leaf, certificate);
    byRoot.set(certificate.root, leaves);
  }
  return { byRoot, duplicates };
}

/** What the comparison reads from the index, prepared once per report. */
function indexQueries(db: Database) {
  return {
    batchOf: db.prepare<[number, string], ChainBatch>(
      `SELECT b.count, br.revoked_at AS revokedAt, br.reason
       FROM batches b LEFT JOIN batch_revocations br ON br.university_id = b.university_id AND br.root = b.root
       WHERE b.university_id = ? AND b.root = ?`,
    ),
    revokedLeaves: db.prepare<[number, string], { leaf: string; reason: RevocationReason; revokedAt: number }>(
      "SELECT leaf, reason, revoked_at AS revokedAt FROM revocations WHERE university_id = ? AND root = ? ORDER BY block_number, leaf",
    ),
    othersOf: db.prepare<[string, number], Omit<OtherAnchor, "root">>(
      `SELECT university_id AS universityId, count, anchored_at AS anchoredAt, tx_hash AS txHash
       FROM batches WHERE root = ? AND university_id <> ? ORDER BY block_number, university_id`,
    ),
    anchored: db.prepare<[number], ExtraBatch>(
      "SELECT root, count, anchored_at AS anchoredAt, tx_hash AS txHash FROM batches WHERE university_id = ? ORDER BY block_number, root",
    ),
  };
}
type IndexQueries = ReturnType<typeof indexQueries>;

/**
 * One batch of the export against this university's batch of the same root: not anchored, revoked
 * whole, or anchored with leaves revoked one by one (listed in the export: missing; not: extra), and
 * whether the certificate counts agree.
 */
function compareBatch(
  report: ReconcileReport,
  queries: IndexQueries,
  root: string,
  leaves: ReadonlyMap<string, ExportedCertificate>,
): void {
  const batch = queries.batchOf.get(report.universityId, root);
  const exportedCertificates = leaves.size;
  if (!batch) {
    report.missingOnChain.batches.push({ root, exportedCertificates, problem: "not-anchored" });
    return;
  }
  if (batch.revokedAt !== null && batch.reason !== null) {
    report.missingOnChain.batches.push({
      root,
      exportedCertificates,
      problem: "batch-revoked",
      revokedAt: batch.revokedAt,
      reason: batch.reason,
    });
  } else {
    for (const revoked of queries.revokedLeaves.all(report.universityId, root)) {
      const listed = leaves.get(revoked.leaf);
      const record = { root, leaf: revoked.leaf, reason: revoked.reason, revokedAt: revoked.revokedAt };
      if (listed)
        report.missingOnChain.revokedCertificates.push({ ...(listed.id ? { id: listed.id } : {}), ...record });
      else report.extraOnChain.revokedLeaves.push(record);
    }
  }
  if (batch.count !== exportedCertificates) {
    report.countDifferences.push({
      root,
      onChain: batch.count,
      exported: exportedCertificates,
      difference: batch.count - exportedCertificates,
    });
  }
}

/** Compares a university's export of issued certificates with what the index holds of the chain. */
export function reconcile(
  db: Database,
  universityId: number,
  exported: readonly ExportedCertificate[],
): ReconcileReport {
  if (!db.prepare("SELECT 1 FROM universities WHERE id = ?").get(universityId)) {
    throw new AuditError(
      "AUDIT_UNKNOWN_UNIVERSITY",
      `university ${universityId} is not in the issuer registry (as indexed)`,
    );
  }
  const { byRoot, duplicates } = groupByRoot(exported);
  const queries = indexQueries(db);
  const report: ReconcileReport = {
    universityId,
    asOf: indexStatus(db).checkpoint,
    exported: { certificates: exported.length - duplicates, batches: byRoot.size, duplicates },
    onChain: { batches: 0, certificates: 0 },
    missingOnChain: { batches: [], revokedCertificates: [] },
    extraOnChain: { batches: [], revokedLeaves: [] },
    countDifferences: [],
    rootsAnchoredByOthers: [],
    limits: CHAIN_LIMITS,
  };
  for (const [root, leaves] of byRoot) compareBatch(report, queries, root, leaves);

  const anchored = queries.anchored.all(universityId);
  for (const batch of anchored) {
    report.onChain.batches++;
    report.onChain.certificates += batch.count;
    if (!byRoot.has(batch.root)) report.extraOnChain.batches.push(batch);
  }
  for (const root of new Set([...byRoot.keys(), ...anchored.map((batch) => batch.root)])) {
    for (const other of queries.othersOf.all(root, universityId)) report.rootsAnchoredByOthers.push({ root, ...other });
  }
  return report;
}

/** Whether the export and the chain agree (nothing missing, nothing extra, no count difference). */
export function reconciled(report: ReconcileReport): boolean {
  return (
    report.missingOnChain.batches.length +
      report.missingOnChain.revokedCertificates.length +
      report.extraOnChain.batches.length +
      report.extraOnChain.revokedLeaves.length +
      report.countDifferences.length ===
    0
  );
}
