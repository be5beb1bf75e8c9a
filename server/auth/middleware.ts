import type { RequestHandler, Response } from "express";
import type { Database } from "../db/database";
import { ApiError, forbidden } from "../http/errors";
import { scopeNeeded } from "./scopes";
import { findStaffByToken } from "./tokens";
import type { Role, StaffIdentity } from "./tokens";

/** What a one-time password opens: changing it, and reading or ending the session. */
const OPEN_BEFORE_PASSWORD_CHANGE = /^\/(auth\/password|auth\/logout|me)\/?$/i;

/**
 * Accepts `Authorization: Bearer <token>` (a login session or an API token) and records who it is.
 * An API token passes only where its scopes reach; a one-time password only to its change.
 */
export function authenticate(db: Database, clock: () => Date): RequestHandler {
  return (request, response, next) => {
    const header = request.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const staff = match?.[1] ? findStaffByToken(db, match[1], clock()) : undefined;
    if (!staff) throw new ApiError(401, "UNAUTHENTICATED");
    if (staff.kind === "api") {
      const scope = scopeNeeded(request.method, request.path);
      if (!scope || !staff.scopes.includes(scope)) throw new ApiError(403, "TOKEN_SCOPE");
    }
    if (staff.mustChangePassword && !OPEN_BEFORE_PASSWORD_CHANGE.test(request.path)) {
      throw new ApiError(403, "PASSWORD_CHANGE_REQUIRED");
    }
    response.locals.staff = staff;
    next();
  };
}

/** Lets the request through only for staff holding one of `roles`. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_request, response, next) => {
    if (!roles.includes(currentStaff(response).role)) throw forbidden();
    next();
  };
}

export function currentStaff(response: Response): StaffIdentity {
  const staff = response.locals.staff as StaffIdentity | undefined;
  if (!staff) throw new ApiError(401, "UNAUTHENTICATED");
  return staff;
}
