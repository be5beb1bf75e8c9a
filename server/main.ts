import { readFileSync } from "node:fs";
import { JsonRpcProvider } from "ethers";
import { Deployment, cachedChainReader, createEthersChainReader } from "../core";
import { AnchoringWorker } from "./anchoring/worker";
import { createApp } from "./app";
import { DEFAULT_WEB_DIST } from "./http/web";
import { loadConfig } from "./config";
import { openDatabase } from "./db/database";
import { loadKeyRing } from "./keys/keystore";
import { createLogger } from "./logger";
import { createMetrics } from "./metrics";
import { hostedUniversityIds } from "./universities";

/** Starts the issuance server: configuration, real adapters, HTTP listener, anchoring worker. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const deployment = Deployment.parse(JSON.parse(readFileSync(config.deploymentFile, "utf8")));
  const db = openDatabase(config.databasePath);
  const provider = new JsonRpcProvider(config.rpcUrl, deployment.chainId, { staticNetwork: true });
  const keys = await loadKeyRing(config.keystoreDir, config.keystorePassword, hostedUniversityIds(db));
  const clock = (): Date => new Date();
  // Institutions and batches change rarely: cached for a few seconds; certificate status never is.
  const reader = cachedChainReader(createEthersChainReader(provider, deployment), 5000);
  const context = {
    db,
    logger,
    clock,
    deployment,
    metrics: createMetrics(db),
    verify: {
      trustedDeployments: [deployment],
      chainReader: () => reader,
    },
    config: {
      verifierUrl: config.verifierUrl,
      publicRpcUrl: config.publicRpcUrl ?? config.rpcUrl,
      webDist: config.webDist ?? DEFAULT_WEB_DIST,
      approvalThreshold: config.approvalThreshold ?? null,
      maxUploadBytes: config.maxUploadBytes,
      maxBulkRows: config.maxBulkRows,
      batchSize: config.batchSize,
      loginAttemptsPerWindow: config.loginAttemptsPerWindow,
    },
  };
  const worker = new AnchoringWorker({
    db,
    provider,
    deployment,
    keys,
    logger,
    clock,
    settings: {
      batchSize: config.batchSize,
      batchMaxAgeMs: config.batchMaxAgeSeconds * 1000,
      confirmations: config.confirmations,
      pollIntervalMs: config.pollIntervalMs,
      approvalThreshold: config.approvalThreshold ?? null,
    },
  });
  const server = createApp(context).listen(config.port, config.host, () => {
    logger.info({ url: `http://${config.host}:${config.port}`, chainId: deployment.chainId, universities: hostedUniversityIds(db) }, "issuance server listening");
  });
  worker.start();

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing the current anchoring step");
    server.close();
    void worker.stop().then(() => {
      provider.destroy();
      db.close();
      logger.info("stopped cleanly");
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
