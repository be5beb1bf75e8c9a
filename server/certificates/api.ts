import { z } from "zod";
import { VerificationPack } from "../../core";
import {
  BulkIssueAnswer,
  CertificatePage,
  CertificateRecord,
  IssuedCertificate,
  RevocationsQueued,
} from "../../core/api";
import {
  NOT_ANCHORED,
  certificateIdPath,
  failure,
  idempotencyHeader,
  json,
  jsonBody,
  signedInErrors,
} from "../http/api-paths";
import type { ApiPaths } from "../http/api-paths";
import { COLUMN_NOTES, GRADUATE_COLUMNS, REQUIRED_COLUMNS } from "./import/columns";
import { BulkIssueRequest, CertificateQuery, IssueRequest, Reissue, RevokeManyRequest, RevokeRequest } from "./schemas";

const CANNOT_ISSUE =
  "Idempotency key reused with other data; or the student already has a certificate of the university, not revoked, for the same degree and programme, or the request names them twice (ALREADY_ISSUED: details gives each path and the existing certificate's id, issuedAt and status; send `duplicate`: replacement or copy when intended); or the university cannot issue now: accreditation suspended (UNIVERSITY_SUSPENDED, with the date) or signer key revoked or expired (SIGNER_KEY_INVALID: an admin must rotate it)";
const UNKNOWN = "Unknown, or another university's";

/** The graduates file's columns as a Markdown table, from the importer's own list. */
const columnsTable = (): string =>
  [
    "| column | | holds |",
    "| --- | --- | --- |",
    ...GRADUATE_COLUMNS.map(
      (column) =>
        `| ${column} | ${REQUIRED_COLUMNS.includes(column) ? "required" : "optional"} | ${COLUMN_NOTES[column]} |`,
    ),
  ].join("\n");

/** The routes of `routes.ts`: issue one or many, list, read, download and revoke certificates. */
export const certificatesApi: ApiPaths = {
  "/api/certificates": {
    get: {
      summary: "List and search certificates with status",
      requestParams: { query: CertificateQuery },
      responses: { "200": json(CertificatePage, "Page of certificates"), ...signedInErrors },
    },
    post: {
      summary: "Issue one certificate (registrar, admin)",
      requestParams: { header: idempotencyHeader },
      requestBody: jsonBody(IssueRequest),
      responses: {
        "202": json(IssuedCertificate, "Accepted; anchored shortly"),
        ...signedInErrors,
        "409": failure(CANNOT_ISSUE),
      },
    },
  },
  "/api/certificates/bulk": {
    post: {
      summary:
        "Issue many: a JSON list, or a CSV/XLSX file in the multipart field `file` (add validOnly=true to issue the valid rows of a file with errors)",
      description: `A file has one graduate per row under a header row naming the columns, in any order:\n\n${columnsTable()}\n\nGET /api/certificates/template.csv gives a file to fill in. Limits, checked before the data is held: a JSON body of at most maxBulkRows x 640 bytes (about 30.5 MiB for the default 50,000 rows; other signed-in routes take 1 MiB of JSON); a file of at most maxUploadBytes (20 MiB by default) and maxBulkRows graduates; an XLSX workbook of at most 64 MiB unzipped and 32 sheets; a file of at most (maxBulkRows + 1) x 22 cells with a value. Parsing, validation and drafting run on worker threads; at most 2 bulk requests are handled at once. A file's rows already issued (same identifier, degree and programme, not revoked) are reported as IMPORT_ALREADY_ISSUED cell errors unless the upload says duplicate=replacement or duplicate=copy.`,
      requestParams: { header: idempotencyHeader },
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
        "202": json(BulkIssueAnswer, "Accepted rows, their certificates and any cell errors"),
        ...signedInErrors,
        "409": failure(CANNOT_ISSUE),
        "413": failure(
          "Body or file too large (PAYLOAD_TOO_LARGE), or a workbook beyond the limits (IMPORT_FILE_TOO_LARGE, IMPORT_TOO_MANY_SHEETS, IMPORT_TOO_MANY_CELLS)",
        ),
        "422": failure("File has errors (IMPORT_INVALID); details lists every bad cell with row and column"),
        "503": failure("Other bulk requests fill the server (SERVER_BUSY); Retry-After says when to come back"),
      },
    },
  },
  "/api/certificates/template.csv": {
    get: {
      summary: "A graduates file to fill in: the header row of the columns and one example graduate (UTF-8 with BOM)",
      responses: { "200": { description: "text/csv" }, ...signedInErrors },
    },
  },
  "/api/certificates/{id}": {
    get: {
      summary:
        "One certificate; its credential, verification link and short code once its batch is anchored (null before)",
      requestParams: { path: certificateIdPath },
      responses: { "200": json(CertificateRecord, "Certificate"), ...signedInErrors, "404": failure(UNKNOWN) },
    },
  },
  "/api/certificates/{id}/pdf": {
    get: {
      summary: "The certificate as a printable PDF, with its credential attached",
      requestParams: { path: certificateIdPath },
      responses: {
        "200": {
          description:
            "application/pdf, offered for saving as <identifier>_<Latin-name>_<certificate id>.pdf (Content-Disposition)",
        },
        ...signedInErrors,
        "404": failure(UNKNOWN),
        "409": failure(NOT_ANCHORED),
      },
    },
  },
  "/api/certificates/{id}/pack": {
    get: {
      summary: "A verification pack of the certificate: its credential and the chain proofs to verify it offline",
      requestParams: { path: certificateIdPath },
      responses: {
        "200": json(VerificationPack, "VerificationPack"),
        ...signedInErrors,
        "404": failure(UNKNOWN),
        "409": failure(NOT_ANCHORED),
        "503": failure("The chain cannot be read (CHAIN_UNREACHABLE)"),
      },
    },
  },
  "/api/certificates/{id}/revoke": {
    post: {
      summary: "Revoke one certificate",
      requestParams: { path: certificateIdPath },
      requestBody: jsonBody(RevokeRequest),
      responses: {
        "202": json(RevocationsQueued, "Revocation queued"),
        ...signedInErrors,
        "409": failure("Already revoked (ALREADY_REVOKED)"),
      },
    },
  },
  "/api/certificates/revoke": {
    post: {
      summary: "Revoke several certificates",
      requestBody: jsonBody(RevokeManyRequest),
      responses: {
        "202": json(RevocationsQueued, "Revocations queued"),
        ...signedInErrors,
        "409": failure("Some already revoked (ALREADY_REVOKED: details.ids)"),
      },
    },
  },
};
