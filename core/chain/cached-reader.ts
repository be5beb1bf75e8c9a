import type { AnchorStatus, ChainReader } from "./reader";

/** Certificate statuses remembered at most; the oldest go first. */
const MAX_STATUSES = 50_000;

/**
 * How a certificate status may be reused: while the chain's head is the block it was read at. The
 * head is asked for at most once per `headMs`, so a revocation shows at most `headMs` after the
 * block that holds it is seen by the node (plus one status read).
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
  let known: { at: number; block: Promise<number> } | undefined;
  const latest = (): Promise<number> => {
    if (!known || now() - known.at >= headMs) {
      const block = head();
      known = { at: now(), block };
      block.catch(() => {
        if (known?.block === block) known = undefined;
      });
    }
    return known.block;
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
