import { z } from "zod";
import { Address } from "../deployment";
import type { Deployment } from "../deployment";
import { ChainReadError } from "../errors";
import type { ChainReader, Interval } from "./reader";

const Bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/, "expected 0x followed by 64 lowercase hex digits");
const Seconds = z
  .number()
  .int()
  .min(0)
  .max(2 ** 53 - 1);
const Names = z.strictObject({ ar: z.string(), en: z.string(), fr: z.string() });
/** A half-open interval [from, until) of UNIX seconds; `until` 0 while it is open. */
const ChainInterval = z.strictObject({ from: Seconds, until: Seconds });

/**
 * The facts of one deployment's registries that verification reads, written as JSON: what a node
 * would answer, without a node. Conformance vectors carry one, so that the chain checks of any
 * verifier can be run and compared offline. Every time is UNIX seconds; 0 means never.
 */
export const ChainState = z.strictObject({
  /** The chain id the node serves; a verifier must refuse a node serving another than its deployment's. */
  chainId: z.number().int().positive(),
  /** The IssuerRegistry and CertificateRegistry these facts are read from. */
  issuerRegistry: Address,
  certificateRegistry: Address,
  ministries: z.array(
    z.strictObject({
      country: z.string().regex(/^[A-Z]{2}$/),
      account: Address,
      names: Names,
      /** Registration intervals of this country's ministry (`ministryHistory`). */
      registered: z.array(ChainInterval),
    }),
  ),
  universities: z.array(
    z.strictObject({
      id: z.number().int().min(1).max(0xffffffff),
      country: z.string().regex(/^[A-Z]{2}$/),
      operator: Address,
      names: Names,
      url: z.string(),
      /** Accreditation intervals, oldest first (`accreditationHistory`). */
      accreditation: z.array(ChainInterval).min(1),
      /** Signer key windows (`signerKey`): valid from `validFrom`, until `validUntil` (0: no end). */
      signers: z.array(z.strictObject({ key: Address, validFrom: Seconds, validUntil: Seconds })),
    }),
  ),
  /** Anchored batches, each under the university that anchored it (`batch(issuer, root)`). */
  batches: z.array(
    z.strictObject({
      issuer: z.number().int().min(1).max(0xffffffff),
      root: Bytes32,
      count: z.number().int().min(1).max(0xffffffff),
      anchoredAt: Seconds,
      revokedAt: Seconds,
      reason: z.number().int().min(0).max(255),
      /** Revoked certificates of this batch (`status(issuer, root, leaf)`). */
      revokedLeaves: z.array(
        z.strictObject({ leaf: Bytes32, revokedAt: Seconds, reason: z.number().int().min(1).max(255) }),
      ),
      /** The anchoring transaction, when known. */
      transaction: z.strictObject({ blockNumber: z.number().int().min(0), transactionHash: Bytes32 }).optional(),
    }),
  ),
});
export type ChainState = z.infer<typeof ChainState>;

/** `intervals` covers `t`: the newest interval started at or before `t` is still open at `t`. */
function covers(intervals: readonly Interval[], t: number): boolean {
  const last = intervals.findLast((interval) => interval.from <= t);
  return last !== undefined && (last.until === 0 || t < last.until);
}

const isOpen = (intervals: readonly Interval[]): boolean => intervals.at(-1)?.until === 0;
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * A {@link ChainReader} answering from a {@link ChainState} with the registries' own rules (the views
 * of contracts/IssuerRegistry.sol and CertificateRegistry.sol), for conformance vectors and unit tests.
 * `state` null stands for a chain that cannot be reached.
 */
export function chainStateReader(state: ChainState | null, deployment: Deployment): ChainReader {
  const facts = (): ChainState => {
    if (state === null) throw new ChainReadError("CHAIN_UNREACHABLE", "the chain cannot be reached");
    if (state.chainId !== deployment.chainId) {
      throw new ChainReadError("CHAIN_MISMATCH", `the node serves chain ${state.chainId}, not ${deployment.chainId}`);
    }
    if (
      !same(state.issuerRegistry, deployment.issuerRegistry) ||
      !same(state.certificateRegistry, deployment.certificateRegistry)
    ) {
      throw new ChainReadError("CHAIN_UNREACHABLE", "the chain state is not of this deployment's registries");
    }
    return state;
  };
  const batchOf = (issuer: number, root: string) =>
    facts().batches.find((b) => b.issuer === issuer && b.root === root.toLowerCase());
  const universityOf = (id: number) => facts().universities.find((u) => u.id === id);
  const ministryOf = (country: string) => facts().ministries.find((m) => m.country === country);
  const ministryRegisteredAt = (country: string, t: number) => covers(ministryOf(country)?.registered ?? [], t);
  const accreditedNow = (university: ChainState["universities"][number]) =>
    isOpen(university.accreditation) && isOpen(ministryOf(university.country)?.registered ?? []);

  return {
    status: async (issuer, root, leaf) => {
      const batch = batchOf(issuer, root);
      const revocation = batch?.revokedLeaves.find((r) => r.leaf === leaf.toLowerCase());
      return {
        anchored: batch !== undefined,
        count: batch?.count ?? 0,
        anchoredAt: batch?.anchoredAt ?? 0,
        leafRevokedAt: revocation?.revokedAt ?? 0,
        leafReason: revocation?.reason ?? 0,
        batchRevokedAt: batch?.revokedAt ?? 0,
        batchReason: batch?.reason ?? 0,
      };
    },
    anchorTransaction: async (issuer, root) => batchOf(issuer, root)?.transaction,
    university: async (id) => {
      const university = universityOf(id);
      if (!university) return undefined;
      const { country, operator, names, url } = university;
      return { id, country, operator, names, url, accredited: accreditedNow(university) };
    },
    ministry: async (country) => {
      const ministry = ministryOf(country);
      return ministry && isOpen(ministry.registered) ? { account: ministry.account, names: ministry.names } : undefined;
    },
    accreditationHistory: async (id) => universityOf(id)?.accreditation ?? [],
    wasAccreditedAt: async (id, t) => {
      const university = universityOf(id);
      return (
        university !== undefined && covers(university.accreditation, t) && ministryRegisteredAt(university.country, t)
      );
    },
    wasSignerAt: async (id, key, t) => {
      const window = universityOf(id)?.signers.find((s) => same(s.key, key));
      return (
        window !== undefined &&
        window.validFrom !== 0 &&
        window.validFrom <= t &&
        (window.validUntil === 0 || t < window.validUntil)
      );
    },
  };
}
