import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/database";

export type Role = "registrar" | "approver" | "admin";
export const ROLES: readonly Role[] = ["registrar", "approver", "admin"];

/** The signed-in staff member behind a request. */
export interface StaffIdentity {
  id: number;
  universityId: number;
  email: string;
  name: string;
  role: Role;
  tokenId: number;
}

const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Issues a new bearer token; only its hash is stored, so a database leak reveals no usable token. */
export function createToken(
  db: Database,
  staffId: number,
  kind: "session" | "api",
  now: Date,
  label?: string,
): { id: number; token: string; expiresAt: number | null } {
  const token = `tsq_${randomBytes(32).toString("base64url")}`;
  const expiresAt = kind === "session" ? now.getTime() + SESSION_LIFETIME_MS : null;
  const { lastInsertRowid } = db
    .prepare("INSERT INTO tokens (token_hash, staff_id, kind, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(hashToken(token), staffId, kind, label ?? null, now.getTime(), expiresAt);
  return { id: Number(lastInsertRowid), token, expiresAt };
}

export function findStaffByToken(db: Database, token: string, now: Date): StaffIdentity | undefined {
  const row = db
    .prepare(
      `SELECT s.id, s.university_id AS universityId, s.email, s.name, s.role, t.id AS tokenId
       FROM tokens t JOIN staff s ON s.id = t.staff_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)
         AND s.disabled_at IS NULL`,
    )
    .get(hashToken(token), now.getTime()) as StaffIdentity | undefined;
  return row;
}

export function revokeToken(db: Database, tokenId: number, staffId: number, now: Date): boolean {
  return (
    db.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND staff_id = ? AND revoked_at IS NULL").run(now.getTime(), tokenId, staffId)
      .changes === 1
  );
}
