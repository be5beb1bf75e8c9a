import type { Database } from "./db/database";

export interface AuditEntry {
  universityId: number | null;
  staffId: number | null;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
  ip?: string | undefined;
}

/** Records a staff action (who, what, when, from where). Never holds passwords, tokens or secrets. */
export function recordAudit(db: Database, entry: AuditEntry, at: Date = new Date()): void {
  db.prepare(
    "INSERT INTO audit_log (at, university_id, staff_id, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).run(
    at.getTime(),
    entry.universityId,
    entry.staffId,
    entry.action,
    entry.target ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
    entry.ip ?? null,
  );
}
