import { BrowserProvider, Contract, JsonRpcProvider, Wallet, isError } from "ethers";
import type { ContractRunner, Eip1193Provider, HDNodeWallet } from "ethers";
import { ISSUER_REGISTRY_ABI, isCountryCode } from "../../../core";
import type { CountryCode, LocalizedText, RegisteredUniversity } from "../../../core";
import type { MinistryBuild } from "./config";

/** Who the signing account is, as the IssuerRegistry says now. */
export type Role = { kind: "ministry"; country: CountryCode } | { kind: "authority" } | { kind: "none" };

/** How the page signs: through an injected wallet (the key never enters the page), or a keystore opened in it. */
export type Custody = "wallet" | "keystore";

/** The wallet is on another chain than the deployment this dashboard acts on. */
export class WrongChainError extends Error {
  constructor(readonly chainId: number) {
    super(`wallet on chain ${chainId}`);
  }
}

/** bytes2 "0x4a4f" is the ASCII of "JO"; zero for no country. */
const countryOf = (bytes: string): string =>
  String.fromCharCode(...(bytes.slice(2).match(/../g) ?? []).map((byte) => parseInt(byte, 16))).replace(/\0/g, "");

/**
 * The ministry's (or the authority's) account, ready to sign registry transactions. Everything the
 * page decides on — whose account it is, a university's record before acting on it, the receipt —
 * is read through the dashboard's own RPC; only signing goes to the wallet or the opened keystore.
 */
export class MinistrySigner {
  private constructor(
    readonly address: string,
    readonly role: Role,
    readonly custody: Custody,
    private readonly chain: JsonRpcProvider,
    private readonly reader: Contract,
    private readonly writer: Contract,
  ) {}

  /** Asks the injected EIP-1193 wallet for its account; refuses a wallet on another chain. */
  static async connectWallet(ethereum: Eip1193Provider, config: MinistryBuild): Promise<MinistrySigner> {
    const chainId = Number(await ethereum.request({ method: "eth_chainId" }));
    if (chainId !== config.deployment.chainId) throw new WrongChainError(chainId);
    const signer = await new BrowserProvider(ethereum, chainId).getSigner();
    return MinistrySigner.create(signer.address, "wallet", () => signer, config);
  }

  /** Decrypts a JSON keystore in the page (only where the build allows it). Throws on a wrong password. */
  static async openKeystore(keystore: string, password: string, config: MinistryBuild): Promise<MinistrySigner> {
    const decrypted: Wallet | HDNodeWallet = await Wallet.fromEncryptedJson(keystore, password);
    return MinistrySigner.create(
      decrypted.address,
      "keystore",
      (chain) => new Wallet(decrypted.privateKey, chain),
      config,
    );
  }

  private static async create(
    address: string,
    custody: Custody,
    signer: (chain: JsonRpcProvider) => ContractRunner,
    config: MinistryBuild,
  ): Promise<MinistrySigner> {
    const chain = new JsonRpcProvider(config.rpcUrl, config.deployment.chainId, { staticNetwork: true });
    const reader = new Contract(config.deployment.issuerRegistry, ISSUER_REGISTRY_ABI, chain);
    const writer = new Contract(config.deployment.issuerRegistry, ISSUER_REGISTRY_ABI, signer(chain));
    return new MinistrySigner(address, await roleOf(reader, address), custody, chain, reader, writer);
  }

  /** The university's record now, or undefined when the registry has no such id. */
  async university(id: number): Promise<RegisteredUniversity | undefined> {
    if (id < 1 || id > Number(await this.reader.getFunction("universityCount")())) return undefined;
    const record = (await this.reader.getFunction("university")(id)) as {
      country: string;
      operator: string;
      names: LocalizedText;
      url: string;
      accredited: boolean;
    };
    const names = { ar: record.names.ar, en: record.names.en, fr: record.names.fr };
    return {
      id,
      country: countryOf(record.country),
      operator: record.operator,
      names,
      url: record.url,
      accredited: record.accredited,
    };
  }

  /** The id of the university this account operates, 0 for none. */
  async universityOf(operator: string): Promise<number> {
    return Number(await this.reader.getFunction("universityOf")(operator));
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

  /** Has the transaction signed and sent, then waits for its receipt on the dashboard's RPC; returns its block number. */
  private async send(method: string, ...args: unknown[]): Promise<number> {
    const transaction = (await this.writer.getFunction(method)(...args)) as { hash: string };
    const receipt = await this.chain.waitForTransaction(transaction.hash);
    return receipt?.blockNumber ?? 0;
  }
}

async function roleOf(registry: Contract, address: string): Promise<Role> {
  const [owner, countryBytes] = (await Promise.all([
    registry.getFunction("owner")(),
    registry.getFunction("countryOfMinistry")(address),
  ])) as [string, string];
  if (owner.toLowerCase() === address.toLowerCase()) return { kind: "authority" };
  const country = countryOf(countryBytes);
  return isCountryCode(country) ? { kind: "ministry", country } : { kind: "none" };
}

/** A transaction's failure in a few words: the registry's custom error when it gave one. */
export function failureOf(error: unknown): string {
  if (isError(error, "CALL_EXCEPTION") && error.revert) return `${error.revert.name}(${error.revert.args.join(", ")})`;
  if (isError(error, "INSUFFICIENT_FUNDS")) return "INSUFFICIENT_FUNDS";
  if (isError(error, "ACTION_REJECTED")) return "ACTION_REJECTED";
  return error instanceof Error
    ? ((error as Error & { shortMessage?: string }).shortMessage ?? error.message)
    : String(error);
}
