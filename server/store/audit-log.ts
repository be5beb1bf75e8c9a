import type { Database } from "../db/database";

/** The staff actions log (`audit_log`). */
export function auditLogStore(db: Database) {
  const insert = db.prepare(
    "INSERT INTO audit_log (at, university_id, staff_id, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  return {
    record(entry: {
      at: number;
      universityId: number | null;
      staffId: number | null;
      action: string;
      target: string | null;
      detailJson: string | null;
      ip: string | null;
    }): void {
      insert.run(entry.at, entry.universityId, entry.staffId, entry.action, entry.target, entry.detailJson, entry.ip);
    },
  };
}
