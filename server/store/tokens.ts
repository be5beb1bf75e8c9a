import type { Database } from "../db/database";

export type TokenKind = "session" | "api";

export interface NewToken {
  tokenHash: string;
  staffId: number;
  kind: TokenKind;
  label: string | null;
  /** Space-separated scopes of an API token; null for a session. */
  scopes: string | null;
  at: number;
  expiresAt: number;
}

/** The staff member behind a valid token, as stored. */
export interface TokenHolderRow {
  id: number;
  universityId: number;
  email: string;
  name: string;
  role: string;
  tokenId: number;
  kind: TokenKind;
  scopes: string | null;
  mustChangePassword: number;
}

/** Sign-in sessions and API tokens (`tokens`): only hashes of the tokens. */
export function tokenStore(db: Database) {
  const statements = {
    insert: db.prepare(
      "INSERT INTO tokens (token_hash, staff_id, kind, label, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    holder: db.prepare(
      `SELECT s.id, s.university_id AS universityId, s.email, s.name, s.role, t.id AS tokenId, t.kind, t.scopes,
              s.must_change_password AS mustChangePassword
       FROM tokens t JOIN staff s ON s.id = t.staff_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND s.disabled_at IS NULL`,
    ),
    revoke: db.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND staff_id = ? AND revoked_at IS NULL"),
    revokeKindsOf: db.prepare(
      "UPDATE tokens SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL AND kind IN (SELECT value FROM json_each(?))",
    ),
    apiTokensOf: db.prepare(
      `SELECT id, kind, label, scopes, created_at AS createdAt, expires_at AS expiresAt FROM tokens
       WHERE staff_id = ? AND revoked_at IS NULL AND kind = 'api' AND expires_at > ? ORDER BY id`,
    ),
  };

  return {
    insert: (t: NewToken): number =>
      Number(
        statements.insert.run(t.tokenHash, t.staffId, t.kind, t.label, t.scopes, t.at, t.expiresAt).lastInsertRowid,
      ),
    /** The enabled staff member holding this token hash, unexpired and not revoked at `now`. */
    holder: (tokenHash: string, now: number) => statements.holder.get(tokenHash, now) as TokenHolderRow | undefined,
    /** Revokes one of the staff member's tokens; false when it is not theirs or already revoked. */
    revoke: (id: number, staffId: number, at: number): boolean => statements.revoke.run(at, id, staffId).changes === 1,
    revokeKindsOf(staffId: number, kinds: readonly TokenKind[], at: number): void {
      statements.revokeKindsOf.run(at, staffId, JSON.stringify(kinds));
    },
    /** The staff member's API tokens still in force at `now`. */
    apiTokensOf: (staffId: number, now: number) =>
      statements.apiTokensOf.all(staffId, now) as {
        id: number;
        kind: "api";
        label: string;
        scopes: string;
        createdAt: number;
        expiresAt: number;
      }[],
  };
}
