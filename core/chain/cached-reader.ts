import type { ChainReader } from "./reader";

/**
 * Wraps a {@link ChainReader} so that answers about institutions and batches (universities, ministries,
 * accreditation, keys, anchoring transactions) are reused for `ttlMs`, and concurrent identical reads
 * share one request. The certificate status itself is never cached: a revocation must show at once.
 * A failed read is not cached.
 */
export function cachedChainReader(reader: ChainReader, ttlMs: number, now: () => number = Date.now): ChainReader {
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();
  function cached<T>(key: string, read: () => Promise<T>): Promise<T> {
    const hit = entries.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value as Promise<T>;
    if (entries.size > 10_000) entries.clear();
    const value = read().catch((error: unknown) => {
      entries.delete(key);
      throw error;
    });
    entries.set(key, { at: now(), value });
    return value;
  }
  return {
    status: (issuer, root, leaf) => reader.status(issuer, root, leaf),
    anchorTransaction: (issuer, root) => cached(`tx|${issuer}|${root}`, () => reader.anchorTransaction(issuer, root)),
    university: (id) => cached(`university|${id}`, () => reader.university(id)),
    ministry: (country) => cached(`ministry|${country}`, () => reader.ministry(country)),
    accreditationHistory: (id) => cached(`history|${id}`, () => reader.accreditationHistory(id)),
    wasAccreditedAt: (id, t) => cached(`accredited|${id}|${t}`, () => reader.wasAccreditedAt(id, t)),
    wasSignerAt: (id, key, t) => cached(`signer|${id}|${key}|${t}`, () => reader.wasSignerAt(id, key, t)),
  };
}
