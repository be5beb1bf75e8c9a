import type { Database } from "../db/database";

/** Figures of the issuance pipeline, for metrics and health. */
export function countStore(db: Database) {
  const byStatus = (table: string) => db.prepare(`SELECT status, COUNT(*) AS n FROM ${table} GROUP BY status`);
  const statements = {
    certificates: byStatus("certificates"),
    batches: byStatus("batches"),
    chainTransactions: byStatus("chain_transactions"),
    certificatesInProgress: db
      .prepare("SELECT COUNT(*) FROM certificates WHERE status NOT IN ('confirmed', 'failed')")
      .pluck(),
    chainTransactionsInProgress: db
      .prepare("SELECT COUNT(*) FROM chain_transactions WHERE status IN ('queued', 'submitted')")
      .pluck(),
  };
  const read = (statement: typeof statements.certificates) => () => statement.all() as { status: string; n: number }[];
  return {
    certificatesByStatus: read(statements.certificates),
    batchesByStatus: read(statements.batches),
    chainTransactionsByStatus: read(statements.chainTransactions),
    /** Certificates not anchored yet, and not failed: what the worker still has to do. */
    certificatesInProgress: () => statements.certificatesInProgress.get() as number,
    /** Chain transactions queued or sent, not confirmed yet. */
    chainTransactionsInProgress: () => statements.chainTransactionsInProgress.get() as number,
  };
}
