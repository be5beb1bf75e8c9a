import { z } from "zod";
import {
  CalendarDate,
  CredentialSubject,
  DATE_ORDER_MESSAGES,
  REVOCATION_REASON_CODES,
  datesOutOfOrder,
  instantOf,
  revocationReasonName,
} from "../../core";
import { CERTIFICATE_STATUSES, RevocationReasonName } from "../../core/api";

/**
 * Why a certificate is issued for a student who already holds one for the same degree and
 * programme: a replacement of it, or a second copy. Without one, such a request is refused.
 */
export const Reissue = z.enum(["replacement", "copy"]);
export type Reissue = z.infer<typeof Reissue>;

/** One certificate to issue: the graduate's record, an optional end of validity, and whether it repeats one issued before. */
export const IssueRequest = z.strictObject({
  subject: CredentialSubject,
  validUntil: CalendarDate.optional(),
  duplicate: Reissue.optional(),
});
export type IssueRequest = z.infer<typeof IssueRequest>;

/** The end of validity a request asks for: the start (00:00 UTC) of its `validUntil` day. */
export const validUntilOf = (request: IssueRequest): Date | undefined =>
  request.validUntil === undefined ? undefined : new Date(`${request.validUntil}T00:00:00Z`);

/**
 * Refuses, as a validation error at each request's own path, dates that cannot be issued at `now`: a
 * graduation in the future, or a validity already over. The credential schema holds the same rule
 * against `validFrom`; judged here first, the registrar learns which certificate and field is wrong.
 */
export function assertIssuableAt(
  requests: readonly IssueRequest[],
  now: Date,
  pathOf: (index: number) => (string | number)[],
): void {
  const issues = requests.flatMap((request, index) =>
    datesOutOfOrder({
      graduationDate: request.subject.graduationDate,
      validFrom: instantOf(now),
      validUntil: validUntilOf(request) && instantOf(validUntilOf(request) as Date),
    }).map((field) => ({
      code: "custom" as const,
      path: [...pathOf(index), ...(field === "graduationDate" ? ["subject", field] : [field])],
      message: DATE_ORDER_MESSAGES[field],
      input: field === "graduationDate" ? request.subject.graduationDate : request.validUntil,
    })),
  );
  if (issues.length > 0) throw new z.ZodError(issues);
}

export const BulkIssueRequest = z.strictObject({
  certificates: z.array(IssueRequest).min(1).max(50_000),
});

const IdempotencyKey = z
  .string()
  .min(8, "at least 8 characters")
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");
/** The headers of an issue request, so that a bad key is reported under the header's name. */
export const IssueHeaders = z.object({ "Idempotency-Key": IdempotencyKey.optional() });

export const CertificateIdParam = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/, "expected 16 lowercase hex digits"),
});

export const CertificateQuery = z.strictObject({
  status: z.enum(CERTIFICATE_STATUSES).optional(),
  revoked: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  q: z.string().trim().min(1).max(200).optional(),
  batch: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type CertificateQuery = z.infer<typeof CertificateQuery>;

/**
 * Why a certificate is revoked: by name, or by its code on chain (CertificateRegistry.REASON_*, 1 to
 * 4), which requests made before the names existed send; either way the code is what is kept.
 */
const RevocationReasonCode = z
  .preprocess(
    (reason) => (typeof reason === "number" ? (revocationReasonName(reason) ?? reason) : reason),
    RevocationReasonName,
  )
  .transform((name) => REVOCATION_REASON_CODES[name]);

export const RevokeRequest = z.strictObject({ reason: RevocationReasonCode });
export const RevokeManyRequest = z.strictObject({
  ids: z.array(CertificateIdParam.shape.id).min(1).max(10_000),
  reason: RevocationReasonCode,
});
