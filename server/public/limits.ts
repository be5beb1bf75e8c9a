import type { RequestHandler, Response } from "express";
import { ApiError } from "../http/errors";

/** How much anonymous callers may ask of this server (configuration; `server/config.ts`). */
export interface AnonymousLimits {
  /** Requests per second each address gets back, on average. */
  ratePerSecond: number;
  /** Requests an address may send at once after a pause: a verifier page's burst, or a short script's. */
  burst: number;
  /** Verifications (outbound fetch and chain reads) running at once; more wait briefly in line. */
  verifyConcurrency: number;
}

export const DEFAULT_ANONYMOUS_LIMITS: AnonymousLimits = { ratePerSecond: 20, burst: 100, verifyConcurrency: 64 };

/** Addresses remembered at most; past this, those whose bucket has refilled are forgotten. */
const MAX_ADDRESSES = 100_000;

/**
 * A token bucket per caller address (`request.ip`, the proxy's client address behind a trusted
 * proxy): `burst` requests at once, then `ratePerSecond`. Past that: 429 with Retry-After.
 */
export function rateLimitPerAddress(
  limits: Pick<AnonymousLimits, "ratePerSecond" | "burst">,
  now: () => number = Date.now,
): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refilled = (bucket: { tokens: number; at: number }, at: number): number =>
    Math.min(limits.burst, bucket.tokens + ((at - bucket.at) / 1000) * limits.ratePerSecond);
  return (request, response, next) => {
    const at = now();
    const address = request.ip ?? "";
    if (buckets.size >= MAX_ADDRESSES && !buckets.has(address)) {
      for (const [known, bucket] of buckets) if (refilled(bucket, at) >= limits.burst) buckets.delete(known);
    }
    const bucket = buckets.get(address) ?? { tokens: limits.burst, at };
    bucket.tokens = refilled(bucket, at);
    bucket.at = at;
    buckets.set(address, bucket);
    if (bucket.tokens < 1) {
      response.set("Retry-After", String(Math.ceil((1 - bucket.tokens) / limits.ratePerSecond)));
      return next(new ApiError(429, "TOO_MANY_REQUESTS"));
    }
    bucket.tokens -= 1;
    next();
  };
}

/** How long a verification may wait for its turn before the caller is told to come back. */
const MAX_WAIT_MS = 2000;
/** Waiting verifications per running one, at most; beyond, callers are answered at once. */
const QUEUE_PER_SLOT = 8;

/**
 * At most `slots` verifications at once for all callers together, so a flood neither piles up
 * outbound fetches and chain reads nor makes every answer late: a few wait their turn, briefly; the
 * others get 503 with Retry-After.
 */
export class VerificationGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots: number) {}

  async run<T>(response: Response, work: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) await this.turn(response);
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Resolves when a finishing verification hands its slot over; the slot count stays as it is. */
  private turn(response: Response): Promise<void> {
    const busy = (): ApiError => {
      response.set("Retry-After", "1");
      return new ApiError(503, "SERVER_BUSY", { with: "verifications" });
    };
    if (this.waiting.length >= this.slots * QUEUE_PER_SLOT) return Promise.reject(busy());
    return new Promise((resolve, reject) => {
      const take = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(busy());
      }, MAX_WAIT_MS);
      this.waiting.push(take);
    });
  }
}
