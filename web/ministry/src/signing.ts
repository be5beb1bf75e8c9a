import { Contract, JsonRpcProvider, Wallet, isError } from "ethers";
import type { HDNodeWallet } from "ethers";
import { ISSUER_REGISTRY_ABI, isCountryCode } from "../../../core";
import type { CountryCode, Deployment, LocalizedText, VerifierConfig } from "../../../core";

/** Who the opened key belongs to, as the IssuerRegistry says now. */
export type Role = { kind: "ministry"; country: CountryCode } | { kind: "authority" } | { kind: "none" };

/**
 * The ministry's key, opened in this browser: the keystore is decrypted here and transactions are
 * signed here and sent straight to the chain's RPC; the key is never sent anywhere.
 */
export class MinistryKey {
  private constructor(
    readonly address: string,
    readonly role: Role,
    private readonly registry: Contract,
  ) {}

  /** Decrypts a JSON keystore and asks the registry what its account is. Throws on a wrong password. */
  static async open(keystore: string, password: string, config: VerifierConfig): Promise<MinistryKey> {
    const deployment = config.deployments[0] as Deployment;
    const decrypted: Wallet | HDNodeWallet = await Wallet.fromEncryptedJson(keystore, password);
    const provider = new JsonRpcProvider(config.rpcUrl, deployment.chainId, { staticNetwork: true });
    const registry = new Contract(deployment.issuerRegistry, ISSUER_REGISTRY_ABI, new Wallet(decrypted.privateKey, provider));
    return new MinistryKey(decrypted.address, await roleOf(registry, decrypted.address), registry);
  }

  accredit(operator: string, names: LocalizedText, url: string): Promise<number> {
    return this.send("accreditUniversity", operator, names, url);
  }

  suspend(universityId: number, reason: string): Promise<number> {
    return this.send("suspendUniversity", universityId, reason);
  }

  reinstate(universityId: number): Promise<number> {
    return this.send("reinstateUniversity", universityId);
  }

  /** Sends a transaction and waits for its receipt; returns its block number. */
  private async send(method: string, ...args: unknown[]): Promise<number> {
    const transaction = (await this.registry.getFunction(method)(...args)) as { wait(): Promise<{ blockNumber: number } | null> };
    const receipt = await transaction.wait();
    return receipt?.blockNumber ?? 0;
  }
}

async function roleOf(registry: Contract, address: string): Promise<Role> {
  const [owner, countryBytes] = (await Promise.all([registry.getFunction("owner")(), registry.getFunction("countryOfMinistry")(address)])) as [string, string];
  if (owner.toLowerCase() === address.toLowerCase()) return { kind: "authority" };
  // bytes2 "0x4a4f" is the ASCII of "JO"; zero when the account is no ministry.
  const country = String.fromCharCode(...(countryBytes.slice(2).match(/../g) ?? []).map((byte) => parseInt(byte, 16)));
  return isCountryCode(country) ? { kind: "ministry", country } : { kind: "none" };
}

/** A transaction's failure in a few words: the registry's custom error when it gave one. */
export function failureOf(error: unknown): string {
  if (isError(error, "CALL_EXCEPTION") && error.revert) return `${error.revert.name}(${error.revert.args.join(", ")})`;
  if (isError(error, "INSUFFICIENT_FUNDS")) return "INSUFFICIENT_FUNDS";
  return error instanceof Error ? (error as Error & { shortMessage?: string }).shortMessage ?? error.message : String(error);
}
