import type { Database } from "../db/database";
import { hashPassword } from "../auth/passwords";
import { revokeTokensOf } from "../auth/tokens";
import type { Role } from "../auth/tokens";

export interface StaffRecord {
  id: number;
  universityId: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** Holds a one-time password from an admin's reset, to be changed at the next sign-in. */
  mustChangePassword: boolean;
  createdAt: number;
}

const SELECT_STAFF = `SELECT id, university_id AS universityId, email, name, role, disabled_at IS NOT NULL AS disabled,
  must_change_password AS mustChangePassword, created_at AS createdAt FROM staff`;

function toRecord(
  row: StaffRecord & { disabled: number | boolean; mustChangePassword: number | boolean },
): StaffRecord {
  return { ...row, disabled: Boolean(row.disabled), mustChangePassword: Boolean(row.mustChangePassword) };
}

export async function createStaff(
  db: Database,
  input: { universityId: number; email: string; name: string; role: Role; password: string },
  now: Date,
): Promise<StaffRecord> {
  const passwordHash = await hashPassword(input.password);
  const { lastInsertRowid } = db
    .prepare(
      "INSERT INTO staff (university_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .run(input.universityId, input.email, input.name, input.role, passwordHash, now.getTime());
  return getStaff(db, Number(lastInsertRowid)) as StaffRecord;
}

export function getStaff(db: Database, id: number): StaffRecord | undefined {
  const row = db.prepare(`${SELECT_STAFF} WHERE id = ?`).get(id) as
    (StaffRecord & { disabled: number; mustChangePassword: number }) | undefined;
  return row && toRecord(row);
}

export function listStaff(db: Database, universityId: number): StaffRecord[] {
  return (
    db.prepare(`${SELECT_STAFF} WHERE university_id = ? ORDER BY id`).all(universityId) as (StaffRecord & {
      disabled: number;
      mustChangePassword: number;
    })[]
  ).map(toRecord);
}

export function findStaffForLogin(
  db: Database,
  email: string,
): { id: number; passwordHash: string; disabled: boolean } | undefined {
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
    if (change.disabled) revokeTokensOf(db, id, ["session", "api"], now);
  }
}

/** Admins of a university who can still sign in: the last one may be neither disabled nor demoted. */
export function activeAdminCount(db: Database, universityId: number): number {
  return db
    .prepare("SELECT COUNT(*) FROM staff WHERE university_id = ? AND role = 'admin' AND disabled_at IS NULL")
    .pluck()
    .get(universityId) as number;
}

/**
 * Sets a new password and ends the sessions the old one opened. The holder's own change keeps their
 * API tokens (integrations go on; they are listed and revocable); an admin's reset makes the password
 * one-time and ends the API tokens too, since a reset usually means the account was lost or exposed.
 */
export async function setPassword(
  db: Database,
  id: number,
  password: string,
  { oneTime }: { oneTime: boolean },
  now: Date,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  db.transaction(() => {
    db.prepare("UPDATE staff SET password_hash = ?, must_change_password = ? WHERE id = ?").run(
      passwordHash,
      oneTime ? 1 : 0,
      id,
    );
    revokeTokensOf(db, id, oneTime ? ["session", "api"] : ["session"], now);
  })();
}
