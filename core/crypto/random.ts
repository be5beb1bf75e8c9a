/** `length` cryptographically random bytes. */
export type RandomBytes = (length: number) => Uint8Array;

const POOL_SIZE = 8192;
let pool = new Uint8Array(0);
let used = 0;

/**
 * WebCrypto's random bytes, drawn 8 KiB at a time: a batch asks for 32 bytes per field of every
 * certificate, and one `getRandomValues` call per salt cost more than hashing it. Each byte is handed
 * out once and wiped from the pool as it is.
 */
export const webCryptoRandom: RandomBytes = (length) => {
  if (length > POOL_SIZE) return crypto.getRandomValues(new Uint8Array(length));
  if (used + length > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE));
    used = 0;
  }
  const bytes = pool.slice(used, used + length);
  pool.fill(0, used, used + length);
  used += length;
  return bytes;
};
