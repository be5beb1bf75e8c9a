import { spawnSync } from "node:child_process";
import path from "node:path";
import { startAnvilNode } from "./lib/local-node";
import { freePort } from "./lib/ports";

/** The tests of everything that talks to the chain, each starting its own anvil node. */
const ON_ANVIL = [
  "test/core/verify-chain.test.ts",
  // Storage proofs and header hashes as anvil gives them (the cross-node test replays onto Hardhat).
  "test/core/pack.test.ts",
  "test/server/issuance.test.ts",
  // The proof reader of POST /api/verify, which the verifier page shares.
  "test/server/verify-api.test.ts",
];

/**
 * Deploys with `npm run deploy -- --network anvil`, then runs the contract tests, the core
 * verification and pack tests and the issuance server's tests against Foundry's anvil, an
 * independent EVM node implementation, to show Tasdiq does not depend on Hardhat's node.
 */
async function main(): Promise<void> {
  const root = path.join(__dirname, "..");
  const node = await startAnvilNode(await freePort());
  let status = 1;
  try {
    const env = { ...process.env, TASDIQ_ANVIL_URL: node.url, TASDIQ_TEST_NODE: "anvil" };
    const run = (command: string, args: string[]): number =>
      spawnSync(command, args, { cwd: root, env, stdio: "inherit" }).status ?? 1;
    status = run("npm", ["run", "deploy", "--", "--network", "anvil"]);
    if (status === 0) status = run("npx", ["hardhat", "test", "--network", "anvil"]);
    if (status === 0) status = run("npx", ["vitest", "run", ...ON_ANVIL]);
  } finally {
    await node.stop();
  }
  process.exitCode = status;
}

void main();
