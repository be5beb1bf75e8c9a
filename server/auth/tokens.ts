import { createHash, randomBytes } from "node:crypto";
import { SCOPES } from "../../core/api";
import type { Scope } from "../../core/api";
import type { Database } from "../db/database";
import { storeOf } from "../store";
import type { Role } from "../store/staff";

export { ROLES } from "../store/staff";
export type { Role } from "../store/staff";

// What a token may do is declared with the API's answers (core/api); accounts, tokens, staff,
// approvals and policy need a signed-in person whatever the scopes (`auth/scopes.ts`).
export { SCOPES };
export type { Scope };

export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;

/** The signed-in staff member behind a request. */
export interface StaffIdentity {
  id: number;
  universityId: number;
  email: string;
  name: string;
  role: Role;
  tokenId: number;
}

/** The staff member behind a bearer token, with what that token lets through. */
export interface Bearer extends StaffIdentity {
  kind: "session" | "api";
  /** The API token's scopes; a session may do everything its role allows. */
  scopes: readonly Scope[];
  /** Signed in with a one-time password set by an admin: only the password change is open. */
  mustChangePassword: boolean;
}

/** What an API token is made with: a label its owner recognises, its scopes and its lifetime. */
export interface ApiGrant {
  label: string;
  scopes: readonly Scope[];
  days: number;
}

const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Issues a new bearer token; only its hash is stored, so a database leak reveals no usable token. */
export function createToken(
  db: Database,
  staffId: number,
  grant: "session" | ApiGrant,
  now: Date,
): { id: number; token: string; expiresAt: number } {
  const token = `tsq_${randomBytes(32).toString("base64url")}`;
  const session = grant === "session";
  const expiresAt = now.getTime() + (session ? SESSION_LIFETIME_MS : grant.days * DAY_MS);
  const id = storeOf(db).tokens.insert({
    tokenHash: hashToken(token),
    staffId,
    kind: session ? "session" : "api",
    label: session ? null : grant.label,
    scopes: session ? null : grant.scopes.join(" "),
    at: now.getTime(),
    expiresAt,
  });
  return { id, token, expiresAt };
}

export function findStaffByToken(db: Database, token: string, now: Date): Bearer | undefined {
  const row = storeOf(db).tokens.holder(hashToken(token), now.getTime());
  return (
    row && {
      ...row,
      role: row.role as Role,
      scopes: row.kind === "api" ? ((row.scopes ?? "").split(" ").filter(Boolean) as Scope[]) : SCOPES,
      mustChangePassword: row.mustChangePassword === 1,
    }
  );
}

export function revokeToken(db: Database, tokenId: number, staffId: number, now: Date): boolean {
  return storeOf(db).tokens.revoke(tokenId, staffId, now.getTime());
}

/** Ends a staff member's tokens of the given kinds (all their sessions, and their API tokens too if asked). */
export function revokeTokensOf(db: Database, staffId: number, kinds: readonly ("session" | "api")[], now: Date): void {
  storeOf(db).tokens.revokeKindsOf(staffId, kinds, now.getTime());
}

/** The staff member's API tokens in force: never the tokens themselves, only what they are. */
export function listApiTokens(db: Database, staffId: number, now: Date) {
  return storeOf(db)
    .tokens.apiTokensOf(staffId, now.getTime())
    .map((row) => ({ ...row, scopes: row.scopes.split(" ") }));
}
