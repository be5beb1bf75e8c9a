import type { Database } from "../db/database";
import { hashPassword } from "../auth/passwords";
import { revokeTokensOf } from "../auth/tokens";
import type { Role } from "../auth/tokens";
import { storeOf } from "../store";
import type { StaffRecord } from "../store/staff";

export type { StaffRecord } from "../store/staff";

export async function createStaff(
  db: Database,
  input: { universityId: number; email: string; name: string; role: Role; password: string },
  now: Date,
): Promise<StaffRecord> {
  const passwordHash = await hashPassword(input.password);
  const id = storeOf(db).staff.insert(input, passwordHash, now.getTime());
  return getStaff(db, id) as StaffRecord;
}

export function getStaff(db: Database, id: number): StaffRecord | undefined {
  return storeOf(db).staff.byId(id);
}

export function listStaff(db: Database, universityId: number): StaffRecord[] {
  return storeOf(db).staff.listOf(universityId);
}

/** Whether any account, at any university, has this email (compared without case). */
export function emailTaken(db: Database, email: string): boolean {
  return storeOf(db).staff.emailTaken(email);
}

export function updateStaff(
  db: Database,
  id: number,
  change: { role?: Role | undefined; disabled?: boolean | undefined },
  now: Date,
): void {
  const { staff } = storeOf(db);
  if (change.role) staff.setRole(id, change.role);
  if (change.disabled !== undefined) {
    staff.setDisabledAt(id, change.disabled ? now.getTime() : null);
    if (change.disabled) revokeTokensOf(db, id, ["session", "api"], now);
  }
}

/** Admins of a university who can still sign in: the last one may be neither disabled nor demoted. */
export function activeAdminCount(db: Database, universityId: number): number {
  return storeOf(db).staff.activeAdmins(universityId);
}
