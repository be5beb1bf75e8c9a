import path from "node:path";
import { extendProvider, subtask } from "hardhat/config";
import { ProviderWrapper } from "hardhat/plugins";
import type { RequestArguments } from "hardhat/types";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";

// The compiler comes from the npm `solc` package so that a fresh clone compiles offline:
// Hardhat would otherwise download a native solc build on first use.
const SOLC_VERSION = "0.8.30";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  return {
    compilerPath: path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version(),
  };
});

/**
 * Anvil answers eth_sendTransaction before its automine has produced the block, while tests (and
 * chai-matchers' `.emit`) read the receipt at once. On the anvil network, sending therefore waits
 * for the receipt, unless a test switched automine off to put several transactions in one block.
 */
class WaitForAnvilMining extends ProviderWrapper {
  private automine = true;

  async request(args: RequestArguments): Promise<unknown> {
    if (args.method === "evm_setAutomine") this.automine = Boolean((args.params as unknown[] | undefined)?.[0]);
    const result = await this._wrappedProvider.request(args);
    if (this.automine && (args.method === "eth_sendTransaction" || args.method === "eth_sendRawTransaction")) {
      for (let attempt = 0; attempt < 400; attempt++) {
        if ((await this._wrappedProvider.request({ method: "eth_getTransactionReceipt", params: [result] })) !== null)
          break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    return result;
  }
}

extendProvider(async (provider, _config, network) =>
  network === "anvil" ? new WaitForAnvilMining(provider) : provider,
);

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      // Cancun is what current public chains, Besu/QBFT and anvil all run; Hardhat 2 defaults to Paris,
      // which OpenZeppelin 5 no longer compiles for (mcopy).
      evmVersion: "cancun",
      // The storage layout is what core's proof reader checks its slot numbers against
      // (test/core/storage-layout.test.ts): a contract change that moves a slot fails that test.
      outputSelection: { "*": { "*": ["storageLayout"] } },
    },
  },
  networks: {
    // A restarted local chain is rebuilt from its journal: it must start from the same genesis time.
    hardhat: {
      chainId: 31337,
      ...(process.env.TASDIQ_GENESIS_DATE ? { initialDate: process.env.TASDIQ_GENESIS_DATE } : {}),
    },
    localhost: { url: process.env.TASDIQ_RPC_URL ?? "http://127.0.0.1:8545", chainId: 31337 },
    // Foundry's anvil, the second node implementation the test suite runs on (scripts/test-on-anvil.ts).
    anvil: { url: process.env.TASDIQ_ANVIL_URL ?? "http://127.0.0.1:8546", chainId: 31337 },
    // Any other EVM network (a ministries' Besu/QBFT network, a public chain), by configuration only;
    // the authority's key comes from an encrypted keystore (see scripts/deploy.ts and docs/deploy.md).
    ...(process.env.TASDIQ_NETWORK_URL
      ? { custom: { url: process.env.TASDIQ_NETWORK_URL, chainId: Number(process.env.TASDIQ_CHAIN_ID), accounts: [] } }
      : {}),
  },
  paths: { tests: "test/contracts" },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  gasReporter: { enabled: false },
};

export default config;
