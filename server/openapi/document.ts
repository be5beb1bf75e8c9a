import { z } from "zod";
import { createDocument } from "zod-openapi";
import { EncryptedCredential } from "../../core";
import { LoginRequest, NewApiToken, NewStaff, PasswordChange, PasswordReset, StaffChange } from "../auth/schemas";
import { AuditQuery } from "../audit/routes";
import { ApprovalPolicyRequest, ApprovalPolicyResponse, RefuseRequest } from "../batches/schemas";
import {
  BulkIssueRequest,
  CertificateQuery,
  IssueRequest,
  Reissue,
  RevokeManyRequest,
  RevokeRequest,
} from "../certificates/schemas";
import { RotateKeyRequest, SignerKeysResponse, SignerRotationResponse } from "../keys/schemas";
import { VerifyRequest } from "../verify/routes";

const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code" }),
      message: z.string().meta({ description: "Message in the language of Accept-Language (ar, en or fr)" }),
      details: z.unknown().optional().meta({ description: "Field paths and messages, or per-cell file errors" }),
    }),
  })
  .meta({ id: "Error" });

const IssuedCertificate = z
  .object({
    id: z.string(),
    status: z.string(),
  })
  .meta({
    id: "IssuedCertificate",
    description: "The QR link and typed code come with GET /api/certificates/{id} once the batch is anchored",
  });

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const errors = {
  "400": json(ErrorResponse, "Invalid input: code, field paths and messages"),
  "401": json(ErrorResponse, "Not signed in"),
  "403": json(
    ErrorResponse,
    "Role not allowed (FORBIDDEN), an API token without the route's scope (TOKEN_SCOPE), or a one-time password not changed yet (PASSWORD_CHANGE_REQUIRED)",
  ),
};
const id = z.object({ id: z.string().meta({ description: "Certificate id (16 hex digits)" }) });
const numericId = z.object({ id: z.coerce.number().int() });
const idempotency = z.object({
  "idempotency-key": z.string().optional().meta({ description: "Retrying with the same key returns the first answer" }),
});
const secured = [{ bearer: [] }];
const CANNOT_ISSUE =
  "Idempotency key reused with other data; or the student already has a certificate of the university, not revoked, for the same degree and programme, or the request names them twice (ALREADY_ISSUED: details gives each path and the existing certificate's id, issuedAt and status; send `duplicate`: replacement or copy when intended); or the university cannot issue now: accreditation suspended (UNIVERSITY_SUSPENDED, with the date) or signer key revoked or expired (SIGNER_KEY_INVALID: an admin must rotate it)";
const NOT_ANCHORED = "Not anchored yet (NOT_ANCHORED_YET): details.status is the certificate's or batch's state";
/** What every anonymous route may answer besides its own: the rate per address and the body limit (`public/limits.ts`). */
const anonymous = {
  "413": json(ErrorResponse, "Body over 64 KiB (PAYLOAD_TOO_LARGE)"),
  "429": json(
    ErrorResponse,
    "Too many requests from this address (TOO_MANY_REQUESTS); the Retry-After header says when to come back",
  ),
};
const review = {
  "403": json(ErrorResponse, "Role not allowed, or the caller created certificates of this batch (SELF_APPROVAL)"),
  "409": json(ErrorResponse, "Not awaiting approval (NOT_AWAITING_APPROVAL)"),
};

/** The OpenAPI 3.1 document of the issuance API, generated from the same zod schemas that validate it. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Tasdiq issuance API",
      version: "1.0.0",
      description: "Issue, list and revoke blockchain-anchored academic certificates.",
    },
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "Session token from /api/auth/login, or an API token (only within its scopes)",
        },
        metrics: { type: "http", scheme: "bearer", description: "TASDIQ_METRICS_TOKEN" },
      },
    },
    security: secured,
    paths: {
      "/api/auth/login": {
        post: {
          security: [],
          summary:
            "Sign in; returns a session token (staff.mustChangePassword: only the password change is open until it is done)",
          requestBody: { content: { "application/json": { schema: LoginRequest } } },
          responses: {
            "200": { description: "Session token and staff record" },
            ...errors,
            "429": json(
              ErrorResponse,
              "Too many failed sign-ins for this account or from this address within 15 minutes; Retry-After gives the seconds to wait",
            ),
          },
        },
      },
      "/api/auth/password": {
        post: {
          summary:
            "Change your own password (signed in, not with an API token): at least 12 characters, not the email, not a common password. Ends every session of the account, API tokens stay; answers with a fresh session",
          requestBody: { content: { "application/json": { schema: PasswordChange } } },
          responses: {
            "200": { description: "New session token and staff record" },
            ...errors,
            "403": json(ErrorResponse, "Current password wrong (WRONG_PASSWORD)"),
            "429": json(ErrorResponse, "Too many failures; Retry-After"),
          },
        },
      },
      "/api/auth/logout": { post: { summary: "End the session", responses: { "204": { description: "Signed out" } } } },
      "/api/me": {
        get: {
          summary: "The signed-in staff member",
          responses: { "200": { description: "Staff record" }, ...errors },
        },
      },
      "/api/tokens": {
        get: {
          summary: "Your API tokens",
          responses: { "200": { description: "Tokens (without their secret value)" } },
        },
        post: {
          summary:
            "Create an API token for machine clients (signed in only; an API token cannot make another): scopes read, issue, revoke, keys; expires after `days` (90 by default, at most 365)",
          requestBody: { content: { "application/json": { schema: NewApiToken } } },
          responses: { "201": { description: "The token, shown once, with its scopes and expiry" }, ...errors },
        },
      },
      "/api/tokens/{id}": {
        delete: {
          summary: "Revoke an API token",
          requestParams: { path: numericId },
          responses: { "204": { description: "Revoked" }, ...errors },
        },
      },
      "/api/staff": {
        get: {
          summary: "Staff of your university (admin)",
          responses: { "200": { description: "Staff list" }, ...errors },
        },
        post: {
          summary: "Add a staff member (admin)",
          requestBody: { content: { "application/json": { schema: NewStaff } } },
          responses: { "201": { description: "Created" }, ...errors, "409": json(ErrorResponse, "Email taken") },
        },
      },
      "/api/staff/{id}": {
        patch: {
          summary: "Change role or disable (admin); disabling ends the person's sessions and API tokens",
          requestParams: { path: numericId },
          requestBody: { content: { "application/json": { schema: StaffChange } } },
          responses: {
            "200": { description: "Updated" },
            ...errors,
            "409": json(ErrorResponse, "The university's last active admin cannot be disabled or demoted (LAST_ADMIN)"),
          },
        },
      },
      "/api/staff/{id}/password": {
        post: {
          summary:
            "Reset a colleague's password (admin, same university, not oneself): the given one or, without one, a generated one, in both cases one-time. Ends their sessions and API tokens",
          requestParams: { path: numericId },
          requestBody: { content: { "application/json": { schema: PasswordReset } } },
          responses: {
            "200": { description: "Staff record, and `password` when the server generated it (shown once)" },
            ...errors,
            "404": json(ErrorResponse, "Unknown, or another university's"),
            "409": json(ErrorResponse, "Own account: use /api/auth/password (OWN_PASSWORD)"),
          },
        },
      },
      "/api/keys": {
        get: {
          summary: "Signer keys of your university on chain, the one in use and the operator account (admin)",
          responses: {
            "200": json(SignerKeysResponse, "Keys, without any private key"),
            ...errors,
            "503": json(ErrorResponse, "Chain unreachable"),
          },
        },
      },
      "/api/keys/rotate": {
        post: {
          summary:
            "Replace the signer key (admin): a new key is registered on chain and signs the next batches; the old one is revoked once its batches are anchored",
          requestBody: { content: { "application/json": { schema: RotateKeyRequest } } },
          responses: {
            "202": json(SignerRotationResponse, "Rotation started"),
            ...errors,
            "409": json(ErrorResponse, "A previous rotation's new key is not registered yet"),
          },
        },
      },
      "/api/certificates": {
        get: {
          summary: "List and search certificates with status",
          requestParams: { query: CertificateQuery },
          responses: { "200": { description: "Page of certificates" }, ...errors },
        },
        post: {
          summary: "Issue one certificate (registrar, admin)",
          requestParams: { header: idempotency },
          requestBody: { content: { "application/json": { schema: IssueRequest } } },
          responses: {
            "202": json(IssuedCertificate, "Accepted; anchored shortly"),
            ...errors,
            "409": json(ErrorResponse, CANNOT_ISSUE),
          },
        },
      },
      "/api/certificates/bulk": {
        post: {
          summary:
            "Issue many: a JSON list, or a CSV/XLSX file in the multipart field `file` (add validOnly=true to issue the valid rows of a file with errors)",
          description:
            "Limits, checked before the data is held: a JSON body of at most maxBulkRows x 640 bytes (about 30.5 MiB for the default 50,000 rows; other signed-in routes take 1 MiB of JSON); a file of at most maxUploadBytes (20 MiB by default) and maxBulkRows graduates; an XLSX workbook of at most 64 MiB unzipped and 32 sheets; a file of at most (maxBulkRows + 1) x 22 cells with a value. Parsing, validation and drafting run on worker threads; at most 2 bulk requests are handled at once. A file's rows already issued (same identifier, degree and programme, not revoked) are reported as IMPORT_ALREADY_ISSUED cell errors unless the upload says duplicate=replacement or duplicate=copy.",
          requestParams: { header: idempotency },
          requestBody: {
            content: {
              "application/json": { schema: BulkIssueRequest },
              "multipart/form-data": {
                schema: z.object({
                  file: z.string().meta({ format: "binary" }),
                  validOnly: z.enum(["true", "false"]).optional(),
                  duplicate: Reissue.optional(),
                }),
              },
            },
          },
          responses: {
            "202": { description: "Accepted rows, their certificates and any cell errors" },
            ...errors,
            "409": json(ErrorResponse, CANNOT_ISSUE),
            "413": json(
              ErrorResponse,
              "Body or file too large (PAYLOAD_TOO_LARGE), or a workbook beyond the limits (IMPORT_FILE_TOO_LARGE, IMPORT_TOO_MANY_SHEETS, IMPORT_TOO_MANY_CELLS)",
            ),
            "422": json(ErrorResponse, "File has errors; details lists every bad cell with row and column"),
            "503": json(
              ErrorResponse,
              "Other bulk requests fill the server (SERVER_BUSY); Retry-After says when to come back",
            ),
          },
        },
      },
      "/api/certificates/{id}": {
        get: {
          summary:
            "One certificate; its credential, verification link and short code once its batch is anchored (null before)",
          requestParams: { path: id },
          responses: {
            "200": { description: "Certificate" },
            ...errors,
            "404": json(ErrorResponse, "Unknown, or another university's"),
          },
        },
      },
      "/api/certificates/{id}/pdf": {
        get: {
          summary: "The certificate as a printable PDF, with its credential attached",
          requestParams: { path: id },
          responses: {
            "200": { description: "application/pdf" },
            ...errors,
            "404": json(ErrorResponse, "Unknown, or another university's"),
            "409": json(ErrorResponse, NOT_ANCHORED),
          },
        },
      },
      "/api/certificates/{id}/revoke": {
        post: {
          summary: "Revoke one certificate",
          requestParams: { path: id },
          requestBody: { content: { "application/json": { schema: RevokeRequest } } },
          responses: {
            "202": { description: "Revocation queued" },
            ...errors,
            "409": json(ErrorResponse, "Already revoked"),
          },
        },
      },
      "/api/certificates/revoke": {
        post: {
          summary: "Revoke several certificates",
          requestBody: { content: { "application/json": { schema: RevokeManyRequest } } },
          responses: { "202": { description: "Revocations queued" }, ...errors },
        },
      },
      "/api/batches": {
        get: { summary: "Batches with their anchoring status", responses: { "200": { description: "Batches" } } },
      },
      "/api/batches/{id}": {
        get: {
          summary: "One batch",
          requestParams: { path: numericId },
          responses: { "200": { description: "Batch" }, ...errors },
        },
      },
      "/api/batches/{id}/pdfs.zip": {
        get: {
          summary: "The PDFs of an anchored batch in one zip (at most 5,000 certificates)",
          requestParams: { path: numericId },
          responses: {
            "200": { description: "application/zip, one tasdiq-<id>.pdf per certificate" },
            ...errors,
            "409": json(ErrorResponse, NOT_ANCHORED),
            "413": json(ErrorResponse, "Batch too large"),
          },
        },
      },
      "/api/batches/{id}/approve": {
        post: {
          summary: "Approve a batch held by the approval policy (approver, admin; none of its creators)",
          requestParams: { path: numericId },
          responses: { "200": { description: "Approved; the batch with approvedBy" }, ...errors, ...review },
        },
      },
      "/api/batches/{id}/refuse": {
        post: {
          summary:
            "Refuse a batch held by the approval policy (approver, admin; none of its creators): it and its certificates fail, naming the refuser, and are never anchored",
          requestParams: { path: numericId },
          requestBody: { content: { "application/json": { schema: RefuseRequest } } },
          responses: { "200": { description: "Refused; the batch with refusedBy and failure" }, ...errors, ...review },
        },
      },
      "/api/batches/{id}/reseal": {
        post: {
          summary:
            "Return the certificates of a failed batch to pending, with fresh salts, to be sealed into a new batch (registrar, admin); the failed batch stays as it is",
          requestParams: { path: numericId },
          responses: {
            "202": { description: "The failed batch and how many certificates were returned to pending" },
            ...errors,
            "409": json(
              ErrorResponse,
              "Not a failed batch, refused by an approver, already re-sealed (NOT_RESEALABLE), or the university still cannot issue (UNIVERSITY_SUSPENDED, SIGNER_KEY_INVALID)",
            ),
          },
        },
      },
      "/api/approval-policy": {
        get: {
          summary:
            "The four-eyes policy in force: more than `threshold` certificates by one person within `windowHours`, or in one batch, need an approver",
          responses: { "200": json(ApprovalPolicyResponse, "Policy"), ...errors },
        },
        put: {
          summary: "Set the university's own approval policy (admin)",
          requestBody: { content: { "application/json": { schema: ApprovalPolicyRequest } } },
          responses: { "200": json(ApprovalPolicyResponse, "Policy now in force"), ...errors },
        },
      },
      "/api/batches/{id}/revoke": {
        post: {
          summary: "Revoke a whole batch",
          requestParams: { path: numericId },
          requestBody: { content: { "application/json": { schema: RevokeRequest } } },
          responses: { "202": { description: "Revocation queued" }, ...errors },
        },
      },
      "/api/public/credentials/{id}": {
        get: {
          security: [],
          summary: "A stored credential, encrypted (for verifiers holding the QR secret)",
          requestParams: { path: id },
          responses: {
            "200": json(z.object({ id: z.string(), encrypted: EncryptedCredential }), "Ciphertext only"),
            "404": json(ErrorResponse, "Unknown or not issued yet"),
            "429": anonymous["429"],
          },
        },
      },
      "/api/verify": {
        post: {
          security: [],
          summary: "Verify a certificate as the verifier page does: a credential, its QR link or its typed code",
          description:
            "Open to anyone, within limits: a JSON body of at most 64 KiB, a rate per client address, and a cap on verifications running at once. For a link or code of a university hosted elsewhere, its stored credential is fetched from the URL the registry records: https only, public addresses only, at most 256 KiB, 5 s and 2 redirects.",
          requestBody: { content: { "application/json": { schema: VerifyRequest } } },
          responses: {
            "200": {
              description:
                "Verdict (VALID, INVALID, REVOKED, CANNOT_CHECK), every named check with its code and message, `issuer`: the issuing university as the registry records it with its standing today (null when no check reached it), and `credential`: the document, echoed only when its verdict is VALID or REVOKED",
            },
            "400": json(ErrorResponse, "Not a credential, link or code"),
            "404": json(ErrorResponse, "No such certificate"),
            "422": json(ErrorResponse, "The link's secret does not open the stored credential"),
            ...anonymous,
            "502": json(
              ErrorResponse,
              "The university's server on chain could not be reached, or answered beyond the limits (ISSUER_UNREACHABLE)",
            ),
            "503": json(
              ErrorResponse,
              "Too many verifications at once (SERVER_BUSY); Retry-After says when to come back",
            ),
          },
        },
      },
      "/api/audit/overview": {
        get: {
          security: [],
          summary:
            "Ministry audit figures from the chain's public events: universities, anchors per month, revocations, suspensions, keys, anomalies",
          requestParams: { query: AuditQuery },
          responses: {
            "200": { description: "Audit report for the country (or all) and period" },
            "400": json(ErrorResponse, "Unknown country or invalid period"),
            "404": json(ErrorResponse, "Audit index not enabled on this server"),
          },
        },
      },
      "/api/health": { get: { security: [], summary: "Health", responses: { "200": { description: "OK" } } } },
      "/metrics": {
        get: {
          security: [{ metrics: [] }],
          summary:
            "Prometheus metrics, for the bearer of TASDIQ_METRICS_TOKEN; not served (404) when none is configured",
          responses: {
            "200": { description: "Text exposition format" },
            "401": json(ErrorResponse, "Token missing or wrong"),
            "404": json(ErrorResponse, "No metrics token configured"),
          },
        },
      },
    },
  });
}
