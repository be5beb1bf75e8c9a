import type { Database } from "./db/database";
import { storeOf } from "./store";

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
  storeOf(db).auditLog.record({
    at: at.getTime(),
    universityId: entry.universityId,
    staffId: entry.staffId,
    action: entry.action,
    target: entry.target ?? null,
    detailJson: entry.detail ? JSON.stringify(entry.detail) : null,
    ip: entry.ip ?? null,
  });
}
