import hre from "hardhat";
import { deployAndRecord, describeDeployment } from "./lib/deployment-file";

/** Deploys the registries to the selected network and writes `deployments/<network>.json`. */
async function main(): Promise<void> {
  const [authority] = await hre.ethers.getSigners();
  if (!authority) throw new Error(`network ${hre.network.name} has no account to deploy from`);
  console.log(describeDeployment(await deployAndRecord(authority, hre.network.name)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
