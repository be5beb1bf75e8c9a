import { z } from "zod";
import type { CheckName, Fragment } from "../../../core";

/** What ANCHORED tells when it passes: where and when the batch was recorded. */
const Anchoring = z.object({
  chainId: z.number(),
  anchoredAt: z.number(),
  count: z.number(),
  blockNumber: z.number().optional(),
  transactionHash: z.string().optional(),
});
export type Anchoring = z.infer<typeof Anchoring>;

/** What NOT_REVOKED tells when it fails: when and why. */
const Revocation = z.object({ revokedAt: z.number(), reason: z.number() });
export type Revocation = z.infer<typeof Revocation>;

function dataOf<T>(fragments: readonly Fragment[], name: CheckName, schema: z.ZodType<T>): T | undefined {
  const parsed = schema.safeParse(fragments.find((f) => f.name === name)?.data);
  return parsed.success ? parsed.data : undefined;
}

export const anchoringOf = (fragments: readonly Fragment[]): Anchoring | undefined =>
  dataOf(fragments, "ANCHORED", Anchoring);
export const revocationOf = (fragments: readonly Fragment[]): Revocation | undefined =>
  dataOf(fragments, "NOT_REVOKED", Revocation);
