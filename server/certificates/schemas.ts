import { z } from "zod";
import { CalendarDate, CredentialSubject } from "../../core";

/** One certificate to issue: the graduate's record and an optional end of validity. */
export const IssueRequest = z.strictObject({
  subject: CredentialSubject,
  validUntil: CalendarDate.optional(),
});
export type IssueRequest = z.infer<typeof IssueRequest>;

export const BulkIssueRequest = z.strictObject({
  certificates: z.array(IssueRequest).min(1).max(50_000),
});

export const IdempotencyKey = z
  .string()
  .min(8, "at least 8 characters")
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

export const CertificateIdParam = z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, "expected 16 lowercase hex digits") });

export const CERTIFICATE_STATUSES = ["pending", "batched", "signed", "submitted", "confirmed", "failed"] as const;

export const CertificateQuery = z.strictObject({
  status: z.enum(CERTIFICATE_STATUSES).optional(),
  revoked: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  q: z.string().trim().min(1).max(200).optional(),
  batch: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type CertificateQuery = z.infer<typeof CertificateQuery>;

/** Revocation reason codes, as stored on chain (CertificateRegistry.REASON_*). */
export const RevocationReasonCode = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const RevokeRequest = z.strictObject({ reason: RevocationReasonCode });
export const RevokeManyRequest = z.strictObject({
  ids: z.array(CertificateIdParam.shape.id).min(1).max(10_000),
  reason: RevocationReasonCode,
});
