import { PasswordResetAnswer, Staff, StaffList } from "../../core/api";
import { NewStaff, PasswordReset, StaffChange } from "../auth/schemas";
import { failure, json, jsonBody, numericIdPath, signedInErrors } from "../http/api-paths";
import type { ApiPaths } from "../http/api-paths";

/** The routes of `routes.ts`: a university's staff, for its admins. */
export const staffApi: ApiPaths = {
  "/api/staff": {
    get: {
      summary: "Staff of your university (admin)",
      responses: { "200": json(StaffList, "Staff list"), ...signedInErrors },
    },
    post: {
      summary: "Add a staff member (admin)",
      requestBody: jsonBody(NewStaff),
      responses: {
        "201": json(Staff, "Created"),
        ...signedInErrors,
        "409": failure("Email taken (EMAIL_TAKEN)"),
      },
    },
  },
  "/api/staff/{id}": {
    patch: {
      summary: "Change role or disable (admin); disabling ends the person's sessions and API tokens",
      requestParams: { path: numericIdPath },
      requestBody: jsonBody(StaffChange),
      responses: {
        "200": json(Staff, "Updated"),
        ...signedInErrors,
        "404": failure("Unknown, or another university's"),
        "409": failure("The university's last active admin cannot be disabled or demoted (LAST_ADMIN)"),
      },
    },
  },
  "/api/staff/{id}/password": {
    post: {
      summary:
        "Reset a colleague's password (admin, same university, not oneself): the given one or, without one, a generated one, in both cases one-time. Ends their sessions and API tokens",
      requestParams: { path: numericIdPath },
      requestBody: jsonBody(PasswordReset),
      responses: {
        "200": json(PasswordResetAnswer, "Staff record, and `password` when the server generated it (shown once)"),
        ...signedInErrors,
        "404": failure("Unknown, or another university's"),
        "409": failure("Own account: use /api/auth/password (OWN_PASSWORD)"),
      },
    },
  },
};
