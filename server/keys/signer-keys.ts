import { Contract } from "ethers";
import type { Provider } from "ethers";
import { ISSUER_REGISTRY_ABI } from "../../core";
import type { Deployment } from "../../core";

/** A signer key's validity window as the IssuerRegistry records it; UNIX seconds, `validUntil` null while open. */
export interface SignerKeyWindow {
  address: string;
  validFrom: number;
  validUntil: number | null;
  /**
   * Whether a batch it signs can still be anchored: whether the window holds the next block's earliest
   * time. A revoked key's window covers the second of its revocation's block, which no later block has.
   * The chain's clock decides, not this machine's.
   */
  validNow: boolean;
}

/** The IssuerRegistry, for reading signer key windows. */
export const issuerRegistryReader = (provider: Provider, deployment: Deployment): Contract =>
  new Contract(deployment.issuerRegistry, ISSUER_REGISTRY_ABI, provider);

/** The earliest time the next block can have: what "valid now" is judged against. */
export async function nextBlockTime(provider: Provider): Promise<number> {
  return ((await provider.getBlock("latest"))?.timestamp ?? 0) + 1;
}

/** One signer key's window, judged at `next` (from {@link nextBlockTime}). */
export async function signerKeyWindow(
  registry: Contract,
  universityId: number,
  address: string,
  next: number,
): Promise<SignerKeyWindow> {
  const window = (await registry.getFunction("signerKey")(universityId, address)) as {
    validFrom: bigint;
    validUntil: bigint;
  };
  const validFrom = Number(window.validFrom);
  const validUntil = window.validUntil === 0n ? null : Number(window.validUntil);
  // validFrom is 0 only for a key never added.
  return {
    address,
    validFrom,
    validUntil,
    validNow: validFrom !== 0 && validFrom <= next && (validUntil === null || next < validUntil),
  };
}

/** The signer keys ever added to university `universityId`, in the order they were added, with their windows. */
export async function signerKeysOnChain(
  provider: Provider,
  deployment: Deployment,
  universityId: number,
): Promise<SignerKeyWindow[]> {
  const registry = issuerRegistryReader(provider, deployment);
  const [addresses, next] = await Promise.all([
    registry.getFunction("signers")(universityId) as Promise<string[]>,
    nextBlockTime(provider),
  ]);
  return Promise.all(addresses.map((address) => signerKeyWindow(registry, universityId, address, next)));
}
