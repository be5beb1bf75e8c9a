import type { Database } from "../db/database";
import { hashPassword } from "../auth/passwords";
import type { Role } from "../auth/tokens";

export interface StaffRecord {
  id: number;
  universityId: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
}

const SELECT_STAFF = `SELECT id, university_id AS universityId, email, name, role, disabled_at IS NOT NULL AS disabled,
  created_at AS createdAt FROM staff`;

function toRecord(row: StaffRecord & { disabled: number | boolean }): StaffRecord {
  return { ...row, disabled: Boolean(row.disabled) };
}

export async function createStaff(
  db: Database,
  input: { universityId: number; email: string; name: string; role: Role; password: string },
  now: Date,
): Promise<StaffRecord> {
  const passwordHash = await hashPassword(input.password);
  const { lastInsertRowid } = db
    .prepare("INSERT INTO staff (university_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(input.universityId, input.email, input.name, input.role, passwordHash, now.getTime());
  return getStaff(db, Number(lastInsertRowid)) as StaffRecord;
}

export function getStaff(db: Database, id: number): StaffRecord | undefined {
  const row = db.prepare(`${SELECT_STAFF} WHERE id = ?`).get(id) as (StaffRecord & { disabled: number }) | undefined;
  return row && toRecord(row);
}

export function listStaff(db: Database, universityId: number): StaffRecord[] {
  return (db.prepare(`${SELECT_STAFF} WHERE university_id = ? ORDER BY id`).all(universityId) as (StaffRecord & { disabled: number })[]).map(toRecord);
}

export function findStaffForLogin(db: Database, email: string): { id: number; passwordHash: string; disabled: boolean } | undefined {
  const row = db
    .prepare("SELECT id, password_hash AS passwordHash, disabled_at IS NOT NULL AS disabled FROM staff WHERE email = ?")
    .get(email) as { id: number; passwordHash: string; disabled: number } | undefined;
  return row && { ...row, disabled: Boolean(row.disabled) };
}

export function updateStaff(
  db: Database,
  id: number,
  change: { role?: Role | undefined; disabled?: boolean | undefined },
  now: Date,
): void {
  if (change.role) db.prepare("UPDATE staff SET role = ? WHERE id = ?").run(change.role, id);
  if (change.disabled !== undefined) {
    db.prepare("UPDATE staff SET disabled_at = ? WHERE id = ?").run(change.disabled ? now.getTime() : null, id);
    if (change.disabled) db.prepare("UPDATE tokens SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL").run(now.getTime(), id);
  }
}
