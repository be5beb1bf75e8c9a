import type { AnchorStatus, ChainReader } from "./reader";

/** Certificate statuses remembered at most; the oldest go first. */
const MAX_STATUSES = 50_000;

/**
 * How a certificate status may be reused: while the chain's head is the block it was read at. The
 * head is asked for again once it is `headMs` old; until the answer comes, the last one is used (for
 * at most three times `headMs`), so verifications never queue behind the node's answer. A revocation
 * thus shows at most `headMs` plus one head request after the node has its block.
 */
export interface StatusByBlock {
  /** The number of the chain's latest block. */
  head(): Promise<number>;
  headMs: number;
}

/**
 * Wraps a {@link ChainReader} so that answers about institutions and batches (universities, ministries,
 * accreditation, keys, anchoring transactions) are reused for `ttlMs`, and concurrent identical reads
 * share one request. The certificate status is never reused by default, so a revocation shows at
 * once; with `statusByBlock` it is reused within one block (see {@link StatusByBlock} for the bound).
 * A failed read is not cached.
 */
export function cachedChainReader(
  reader: ChainReader,
  ttlMs: number,
  now: () => number = Date.now,
  statusByBlock?: StatusByBlock,
): ChainReader {
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
    status: statusByBlock ? statusOncePerBlock(reader, statusByBlock, now) : (...args) => reader.status(...args),
    anchorTransaction: (issuer, root) => cached(`tx|${issuer}|${root}`, () => reader.anchorTransaction(issuer, root)),
    university: (id) => cached(`university|${id}`, () => reader.university(id)),
    ministry: (country) => cached(`ministry|${country}`, () => reader.ministry(country)),
    accreditationHistory: (id) => cached(`history|${id}`, () => reader.accreditationHistory(id)),
    wasAccreditedAt: (id, t) => cached(`accredited|${id}|${t}`, () => reader.wasAccreditedAt(id, t)),
    wasSignerAt: (id, key, t) => cached(`signer|${id}|${key}|${t}`, () => reader.wasSignerAt(id, key, t)),
  };
}

/**
 * `reader.status`, read once per certificate and block: a status read while the head was block N
 * is reused while the head is still N. Nothing older than the head is answered, as a read made
 * at N answers the state of N or later. Without a head (the node did not answer), a plain read.
 */
function statusOncePerBlock(
  reader: ChainReader,
  { head, headMs }: StatusByBlock,
  now: () => number,
): ChainReader["status"] {
  let known: { at: number; block: number } | undefined;
  let asking: Promise<number> | undefined;
  const latest = (): Promise<number> | number => {
    const age = known ? now() - known.at : Infinity;
    if (age >= headMs && !asking) {
      const at = now();
      asking = head().then(
        (block) => {
          known = { at, block };
          asking = undefined;
          return block;
        },
        (error: unknown) => {
          asking = undefined;
          throw error;
        },
      );
      // Handled by whoever awaits it; while the last head is still used, nobody does.
      asking.catch(() => undefined);
    }
    if (known && age < 3 * headMs) return known.block;
    return asking as Promise<number>;
  };
  const statuses = new Map<string, { block: number; value: Promise<AnchorStatus> }>();
  return async (issuer, root, leaf) => {
    let block: number;
    try {
      block = await latest();
    } catch {
      return reader.status(issuer, root, leaf);
    }
    const key = `${issuer}|${root}|${leaf}`.toLowerCase();
    const hit = statuses.get(key);
    // Another head, even a lower one (a reorganisation), means another answer may be due.
    if (hit && hit.block === block) return hit.value;
    if (hit) statuses.delete(key);
    else if (statuses.size >= MAX_STATUSES) statuses.delete(statuses.keys().next().value as string);
    const value = reader.status(issuer, root, leaf);
    const entry = { block, value };
    statuses.set(key, entry);
    value.catch(() => {
      if (statuses.get(key) === entry) statuses.delete(key);
    });
    return value;
  };
}
