import type { Wallet } from "ethers";

/**
 * The keys of the universities this server issues for: the operator account that sends their
 * transactions, and the signer key that signs their batches. Keys never leave this object: they are
 * not logged and no API returns them.
 */
export interface KeyRing {
  operator(universityId: number): Wallet;
  signer(universityId: number): Wallet;
  /** Signs the university's next batches with `signer` (after a rotation registered it on chain). */
  useSigner(universityId: number, signer: Wallet): void;
}

export function keyRingFrom(keys: Map<number, { operator: Wallet; signer: Wallet }>): KeyRing {
  const get = (universityId: number): { operator: Wallet; signer: Wallet } => {
    const pair = keys.get(universityId);
    if (!pair) throw new Error(`no keys loaded for university ${universityId}`);
    return pair;
  };
  return {
    operator: (id) => get(id).operator,
    signer: (id) => get(id).signer,
    useSigner: (id, signer) => keys.set(id, { ...get(id), signer }),
  };
}
