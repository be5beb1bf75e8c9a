import type { Database } from "../db/database";

/** The universities' own four-eyes approval policies (`approval_policies`). */
export function approvalStore(db: Database) {
  const statements = {
    policyOf: db.prepare(
      "SELECT threshold, window_seconds AS windowSeconds FROM approval_policies WHERE university_id = ?",
    ),
    setPolicy: db.prepare(
      `INSERT INTO approval_policies (university_id, threshold, window_seconds, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (university_id) DO UPDATE SET threshold = excluded.threshold, window_seconds = excluded.window_seconds,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ),
  };

  return {
    policyOf: (universityId: number) =>
      statements.policyOf.get(universityId) as { threshold: number; windowSeconds: number } | undefined,
    setPolicy(
      universityId: number,
      policy: { threshold: number; windowSeconds: number },
      staffId: number,
      at: number,
    ): void {
      statements.setPolicy.run(universityId, policy.threshold, policy.windowSeconds, staffId, at);
    },
  };
}
