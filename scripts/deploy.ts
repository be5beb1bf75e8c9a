import { readFile } from "node:fs/promises";
import hre from "hardhat";
import { Wallet } from "ethers";
import type { Signer } from "ethers";
import { deployAndRecord, describeDeployment } from "./lib/deployment-file";

/**
 * The authority that deploys: from an encrypted keystore when TASDIQ_AUTHORITY_KEYSTORE is set (real
 * networks; password in TASDIQ_KEYSTORE_PASSWORD), else the node's first unlocked account (local nodes).
 */
async function authority(): Promise<Signer> {
  const keystore = process.env.TASDIQ_AUTHORITY_KEYSTORE;
  if (keystore) {
    const password = process.env.TASDIQ_KEYSTORE_PASSWORD;
    if (!password) throw new Error("TASDIQ_KEYSTORE_PASSWORD is needed to open TASDIQ_AUTHORITY_KEYSTORE");
    const wallet = await Wallet.fromEncryptedJson(await readFile(keystore, "utf8"), password);
    return wallet.connect(hre.ethers.provider);
  }
  const [first] = await hre.ethers.getSigners();
  if (!first) throw new Error(`network ${hre.network.name} has no unlocked account: set TASDIQ_AUTHORITY_KEYSTORE`);
  return first;
}

/** Deploys the registries to the selected network and writes `deployments/<network>.json`. */
async function main(): Promise<void> {
  console.log(describeDeployment(await deployAndRecord(await authority(), hre.network.name)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
