import { z } from "zod";

/** A signer key rotation's steps, in order. */
export const ROTATION_STATUSES = ["registering", "registered", "switched", "revoking", "done"] as const;

export const SignerRotation = z
  .object({
    id: z.number().int(),
    universityId: z.number().int(),
    oldSigner: z
      .string()
      .meta({ description: "The key being replaced; revoked on chain once every batch it signed is anchored" }),
    newSigner: z.string(),
    status: z.enum(ROTATION_STATUSES).meta({
      description:
        "registering: addSigner sent; registered: on chain; switched: new batches are signed with the new key; revoking: revokeSigner of the old key sent; done",
    }),
    error: z.string().nullable().meta({ description: "Why the current step is postponed, if it is" }),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .meta({ id: "SignerRotation" });
export type SignerRotation = z.infer<typeof SignerRotation>;

export const SignerKeys = z
  .object({
    operator: z.string().meta({ description: "The university's operator account, which sends its transactions" }),
    currentSigner: z.string().meta({ description: "The key this server signs new batches with" }),
    signers: z
      .array(
        z.object({
          address: z.string(),
          validFrom: z.number().int().meta({ description: "UNIX seconds" }),
          validUntil: z.number().int().nullable().meta({ description: "UNIX seconds; null while the window is open" }),
          validNow: z.boolean().meta({
            description:
              "Whether a batch it signs can still be anchored (its window holds the next block's earliest time)",
          }),
          current: z.boolean().meta({ description: "Whether this server signs new batches with it" }),
        }),
      )
      .meta({ description: "Every signer key of the university as the IssuerRegistry records it, in the order added" }),
    rotation: SignerRotation.nullable().meta({ description: "The most recent rotation" }),
  })
  .meta({ id: "SignerKeys" });
export type SignerKeys = z.infer<typeof SignerKeys>;
