import { z } from "zod";
import { REVOCATION_REASON_CODES } from "../verify/messages";
import type { RevocationReasonName as ReasonName } from "../verify/messages";

/** A message of the API in the three languages of the system (texts of any length, unlike a credential's). */
export const Messages = z.object({ ar: z.string(), en: z.string(), fr: z.string() });

/** Every error answer: a stable code, a message in the language asked for, and what it concerns. */
export const ErrorAnswer = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code" }),
      message: z.string().meta({ description: "Message in the language of Accept-Language (ar, en or fr)" }),
      details: z.unknown().optional().meta({ description: "Field paths and messages, or per-cell file errors" }),
    }),
  })
  .meta({ id: "Error" });
export type ErrorAnswer = z.infer<typeof ErrorAnswer>;

/** One field's problem in a VALIDATION_FAILED answer's details. */
export const FieldIssue = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

/** Why a certificate or batch was revoked, by name (its code on chain in `REVOCATION_REASON_CODES`). */
export const RevocationReasonName = z.enum(Object.keys(REVOCATION_REASON_CODES) as [ReasonName, ...ReasonName[]]).meta({
  id: "RevocationReason",
  description:
    "data-error: the certificate's data is wrong; fraud: obtained by fraud; withdrawn: withdrawn by the university; replaced: replaced by a new certificate",
});
