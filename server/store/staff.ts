import type { Role } from "../../core/api";
import type { Database } from "../db/database";

export { ROLES } from "../../core/api";
export type { Role };

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

type StaffRow = Omit<StaffRecord, "disabled" | "mustChangePassword"> & { disabled: number; mustChangePassword: number };
const toRecord = (row: StaffRow): StaffRecord => ({
  ...row,
  disabled: Boolean(row.disabled),
  mustChangePassword: Boolean(row.mustChangePassword),
});

/** The universities' staff accounts (`staff`). */
export function staffStore(db: Database) {
  const statements = {
    insert: db.prepare(
      "INSERT INTO staff (university_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    byId: db.prepare(`${SELECT_STAFF} WHERE id = ?`),
    listOf: db.prepare(`${SELECT_STAFF} WHERE university_id = ? ORDER BY id`),
    forLogin: db.prepare(
      "SELECT id, password_hash AS passwordHash, disabled_at IS NOT NULL AS disabled FROM staff WHERE email = ?",
    ),
    emailTaken: db.prepare("SELECT 1 FROM staff WHERE email = ?"),
    setRole: db.prepare("UPDATE staff SET role = ? WHERE id = ?"),
    setDisabledAt: db.prepare("UPDATE staff SET disabled_at = ? WHERE id = ?"),
    activeAdmins: db
      .prepare("SELECT COUNT(*) FROM staff WHERE university_id = ? AND role = 'admin' AND disabled_at IS NULL")
      .pluck(),
    setPassword: db.prepare("UPDATE staff SET password_hash = ?, must_change_password = ? WHERE id = ?"),
  };

  return {
    insert: (
      input: { universityId: number; email: string; name: string; role: Role },
      passwordHash: string,
      at: number,
    ): number =>
      Number(
        statements.insert.run(input.universityId, input.email, input.name, input.role, passwordHash, at)
          .lastInsertRowid,
      ),
    byId: (id: number): StaffRecord | undefined => {
      const row = statements.byId.get(id) as StaffRow | undefined;
      return row && toRecord(row);
    },
    listOf: (universityId: number): StaffRecord[] => (statements.listOf.all(universityId) as StaffRow[]).map(toRecord),
    forLogin: (email: string): { id: number; passwordHash: string; disabled: boolean } | undefined => {
      const row = statements.forLogin.get(email) as { id: number; passwordHash: string; disabled: number } | undefined;
      return row && { ...row, disabled: Boolean(row.disabled) };
    },
    /** Whether an account has this email (compared without case), at any university. */
    emailTaken: (email: string): boolean => statements.emailTaken.get(email) !== undefined,
    setRole(id: number, role: Role): void {
      statements.setRole.run(role, id);
    },
    /** Disables the account (since `at`), or enables it again when `at` is null. */
    setDisabledAt(id: number, at: number | null): void {
      statements.setDisabledAt.run(at, id);
    },
    activeAdmins: (universityId: number) => statements.activeAdmins.get(universityId) as number,
    setPassword(id: number, passwordHash: string, oneTime: boolean): void {
      statements.setPassword.run(passwordHash, oneTime ? 1 : 0, id);
    },
  };
}
