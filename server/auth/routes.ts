import { Router } from "express";
import type { AppContext } from "../context";
import { recordAudit } from "../audit-log";
import { ApiError, notFound } from "../http/errors";
import { storeOf } from "../store";
import { currentStaff } from "./middleware";
import { checkPassword } from "./password-policy";
import { setPassword, verifyPassword } from "./passwords";
import { IdParam, LoginRequest, NewApiToken, PasswordChange } from "./schemas";
import { beginSignIn } from "./throttle";
import type { SignInLimits } from "./throttle";
import { createToken, listApiTokens, revokeToken } from "./tokens";

// Compared against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

const signInLimits = (context: AppContext): SignInLimits => ({
  perAccount: context.config.loginAttemptsPerWindow,
  perAddress: context.config.loginFailuresPerAddress,
});

/** Sign-in, the only route of the API (besides public ones) open without a token. */
export function loginRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();

  router.post("/auth/login", async (request, response) => {
    const { email, password } = LoginRequest.parse(request.body);
    const attempt = beginSignIn(db, signInLimits(context), email, request.ip ?? "", clock(), response);
    const account = storeOf(db).staff.forLogin(email);
    const valid = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !valid || account.disabled) throw new ApiError(401, "INVALID_LOGIN");
    attempt.succeeded();
    const staff = storeOf(db).staff.byId(account.id);
    const session = createToken(db, account.id, "session", clock());
    recordAudit(
      db,
      { universityId: staff?.universityId ?? null, staffId: account.id, action: "login", ip: request.ip },
      clock(),
    );
    response.json({ token: session.token, expiresAt: session.expiresAt, staff });
  });

  return router;
}

/** The signed-in staff member's own password, session and API tokens. */
export function accountRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();

  router.get("/me", (_request, response) => {
    response.json(storeOf(db).staff.byId(currentStaff(response).id));
  });

  router.post("/auth/logout", (_request, response) => {
    const staff = currentStaff(response);
    revokeToken(db, staff.tokenId, staff.id, clock());
    response.status(204).end();
  });

  // Ends every session of the account, this one too, and answers with a fresh session for this tab:
  // whoever had the old password and signed in elsewhere is out.
  router.post("/auth/password", async (request, response) => {
    const { currentPassword, newPassword } = PasswordChange.parse(request.body);
    const staff = currentStaff(response);
    // A stolen session must not become a way around the sign-in throttle to guess the password.
    const attempt = beginSignIn(db, signInLimits(context), staff.email, request.ip ?? "", clock(), response);
    const account = storeOf(db).staff.forLogin(staff.email);
    if (!account || !(await verifyPassword(currentPassword, account.passwordHash)))
      throw new ApiError(403, "WRONG_PASSWORD");
    attempt.succeeded();
    if (newPassword.normalize("NFC") === currentPassword.normalize("NFC")) throw new ApiError(400, "SAME_PASSWORD");
    checkPassword(newPassword, staff.email);
    await setPassword(db, staff.id, newPassword, { oneTime: false }, clock());
    const session = createToken(db, staff.id, "session", clock());
    recordAudit(
      db,
      { universityId: staff.universityId, staffId: staff.id, action: "password.change", ip: request.ip },
      clock(),
    );
    response.json({ token: session.token, expiresAt: session.expiresAt, staff: storeOf(db).staff.byId(staff.id) });
  });

  router.get("/tokens", (_request, response) => {
    response.json({ tokens: listApiTokens(db, currentStaff(response).id, clock()) });
  });

  router.post("/tokens", (request, response) => {
    const { label, scopes, days } = NewApiToken.parse(request.body);
    const staff = currentStaff(response);
    const created = createToken(db, staff.id, { label, scopes, days }, clock());
    recordAudit(
      db,
      {
        universityId: staff.universityId,
        staffId: staff.id,
        action: "token.create",
        target: String(created.id),
        detail: { label, scopes, days },
        ip: request.ip,
      },
      clock(),
    );
    response.status(201).json({ id: created.id, token: created.token, label, scopes, expiresAt: created.expiresAt });
  });

  router.delete("/tokens/:id", (request, response) => {
    const { id } = IdParam.parse(request.params);
    const staff = currentStaff(response);
    if (!revokeToken(db, id, staff.id, clock())) throw notFound();
    recordAudit(
      db,
      {
        universityId: staff.universityId,
        staffId: staff.id,
        action: "token.revoke",
        target: String(id),
        ip: request.ip,
      },
      clock(),
    );
    response.status(204).end();
  });

  return router;
}
