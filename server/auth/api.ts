import { ApiTokenList, NewApiTokenAnswer, Session, Staff } from "../../core/api";
import { failure, json, jsonBody, numericIdPath, signedInErrors } from "../http/api-paths";
import type { ApiPaths } from "../http/api-paths";
import { LoginRequest, NewApiToken, PasswordChange } from "./schemas";

/** The routes of `routes.ts`: sign-in, one's own password and account, API tokens. */
export const authApi: ApiPaths = {
  "/api/auth/login": {
    post: {
      security: [],
      summary:
        "Sign in; returns a session token (staff.mustChangePassword: only the password change is open until it is done)",
      requestBody: jsonBody(LoginRequest),
      responses: {
        "200": json(Session, "Session token and staff record"),
        ...signedInErrors,
        "429": failure(
          "Too many failed sign-ins for this account or from this address within 15 minutes; Retry-After gives the seconds to wait",
        ),
      },
    },
  },
  "/api/auth/password": {
    post: {
      summary:
        "Change your own password (signed in, not with an API token): at least 12 characters, not the email, not a common password. Ends every session of the account, API tokens stay; answers with a fresh session",
      requestBody: jsonBody(PasswordChange),
      responses: {
        "200": json(Session, "New session token and staff record"),
        ...signedInErrors,
        "403": failure("Current password wrong (WRONG_PASSWORD)"),
        "429": failure("Too many failures; Retry-After"),
      },
    },
  },
  "/api/auth/logout": { post: { summary: "End the session", responses: { "204": { description: "Signed out" } } } },
  "/api/me": {
    get: {
      summary: "The signed-in staff member",
      responses: { "200": json(Staff, "Staff record"), ...signedInErrors },
    },
  },
  "/api/tokens": {
    get: {
      summary: "Your API tokens",
      responses: { "200": json(ApiTokenList, "Tokens (without their secret value)"), ...signedInErrors },
    },
    post: {
      summary:
        "Create an API token for machine clients (signed in only; an API token cannot make another): scopes read, issue, revoke, keys; expires after `days` (90 by default, at most 365)",
      requestBody: jsonBody(NewApiToken),
      responses: {
        "201": json(NewApiTokenAnswer, "The token, shown once, with its scopes and expiry"),
        ...signedInErrors,
      },
    },
  },
  "/api/tokens/{id}": {
    delete: {
      summary: "Revoke an API token",
      requestParams: { path: numericIdPath },
      responses: { "204": { description: "Revoked" }, ...signedInErrors, "404": failure("Unknown, or not yours") },
    },
  },
};
