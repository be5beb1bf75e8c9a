import { JsonRpcProvider } from "ethers";
import { deployAndRecord, describeDeployment } from "./lib/deployment-file";
import { startHardhatNode } from "./lib/local-node";

const RPC_PORT = Number(process.env.TASDIQ_RPC_PORT ?? 8545);

/** Brings the local system up: a Hardhat node on loopback and the registries deployed to it. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const node = await startHardhatNode(RPC_PORT);
  const shutdown = (): void => {
    console.log("\nStopping the local chain…");
    void node.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);

  const provider = new JsonRpcProvider(node.url);
  const authority = await provider.getSigner(0);
  const deployment = await deployAndRecord(authority, "localhost");
  console.log(`Local chain   ${node.url} (chain ${deployment.chainId})`);
  console.log(describeDeployment(deployment));
  console.log(`Ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s. Press Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
