import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Signer } from "ethers";
import { Deployment } from "../../core";
import { PROJECT_ROOT } from "../../server/paths";
import { deployRegistries } from "./registries";

const DEPLOYMENTS_DIR = path.join(PROJECT_ROOT, "deployments");

export function deploymentPath(network: string): string {
  return path.join(DEPLOYMENTS_DIR, `${network}.json`);
}

/** Deploys the registries with `authority` and writes `deployments/<network>.json`. */
export async function deployAndRecord(
  authority: Signer,
  network: string,
  file: string = deploymentPath(network),
): Promise<Deployment> {
  const { issuerRegistry, certificateRegistry, deploymentBlock } = await deployRegistries(authority);
  const chain = await authority.provider?.getNetwork();
  if (!chain) throw new Error("the authority signer is not connected to a network");
  const deployment = Deployment.parse({
    network,
    chainId: Number(chain.chainId),
    issuerRegistry: await issuerRegistry.getAddress(),
    certificateRegistry: await certificateRegistry.getAddress(),
    authority: await authority.getAddress(),
    deploymentBlock,
  });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(deployment, null, 2) + "\n");
  return deployment;
}

export function describeDeployment(deployment: Deployment, file: string = deploymentPath(deployment.network)): string {
  return [
    `Registries on ${deployment.network} (chain ${deployment.chainId}), deployed at block ${deployment.deploymentBlock}`,
    `  IssuerRegistry       ${deployment.issuerRegistry}`,
    `  CertificateRegistry  ${deployment.certificateRegistry}`,
    `  deployment file      ${path.relative(process.cwd(), file)}`,
  ].join("\n");
}
