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

/** The signer keys ever added to university `universityId`, in the order they were added, with their windows. */
export async function signerKeysOnChain(provider: Provider, deployment: Deployment, universityId: number): Promise<SignerKeyWindow[]> {
  const registry = new Contract(deployment.issuerRegistry, ISSUER_REGISTRY_ABI, provider);
  const [addresses, head] = await Promise.all([registry.getFunction("signers")(universityId) as Promise<string[]>, provider.getBlock("latest")]);
  const next = (head?.timestamp ?? 0) + 1;
  return Promise.all(
    addresses.map(async (address) => {
      const window = (await registry.getFunction("signerKey")(universityId, address)) as { validFrom: bigint; validUntil: bigint };
      const validFrom = Number(window.validFrom);
      const validUntil = window.validUntil === 0n ? null : Number(window.validUntil);
      return { address, validFrom, validUntil, validNow: validFrom <= next && (validUntil === null || next < validUntil) };
    }),
  );
}
