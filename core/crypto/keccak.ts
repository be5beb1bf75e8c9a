import { createKeccak } from "hash-wasm";
import type { IHasher } from "hash-wasm";
import sha3 from "js-sha3";

/**
 * Keccak-256, the hash of Ethereum and of every Tasdiq fingerprint. The hex form is `0x` and 64
 * lowercase digits, a `Hex32` of the credential schema.
 *
 * Hashing decides how fast a batch of tens of thousands of certificates is built and verified, so
 * the work is done by one reused WebAssembly hasher (hash-wasm), several times faster than any
 * JavaScript Keccak on these short inputs. WebAssembly is compiled asynchronously (browsers allow
 * nothing else on their main thread), so until it is ready — and wherever it is refused, such as
 * under a Content-Security-Policy without 'wasm-unsafe-eval' — js-sha3 gives the same bytes.
 * Bulk work awaits {@link keccakReady} first; the hashes are identical either way.
 */
let hasher: IHasher | undefined;

/** Settles once the WebAssembly hasher is in use, or known to be unavailable; never rejects. */
export const keccakReady: Promise<void> = createKeccak(256).then(
  (created) => {
    hasher = created;
  },
  () => undefined,
);

export function keccak256Hex(data: Uint8Array | string): string {
  if (hasher === undefined) return `0x${sha3.keccak256.hex(data)}`;
  return `0x${hasher.init().update(data).digest("hex")}`;
}

export function keccak256Bytes(data: Uint8Array): Uint8Array {
  if (hasher === undefined) return new Uint8Array(sha3.keccak256.arrayBuffer(data));
  return hasher.init().update(data).digest("binary");
}
