import { Router } from "express";
import { rateLimit } from "express-rate-limit";
import type { AppContext } from "../context";
import { recordAudit } from "../audit-log";
import { ApiError, notFound } from "../http/errors";
import { findStaffForLogin, getStaff } from "../staff/service";
import { currentStaff } from "./middleware";
import { verifyPassword } from "./passwords";
import { IdParam, LoginRequest, NewApiToken } from "./schemas";
import { createToken, revokeToken } from "./tokens";

const INVALID_LOGIN = {
  ar: "البريد الإلكتروني أو كلمة المرور غير صحيحة.",
  en: "Wrong email or password.",
  fr: "Adresse e-mail ou mot de passe incorrect.",
};
const TOO_MANY_ATTEMPTS = {
  ar: "محاولات دخول كثيرة. انتظر قليلًا ثم أعد المحاولة.",
  en: "Too many sign-in attempts. Wait a while and try again.",
  fr: "Trop de tentatives de connexion. Patientez puis réessayez.",
};
// Compared against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** Sign-in, the only route of the API (besides public ones) open without a token. */
export function loginRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();
  const loginLimiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: context.config.loginAttemptsPerWindow,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: () => {
      throw new ApiError(429, "TOO_MANY_ATTEMPTS", TOO_MANY_ATTEMPTS);
    },
  });

  router.post("/auth/login", loginLimiter, async (request, response) => {
    const { email, password } = LoginRequest.parse(request.body);
    const account = findStaffForLogin(db, email);
    const valid = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !valid || account.disabled) throw new ApiError(401, "INVALID_LOGIN", INVALID_LOGIN);
    const staff = getStaff(db, account.id);
    const session = createToken(db, account.id, "session", clock());
    recordAudit(db, { universityId: staff?.universityId ?? null, staffId: account.id, action: "login", ip: request.ip }, clock());
    response.json({ token: session.token, expiresAt: session.expiresAt, staff });
  });

  return router;
}

/** The signed-in staff member's own session and API tokens. */
export function accountRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();

  router.get("/me", (_request, response) => {
    response.json(getStaff(db, currentStaff(response).id));
  });

  router.post("/auth/logout", (_request, response) => {
    const staff = currentStaff(response);
    revokeToken(db, staff.tokenId, staff.id, clock());
    response.status(204).end();
  });

  router.get("/tokens", (_request, response) => {
    const rows = db
      .prepare("SELECT id, kind, label, created_at AS createdAt, expires_at AS expiresAt FROM tokens WHERE staff_id = ? AND revoked_at IS NULL AND kind = 'api' ORDER BY id")
      .all(currentStaff(response).id);
    response.json({ tokens: rows });
  });

  router.post("/tokens", (request, response) => {
    const { label } = NewApiToken.parse(request.body);
    const staff = currentStaff(response);
    const created = createToken(db, staff.id, "api", clock(), label);
    recordAudit(db, { universityId: staff.universityId, staffId: staff.id, action: "token.create", target: String(created.id), detail: { label }, ip: request.ip }, clock());
    response.status(201).json({ id: created.id, token: created.token, label });
  });

  router.delete("/tokens/:id", (request, response) => {
    const { id } = IdParam.parse(request.params);
    const staff = currentStaff(response);
    if (!revokeToken(db, id, staff.id, clock())) throw notFound();
    recordAudit(db, { universityId: staff.universityId, staffId: staff.id, action: "token.revoke", target: String(id), ip: request.ip }, clock());
    response.status(204).end();
  });

  return router;
}
