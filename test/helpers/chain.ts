import { HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet } from "ethers";
import type { JsonRpcSigner } from "ethers";
import { createEthersChainReader, Deployment } from "../../core";
import type { VerifyOptions } from "../../core";
import { deployRegistries } from "../../scripts/lib/registries";
import { startLocalNode } from "../../scripts/lib/local-node";
import type { NodeKind } from "../../scripts/lib/local-node";
import { freePort } from "../../scripts/lib/ports";

export { freePort };
import type { LocalNode } from "../../scripts/lib/local-node";
import type { CertificateRegistry, IssuerRegistry } from "../../typechain-types";

/** The mnemonic of Hardhat's development accounts: public, for local chains only. */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export function developmentWallet(index: number): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), `m/44'/60'/0'/0/${index}`);
}

export interface TestChain {
  node: LocalNode;
  provider: JsonRpcProvider;
  deployment: Deployment;
  issuerRegistry: IssuerRegistry;
  certificateRegistry: CertificateRegistry;
  authority: JsonRpcSigner;
  /** An unlocked development account, by index (0 is the authority). */
  account(index: number): Promise<JsonRpcSigner>;
  verifyOptions(extra?: Partial<VerifyOptions>): VerifyOptions;
  stop(): Promise<void>;
}

/** The node implementation tests run against: Hardhat by default, anvil with TASDIQ_TEST_NODE=anvil. */
const TEST_NODE: NodeKind = process.env.TASDIQ_TEST_NODE === "anvil" ? "anvil" : "hardhat";

/** A real local node (Hardhat, or anvil) on a free loopback port with both registries deployed. */
export async function startTestChain(): Promise<TestChain> {
  const node = await startLocalNode(TEST_NODE, await freePort());
  const provider = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1, pollingInterval: 50 });
  const authority = await provider.getSigner(0);
  const { issuerRegistry, certificateRegistry, deploymentBlock } = await deployRegistries(authority);
  const deployment = Deployment.parse({
    network: TEST_NODE,
    chainId: 31337,
    issuerRegistry: await issuerRegistry.getAddress(),
    certificateRegistry: await certificateRegistry.getAddress(),
    authority: authority.address,
    deploymentBlock,
  });
  return {
    node,
    provider,
    deployment,
    issuerRegistry,
    certificateRegistry,
    authority,
    account: (index) => provider.getSigner(index),
    verifyOptions: (extra = {}) => ({
      trustedDeployments: [deployment],
      chainReader: (d) => createEthersChainReader(provider, d),
      ...extra,
    }),
    async stop() {
      provider.destroy();
      await node.stop();
    },
  };
}

export const JORDAN = {
  code: "JO",
  names: {
    ar: "وزارة التعليم العالي والبحث العلمي",
    en: "Ministry of Higher Education and Scientific Research",
    fr: "Ministère de l'Enseignement supérieur et de la Recherche scientifique",
  },
};

export interface TestUniversity {
  id: number;
  operator: JsonRpcSigner;
  /** Private key of the operator account (a development account of the local node). */
  operatorKey: string;
  signer: Wallet;
  identity: { universityId: number; operator: string; country: string; name: { ar: string; en: string; fr: string } };
}

const UNIVERSITY_OF_JORDAN = { ar: "الجامعة الأردنية", en: "The University of Jordan", fr: "Université de Jordanie" };

/**
 * Registers the Jordanian ministry (account `ministryIndex`) if needed and accredits a university run
 * by account `operatorIndex` under `name` and `url`, with a fresh signer key.
 */
export async function accreditUniversity(
  chain: TestChain,
  {
    ministryIndex = 1,
    operatorIndex = 2,
    name = UNIVERSITY_OF_JORDAN,
    url = "http://127.0.0.1:1",
  }: { ministryIndex?: number; operatorIndex?: number; name?: TestUniversity["identity"]["name"]; url?: string } = {},
): Promise<TestUniversity> {
  const ministry = await chain.account(ministryIndex);
  const registry = chain.issuerRegistry.connect(chain.authority);
  if ((await registry.ministry("0x4a4f")).account !== ministry.address) {
    await (await registry.registerMinistry("0x4a4f", ministry.address, JORDAN.names)).wait();
  }
  const operator = await chain.account(operatorIndex);
  await (await chain.issuerRegistry.connect(ministry).accreditUniversity(operator.address, name, url)).wait();
  const id = Number(await chain.issuerRegistry.universityOf(operator.address));
  const signer = new Wallet(Wallet.createRandom().privateKey);
  await (await chain.issuerRegistry.connect(operator).addSigner(signer.address, 0, 0)).wait();
  return {
    id,
    operator,
    operatorKey: developmentWallet(operatorIndex).privateKey,
    signer,
    identity: { universityId: id, operator: operator.address, country: "JO", name },
  };
}
