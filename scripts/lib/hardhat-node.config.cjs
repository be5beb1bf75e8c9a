// The configuration of the local Hardhat nodes that `npm start` and the tests run. The node needs
// only its network settings: loading hardhat.config.ts would load TypeScript and every plugin of the
// toolbox first, several seconds of CPU for each node started. Plain JavaScript for the same reason.
const path = require("node:path");

module.exports = {
  // Artifacts and build information are the project's, for the node's error messages.
  paths: { root: path.join(__dirname, "..", "..") },
  networks: {
    // As in hardhat.config.ts: a restarted local chain is rebuilt from its journal and must start
    // from the same genesis time.
    hardhat: {
      chainId: 31337,
      ...(process.env.TASDIQ_GENESIS_DATE ? { initialDate: process.env.TASDIQ_GENESIS_DATE } : {}),
    },
  },
};
