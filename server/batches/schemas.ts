import { z } from "zod";

/** An approver's refusal of a held batch, with the reason the registrar will read. */
export const RefuseRequest = z.strictObject({ reason: z.string().trim().min(3).max(500) });

/** A university's own four-eyes policy (admins): more than `threshold` certificates by one person within `windowHours` need an approver. */
export const ApprovalPolicyRequest = z.strictObject({
  threshold: z.number().int().min(1).max(1_000_000),
  windowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
});
