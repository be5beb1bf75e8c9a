import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import hre from "hardhat";
import { Deployment } from "../core";
import { deployRegistries } from "./lib/registries";

/** Deploys the registries to the selected network and writes `deployments/<network>.json`. */
async function main(): Promise<void> {
  const [authority] = await hre.ethers.getSigners();
  if (!authority) throw new Error(`network ${hre.network.name} has no account to deploy from`);
  const { issuerRegistry, certificateRegistry, deploymentBlock } = await deployRegistries(authority);
  const { chainId } = await hre.ethers.provider.getNetwork();
  const deployment = Deployment.parse({
    network: hre.network.name,
    chainId: Number(chainId),
    issuerRegistry: await issuerRegistry.getAddress(),
    certificateRegistry: await certificateRegistry.getAddress(),
    authority: authority.address,
    deploymentBlock,
  });
  const file = path.join(__dirname, "..", "deployments", `${hre.network.name}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(deployment, null, 2) + "\n");
  console.log(`Deployed to ${hre.network.name} (chain ${deployment.chainId}) at block ${deploymentBlock}`);
  console.log(`  IssuerRegistry       ${deployment.issuerRegistry}`);
  console.log(`  CertificateRegistry  ${deployment.certificateRegistry}`);
  console.log(`  written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
