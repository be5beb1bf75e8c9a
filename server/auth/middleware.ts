import type { RequestHandler, Response } from "express";
import type { Database } from "../db/database";
import { ApiError, MESSAGES, forbidden } from "../http/errors";
import { findStaffByToken } from "./tokens";
import type { Role, StaffIdentity } from "./tokens";

/** Accepts `Authorization: Bearer <token>` (a login session or an API token) and records who it is. */
export function authenticate(db: Database, clock: () => Date): RequestHandler {
  return (request, response, next) => {
    const header = request.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const staff = match?.[1] ? findStaffByToken(db, match[1], clock()) : undefined;
    if (!staff) throw new ApiError(401, "UNAUTHENTICATED", MESSAGES.UNAUTHENTICATED);
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
  if (!staff) throw new ApiError(401, "UNAUTHENTICATED", MESSAGES.UNAUTHENTICATED);
  return staff;
}
