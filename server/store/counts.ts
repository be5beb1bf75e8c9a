import type { Database } from "../db/database";

/** Figures of the issuance pipeline, for metrics and health. */
export function countStore(db: Database) {
  const byStatus = (table: string) => db.prepare(`SELECT status, COUNT(*) AS n FROM ${table} GROUP BY status`);
  const statements = {
    certificates: byStatus("certificates"),
    batches: byStatus("batches"),
    chainTransactions: byStatus("chain_transactions"),
  };
  const read = (statement: (typeof statements)[keyof typeof statements]) => () =>
    statement.all() as { status: string; n: number }[];
  return {
    certificatesByStatus: read(statements.certificates),
    batchesByStatus: read(statements.batches),
    chainTransactionsByStatus: read(statements.chainTransactions),
  };
}
