import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { Deployment, cachedChainReader, createProofChainReader, httpChainEndpoint } from "../core";
import { keptAliveRpcFetch } from "./chain-rpc";
import type { ChainReader } from "../core";
import { AnchoringWorker } from "./anchoring/worker";
import type { WorkerSettings } from "./anchoring/worker";
import { createApp } from "./app";
import type { Express } from "express";
import { chainProvider } from "./chain-provider";
import { AuditIndexer } from "./audit";
import type { ServerConfig } from "./config";
import type { AppContext, HttpSettings } from "./context";
import type { Database } from "./db/database";
import { openDatabase } from "./db/database";
import { privateDatabaseFile, privateTree } from "./db/private-files";
import { DEFAULT_WEB_DIST } from "./http/web";
import { loadKeyRing } from "./keys/keystore";
import { createLogger } from "./logger";
import type { Logger } from "./logger";
import { createMetrics } from "./metrics";
import { DEFAULT_OUTBOUND_LIMITS, outboundFetch, outboundPost } from "./outbound-fetch";
import { publishedMirrors } from "./mirroring/published";
import { MirrorPusher } from "./mirroring/pusher";
import { PdfRenderPool } from "./pdf";
import type { CertificateInput } from "./pdf";
import { storeOf } from "./store";
import { hostedUniversityIds } from "./universities";

export interface RunningServer {
  url: string;
  /** Stops accepting requests, lets the anchoring step in progress finish, closes the database. */
  stop(): Promise<void>;
}

const CHAIN_CHECK_SAMPLE = 50;
/** The dashboard also syncs on each request; the timer keeps the index warm between visits. */
const AUDIT_SYNC_INTERVAL_MS = 5000;
/** A push carries up to 2 MiB of stored credentials: more time than a verification's fetch. */
const PUSH_TIMEOUT_MS = 10_000;

/**
 * Refuses to run against a chain that does not hold what the database says was anchored there (for
 * example a fresh local node after a restart without its journal): issuing on would mislead verifiers.
 */
export async function checkChainMatchesDatabase(db: Database, reader: ChainReader): Promise<void> {
  const roots = storeOf(db).batches.anchoredSample(CHAIN_CHECK_SAMPLE);
  for (const { root, universityId } of roots) {
    const status = await reader.status(universityId, root, `0x${"00".repeat(32)}`);
    if (!status.anchored) {
      throw new Error(
        `the chain does not match the database: batch ${root} is recorded as anchored by university ${universityId} but the chain does not have it. ` +
          "Point the server at the chain it issued on (or restore that chain) before starting it.",
      );
    }
  }
}

/** What the HTTP application needs of the configuration. */
function httpSettings(config: ServerConfig): HttpSettings {
  return {
    verifierUrl: config.verifierUrl,
    publicRpcUrl: config.publicRpcUrl ?? config.rpcUrl,
    publicCrossCheckRpcUrls: config.publicCrossCheckRpcUrls ?? config.crossCheckRpcUrls,
    webDist: config.webDist ?? DEFAULT_WEB_DIST,
    ministryDashboardUrl: config.ministryDashboardUrl,
    approvalThreshold: config.approvalThreshold ?? null,
    maxUploadBytes: config.maxUploadBytes,
    maxBulkRows: config.maxBulkRows,
    batchSize: config.batchSize,
    loginAttemptsPerWindow: config.loginAttemptsPerWindow,
    anonymousLimits: {
      ratePerSecond: config.anonymousRatePerSecond,
      burst: config.anonymousBurst,
      verifyConcurrency: config.verifyConcurrency,
    },
    loginFailuresPerAddress: config.loginFailuresPerAddress,
    trustedProxies: config.trustedProxies,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
  };
}

function anchoringSettings(config: ServerConfig): WorkerSettings {
  return {
    batchSize: config.batchSize,
    batchMaxAgeMs: config.batchMaxAgeSeconds * 1000,
    confirmations: config.confirmations,
    pollIntervalMs: config.pollIntervalMs,
    approvalThreshold: config.approvalThreshold ?? null,
    freeGas: config.freeGas,
  };
}

/**
 * The ministry audit index, kept in sync on a timer. It lives in this process: it reads only public
 * chain data, into its own file, and the dashboard it feeds is served here, so a ministry needs no
 * second service to run.
 */
function startAuditIndex(
  config: ServerConfig,
  deployment: Deployment,
  logger: Logger,
): { index: AuditIndexer; stop(): Promise<void> } {
  // Its own provider without ethers' response cache: a head number cached for a moment could leave
  // out the transaction a ministry has just had mined.
  const provider = chainProvider(config.rpcUrl, deployment.chainId, {
    timeoutSeconds: config.rpcTimeoutSeconds,
    cache: false,
  });
  const file = config.auditDatabasePath ?? path.join(path.dirname(config.databasePath), "audit.sqlite");
  // Public chain data only, but it sits beside the server's database: private like it.
  privateDatabaseFile(file);
  const index = new AuditIndexer({ provider, deployment, file, confirmations: config.confirmations - 1 });
  let syncing: Promise<unknown> = Promise.resolve();
  const sync = (): void => {
    syncing = index.sync().catch((error: unknown) => logger.warn({ err: error }, "audit index sync failed"));
  };
  sync();
  const timer = setInterval(sync, AUDIT_SYNC_INTERVAL_MS).unref();
  return {
    index,
    async stop() {
      clearInterval(timer);
      await syncing;
      index.close();
      provider.destroy();
    },
  };
}

function listen(app: Express, config: ServerConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once("error", reject);
  });
}

/** Stops accepting connections; requests in progress get a moment to finish, then connections are cut. */
function closeGracefully(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}

/** Starts the issuance server from its configuration: HTTP listener and anchoring worker. */
export async function startServer(
  config: ServerConfig,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const deployment = Deployment.parse(JSON.parse(readFileSync(config.deploymentFile, "utf8")));
  const db = openDatabase(config.databasePath);
  // A request being written when the server stopped got no answer: its certificates go with it.
  const discarded = storeOf(db).intakes.discardAll();
  if (discarded > 0) logger.warn({ requests: discarded }, "discarded issuance requests left half-written");
  const provider = chainProvider(config.rpcUrl, deployment.chainId, { timeoutSeconds: config.rpcTimeoutSeconds });
  // Institutions and batches change rarely: cached for a few seconds. A certificate status is reused
  // only within one block, the head asked for once a second: a revocation shows about a second after
  // its block (cached-reader.ts has the bound), and a flood of verifications reads each status once per block.
  // Chain facts are proven against the state root of a block every configured node agrees on; a
  // checked block is read at for a second, as long as a status is reused.
  const rpcFetch = keptAliveRpcFetch(config.rpcTimeoutSeconds * 1000);
  const nodes = [config.rpcUrl, ...config.crossCheckRpcUrls].map((url) => httpChainEndpoint(url, rpcFetch));
  const proofReader = createProofChainReader(nodes, deployment, { blockReuseMs: 1000, gather: setImmediate });
  const reader = cachedChainReader(proofReader, 5000, Date.now, {
    head: () => provider.getBlockNumber(),
    headMs: 1000,
  });
  await checkChainMatchesDatabase(db, reader);
  const keystore = { dir: config.keystoreDir, password: config.keystorePassword };
  privateTree(keystore.dir);
  const keys = await loadKeyRing(keystore.dir, keystore.password, hostedUniversityIds(db));
  const clock = (): Date => new Date();
  const audit = startAuditIndex(config, deployment, logger);
  // Worker threads (one per core) start with the first PDF asked for: a server that only issues never pays for them.
  let pdfPool: PdfRenderPool | undefined;
  const mirrors = publishedMirrors(provider, deployment);
  // Stored credentials fetched and pushes posted go to URLs read from the chain.
  const outboundPolicy = { allowHttp: config.allowHttpFetch, allowedNetworks: config.fetchAllowedNetworks };
  const context: AppContext = {
    db,
    pdf: { render: (input: CertificateInput) => (pdfPool ??= new PdfRenderPool()).render(input) },
    logger,
    clock,
    deployment,
    metrics: createMetrics(db),
    verify: { trustedDeployments: [deployment], chainReader: () => reader },
    storedCredentialFetch: outboundFetch(outboundPolicy),
    mirrors,
    audit: audit.index,
    keys: { ring: keys, keystore, provider },
    chainNodes: nodes,
    config: httpSettings(config),
  };
  const worker = new AnchoringWorker({
    db,
    provider,
    deployment,
    keys,
    keystore,
    logger,
    clock,
    settings: anchoringSettings(config),
  });
  const pusher = new MirrorPusher({
    db,
    deployment,
    keys,
    mirrors,
    post: outboundPost(outboundPolicy, { ...DEFAULT_OUTBOUND_LIMITS, timeoutMs: PUSH_TIMEOUT_MS }),
    logger,
    clock,
  });
  const server = await listen(createApp(context), config);
  const url = `http://${config.host}:${config.port}`;
  logger.info({ url, chainId: deployment.chainId, universities: hostedUniversityIds(db) }, "issuance server listening");
  worker.start();
  pusher.start();
  return {
    url,
    async stop() {
      await closeGracefully(server);
      await worker.stop();
      await pusher.stop();
      await pdfPool?.close();
      await audit.stop();
      provider.destroy();
      db.close();
    },
  };
}
