import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { Deployment, cachedChainReader, createEthersChainReader } from "../../core";
import { chainProvider } from "../chain-provider";
import { createLogger } from "../logger";
import type { Logger } from "../logger";
import { createMirrorApp } from "./app";
import type { MirrorConfig } from "./config";
import { mirrorStore, openMirrorDatabase } from "./store";

export interface RunningMirror {
  url: string;
  stop(): Promise<void>;
}

/** How long a university's record read for a push is reused: a graduation's pushes read it once. */
const UNIVERSITY_CACHE_MS = 5000;

/** Starts a mirror from its configuration: its database, its chain reader and its HTTP listener. */
export async function startMirror(
  config: MirrorConfig,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningMirror> {
  const deployment = Deployment.parse(JSON.parse(readFileSync(config.deploymentFile, "utf8")));
  const db = openMirrorDatabase(config.databasePath);
  const provider = chainProvider(config.rpcUrl, deployment.chainId, { timeoutSeconds: config.rpcTimeoutSeconds });
  const reader = cachedChainReader(createEthersChainReader(provider, deployment), UNIVERSITY_CACHE_MS);
  const app = createMirrorApp({
    store: mirrorStore(db),
    deployment,
    reader,
    country: config.country ?? null,
    logger,
    clock: () => new Date(),
    limits: { ratePerSecond: config.anonymousRatePerSecond, burst: config.anonymousBurst },
    trustedProxies: config.trustedProxies,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  logger.info({ url, country: config.country ?? null, chainId: deployment.chainId }, "mirror listening");
  return {
    url,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      provider.destroy();
      db.close();
    },
  };
}
