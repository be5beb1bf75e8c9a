import { z } from "zod";
import type { CheckName, Fragment } from "../../../core";

/** Names in the three languages as the chain stores them (not re-validated as certificate text). */
const Names = z.object({ ar: z.string(), en: z.string(), fr: z.string() });

/** What ANCHORED tells when it passes: where and when the batch was recorded. */
const Anchoring = z.object({
  chainId: z.number(),
  anchoredAt: z.number(),
  count: z.number(),
  blockNumber: z.number().optional(),
  transactionHash: z.string().optional(),
});
export type Anchoring = z.infer<typeof Anchoring>;

/** What ISSUER_ACCREDITED tells: the university and its ministry as registered on chain. */
const Accreditation = z.object({
  university: z.object({ names: Names, country: z.string() }),
  ministry: z.object({ names: Names }).optional(),
  accreditedSince: z.number().optional(),
});
export type Accreditation = z.infer<typeof Accreditation>;

/** What NOT_REVOKED tells when it fails: when and why. */
const Revocation = z.object({ revokedAt: z.number(), reason: z.number() });
export type Revocation = z.infer<typeof Revocation>;

function dataOf<T>(fragments: readonly Fragment[], name: CheckName, schema: z.ZodType<T>): T | undefined {
  const parsed = schema.safeParse(fragments.find((f) => f.name === name)?.data);
  return parsed.success ? parsed.data : undefined;
}

export const anchoringOf = (fragments: readonly Fragment[]): Anchoring | undefined => dataOf(fragments, "ANCHORED", Anchoring);
export const accreditationOf = (fragments: readonly Fragment[]): Accreditation | undefined =>
  dataOf(fragments, "ISSUER_ACCREDITED", Accreditation);
export const revocationOf = (fragments: readonly Fragment[]): Revocation | undefined => dataOf(fragments, "NOT_REVOKED", Revocation);
