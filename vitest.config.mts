import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Contract tests run under Hardhat's mocha runner (`hardhat test`), which owns the in-process chain.
    exclude: ["test/contracts/**", "node_modules/**"],
    // Two test files at once: most of a file's time is spent waiting on its node, server or browser,
    // so two fit on two cores (the default would run one at a time there).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
