import { ChainReadError } from "../../core";
import type {
  AnchorStatus,
  AnchorTransaction,
  ChainReader,
  Interval,
  RegisteredMinistry,
  RegisteredUniversity,
} from "../../core";

/** A batch as the CertificateRegistry records it. Times are UNIX seconds. */
export interface MemoryBatch {
  issuer: number;
  root: string;
  count: number;
  anchoredAt: number;
  transaction?: AnchorTransaction;
  revoked?: { at: number; reason: number };
  /** Revoked certificates of the batch, by leaf. */
  revokedLeaves?: Record<string, { at: number; reason: number }>;
}

/** The registries' state that a {@link memoryChainReader} answers from; tests change it between reads. */
export interface MemoryChain {
  batches: MemoryBatch[];
  universities: RegisteredUniversity[];
  /** By two-letter country code. */
  ministries: Record<string, RegisteredMinistry>;
  /** Accreditation intervals by university id, oldest first. */
  accreditation: Record<number, Interval[]>;
  /** Signer keys by university id, each with its validity. */
  signers: Record<number, { key: string; validity: Interval }[]>;
  /** When set, every read fails with it: a node that is down, or serves another chain. */
  failure?: ChainReadError;
}

const within = ({ from, until }: Interval, at: number): boolean => from <= at && (until === 0 || at < until);

/**
 * Core's chain reader over a {@link MemoryChain}: for unit tests of the checks' logic. The tests against
 * a real node (test/core/verify-chain.test.ts) cover the reader that talks to the contracts.
 */
export function memoryChainReader(chain: MemoryChain): ChainReader {
  const read = async <T>(answer: () => T): Promise<T> => {
    if (chain.failure) throw chain.failure;
    return answer();
  };
  const batchOf = (issuer: number, root: string) =>
    chain.batches.find((b) => b.issuer === issuer && b.root.toLowerCase() === root.toLowerCase());
  return {
    status: (issuer, root, leaf) =>
      read((): AnchorStatus => {
        const batch = batchOf(issuer, root);
        const leafRevoked = batch?.revokedLeaves?.[leaf];
        return {
          anchored: batch !== undefined,
          count: batch?.count ?? 0,
          anchoredAt: batch?.anchoredAt ?? 0,
          leafRevokedAt: leafRevoked?.at ?? 0,
          leafReason: leafRevoked?.reason ?? 0,
          batchRevokedAt: batch?.revoked?.at ?? 0,
          batchReason: batch?.revoked?.reason ?? 0,
        };
      }),
    anchorTransaction: (issuer, root) => read(() => batchOf(issuer, root)?.transaction),
    university: (id) => read(() => chain.universities.find((u) => u.id === id)),
    ministry: (country) => read(() => chain.ministries[country]),
    accreditationHistory: (id) => read(() => chain.accreditation[id] ?? []),
    wasAccreditedAt: (id, at) => read(() => (chain.accreditation[id] ?? []).some((i) => within(i, at))),
    wasSignerAt: (id, key, at) =>
      read(() =>
        (chain.signers[id] ?? []).some((s) => s.key.toLowerCase() === key.toLowerCase() && within(s.validity, at)),
      ),
  };
}
