import { z } from "zod";
import { Messages, RevocationReasonName } from "./common";

const Person = z.object({ name: z.string(), email: z.string() });

export const Batch = z
  .object({
    id: z.number().int(),
    status: z.string(),
    count: z.number().int(),
    root: z.string(),
    needsApproval: z.number().int().meta({ description: "1 when the approval policy holds the batch for an approver" }),
    approvedAt: z.number().int().nullable(),
    approvedBy: Person.nullable(),
    refusedAt: z.number().int().nullable(),
    refusedBy: Person.nullable(),
    failure: z
      .looseObject({ code: z.string(), message: Messages })
      .nullable()
      .meta({ description: "Why the batch failed, with what it names, in words to act on" }),
    resealedAt: z.number().int().nullable(),
    signer: z.string().nullable(),
    blockNumber: z.number().int().nullable(),
    anchoredAt: z.number().int().nullable(),
    txHash: z.string().nullable(),
    error: z.string().nullable(),
    revokedAt: z.number().int().nullable(),
    revocationReason: RevocationReasonName.nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .meta({ id: "Batch" });
export type Batch = z.infer<typeof Batch>;

export const BatchList = z.object({ batches: z.array(Batch) });
export type BatchList = z.infer<typeof BatchList>;

export const ResealAnswer = z.object({
  batch: Batch,
  resealed: z.number().int().meta({ description: "Certificates returned to pending" }),
});
export type ResealAnswer = z.infer<typeof ResealAnswer>;

export const ApprovalPolicy = z
  .object({
    threshold: z
      .number()
      .int()
      .nullable()
      .meta({ description: "Null: no approval step (neither the university nor the server sets one)" }),
    windowHours: z.number().int(),
    source: z.enum(["university", "server"]),
  })
  .meta({ id: "ApprovalPolicy" });
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;
