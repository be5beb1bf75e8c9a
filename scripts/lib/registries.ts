import type { Signer } from "ethers";
import { CertificateRegistry__factory, IssuerRegistry__factory } from "../../typechain-types";
import type { CertificateRegistry, IssuerRegistry } from "../../typechain-types";

export interface DeployedRegistries {
  issuerRegistry: IssuerRegistry;
  certificateRegistry: CertificateRegistry;
  /** Block of the first deployment transaction: indexers start reading events here. */
  deploymentBlock: number;
}

/**
 * Deploys both registries with `authority` as the ALECSO authority and connects them.
 * The same code serves the deploy script, the tests and the benchmarks.
 */
export async function deployRegistries(authority: Signer): Promise<DeployedRegistries> {
  const authorityAddress = await authority.getAddress();
  const issuerRegistry = await new IssuerRegistry__factory(authority).deploy(authorityAddress);
  const receipt = await issuerRegistry.deploymentTransaction()?.wait();
  if (!receipt) throw new Error("IssuerRegistry deployment has no receipt");
  const certificateRegistry = await new CertificateRegistry__factory(authority).deploy(
    await issuerRegistry.getAddress(),
  );
  await certificateRegistry.waitForDeployment();
  await (await issuerRegistry.connectCertificateRegistry(await certificateRegistry.getAddress())).wait();
  return { issuerRegistry, certificateRegistry, deploymentBlock: receipt.blockNumber };
}
