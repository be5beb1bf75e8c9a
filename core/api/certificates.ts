import { z } from "zod";
import { CredentialSubject } from "../credential/schema";
import { Messages, RevocationReasonName } from "./common";

/** Where a certificate stands: `pending → batched → signed → submitted → confirmed`, or `failed` with its batch. */
export const CERTIFICATE_STATUSES = ["pending", "batched", "signed", "submitted", "confirmed", "failed"] as const;
const CertificateStatus = z.enum(CERTIFICATE_STATUSES);

/** What an issue request is answered with, per certificate. */
export const IssuedCertificate = z.object({ id: z.string(), status: CertificateStatus }).meta({
  id: "IssuedCertificate",
  description: "The QR link and typed code come with GET /api/certificates/{id} once the batch is anchored",
});
export type IssuedCertificate = z.infer<typeof IssuedCertificate>;

/** A problem of one cell of a graduates file (row 0 and column "" for the whole file). */
export const CellError = z
  .object({
    row: z.number().int(),
    column: z.string(),
    code: z.string().meta({ description: "Stable machine code (IMPORT_…)" }),
    message: Messages,
  })
  .meta({ id: "CellError" });
export type CellError = z.infer<typeof CellError>;

/** The answer to `POST /api/certificates/bulk`: a JSON list, or a file's valid rows with any cell errors. */
export const BulkIssueAnswer = z.object({
  accepted: z.number().int(),
  certificates: z.array(IssuedCertificate.extend({ row: z.number().int().optional() })),
  errorCount: z.number().int().optional(),
  errors: z.array(CellError),
});
export type BulkIssueAnswer = z.infer<typeof BulkIssueAnswer>;

export const CertificateSummary = z
  .object({
    id: z.string(),
    status: CertificateStatus,
    batchId: z.number().int().nullable(),
    documentHash: z.string(),
    subject: CredentialSubject,
    validFrom: z.string(),
    validUntil: z.string().nullable(),
    revocation: z
      .object({ requestedAt: z.number().int(), reason: RevocationReasonName.nullable() })
      .nullable()
      .meta({ description: "Set once a revocation is asked for" }),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .meta({ id: "CertificateSummary" });
export type CertificateSummary = z.infer<typeof CertificateSummary>;

export const CertificatePage = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  certificates: z.array(CertificateSummary),
});
export type CertificatePage = z.infer<typeof CertificatePage>;

export const CertificateRecord = CertificateSummary.extend({
  verifierUrl: z.string().nullable().meta({ description: "The QR link; null until the batch is anchored" }),
  shortCode: z.string().nullable().meta({ description: "The typed code; null until the batch is anchored" }),
  credential: z
    .record(z.string(), z.unknown())
    .nullable()
    .meta({ description: "The credential with its batch proof; null until the batch is anchored" }),
}).meta({ id: "Certificate" });
export type CertificateRecord = z.infer<typeof CertificateRecord>;

export const RevocationsQueued = z.object({
  revocations: z.array(z.number().int()).meta({ description: "Ids of the revocations queued, one per batch" }),
});
export type RevocationsQueued = z.infer<typeof RevocationsQueued>;

export const BatchRevocationQueued = z.object({ revocation: z.number().int() });
