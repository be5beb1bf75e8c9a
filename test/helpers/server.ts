import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider, Wallet } from "ethers";
import { cachedChainReader, createEthersChainReader, createProofChainReader, httpChainEndpoint } from "../../core";
import { AnchoringWorker } from "../../server/anchoring/worker";
import { AuditIndexer } from "../../server/audit";
import type { WorkerSettings } from "../../server/anchoring/worker";
import { createApp } from "../../server/app";
import type { Role } from "../../server/auth/tokens";
import type { AppContext } from "../../server/context";
import { openDatabase } from "../../server/db/database";
import { keyRingFrom } from "../../server/keys/keyring";
import { createLogger } from "../../server/logger";
import type { Logger } from "../../server/logger";
import { createMetrics } from "../../server/metrics";
import { publishedMirrors } from "../../server/mirroring/published";
import { MirrorPusher } from "../../server/mirroring/pusher";
import { DEFAULT_OUTBOUND_LIMITS, outboundFetch, outboundPost } from "../../server/outbound-fetch";
import { DEFAULT_ANONYMOUS_LIMITS } from "../../server/public/limits";
import type { AnonymousLimits } from "../../server/public/limits";
import { createStaff } from "../../server/staff/service";
import { hostUniversityFromChain } from "../../server/universities";
import type { TestChain, TestUniversity } from "./chain";

export const PASSWORD = "correct horse battery staple";
export const KEYSTORE_PASSWORD = "test keystore password";
/** Test universities serve on loopback; the servers under test may fetch from there. */
export const LOOPBACK_NETWORKS = ["127.0.0.0/8", "::1/128"];
/** Tests send far more from 127.0.0.1 than one address should; the limits have their own tests. */
export const TEST_ANONYMOUS_LIMITS: AnonymousLimits = {
  ...DEFAULT_ANONYMOUS_LIMITS,
  ratePerSecond: 1_000_000,
  burst: 1_000_000,
};
/** The bearer token the test servers want on /metrics. */
export const METRICS_TOKEN = "test-metrics-token-not-a-secret";

export interface TestServer {
  url: string;
  context: AppContext;
  worker: AnchoringWorker;
  dbFile: string;
  /** Signs in staff member `email` and returns a fetch bound to the API with its token. */
  login(email: string): Promise<Api>;
  stop(): Promise<void>;
}

export interface Api {
  (
    method: string,
    pathname: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  token: string;
}

export async function apiCall(
  base: string,
  method: string,
  pathname: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const isForm = body instanceof FormData;
  const response = await fetch(`${base}${pathname}`, {
    method,
    headers: { ...(body !== undefined && !isForm ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : isForm ? body : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed };
}

/** Signs staff member `email` in on the server at `base` (test password) and returns the session token. */
export async function signIn(base: string, email: string): Promise<string> {
  const { status, body } = await apiCall(base, "POST", "/api/auth/login", { email, password: PASSWORD });
  if (status !== 200) throw new Error(`sign-in of ${email} failed: ${status} ${JSON.stringify(body)}`);
  return body.token as string;
}

/** Calls to the API at `base` with `token` as bearer. */
export function boundApi(base: string, token: string): Api {
  const api = ((method: string, pathname: string, payload?: unknown, headers: Record<string, string> = {}) =>
    apiCall(base, method, pathname, payload, { authorization: `Bearer ${token}`, ...headers })) as Api;
  api.token = token;
  return api;
}

/** Waits until certificate `id` is confirmed on chain and returns its record, credential included. */
export function confirmedCertificate(api: Api, id: string, timeoutMs = 30_000): Promise<any> {
  return eventually(
    async () => {
      const { body } = await api("GET", `/api/certificates/${id}`);
      return body.status === "confirmed" ? body : undefined;
    },
    timeoutMs,
    `certificate ${id} confirmed`,
  );
}

/** Waits until certificate `certificateId` is in a batch and returns that batch's record. */
export async function batchOfCertificate(api: Api, certificateId: string): Promise<any> {
  const record = await eventually(
    async () => {
      const { body } = await api("GET", `/api/certificates/${certificateId}`);
      return body.batchId === null ? undefined : body;
    },
    20_000,
    `certificate ${certificateId} in a batch`,
  );
  return (await api("GET", `/api/batches/${record.batchId}`)).body;
}

export interface TestServerOptions {
  settings?: Partial<WorkerSettings>;
  staff?: { universityId: number; email: string; role: Role }[];
  dbFile?: string;
  loginAttemptsPerWindow?: number;
  loginFailuresPerAddress?: number;
  /** Express `trust proxy` list, as TASDIQ_TRUSTED_PROXIES; none by default, as in production. */
  trustedProxies?: string[];
  /** Serve the built web pages from this folder (web/dist), as the real server does. */
  webDist?: string;
  /** Keep a ministry audit index (in the temp folder) and serve the audit API, as the real server does. */
  audit?: boolean;
  /** The server's logger; silent by default. */
  logger?: Logger;
  /** Limits of the anonymous routes; {@link TEST_ANONYMOUS_LIMITS} by default. */
  anonymousLimits?: AnonymousLimits;
  /** How long a fetch from another university's server may take. */
  outboundTimeoutMs?: number;
  /** The cross-checking nodes given to the verifier page. */
  publicCrossCheckRpcUrls?: string[];
  /** Push stored credentials to the mirrors the registry lists, and let `POST /api/verify` use them, as the real server does. */
  mirrors?: { retryMaxMs?: number };
}

/**
 * A real issuance server for one or more universities of a {@link TestChain}: SQLite file in a temp
 * folder, HTTP on a free loopback port, the anchoring worker running with short intervals.
 */
export async function startTestServer(
  chain: TestChain,
  universities: TestUniversity[],
  options: TestServerOptions = {},
): Promise<TestServer> {
  const { settings = {}, staff = [], dbFile } = options;
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-server-"));
  const file = dbFile ?? path.join(dir, "server.sqlite");
  const db = openDatabase(file);
  const clock = (): Date => new Date();
  const reader = createEthersChainReader(chain.provider, chain.deployment);
  // As in production, verifications and packs prove chain facts against a block's state root.
  const nodes = [httpChainEndpoint(chain.node.url, fetch)];
  const cachedReader = cachedChainReader(createProofChainReader(nodes, chain.deployment), 2000);
  for (const university of universities) await hostUniversityFromChain(db, reader, university.id, clock());
  for (const member of staff) {
    if (!db.prepare("SELECT 1 FROM staff WHERE email = ?").get(member.email)) {
      await createStaff(db, { ...member, name: member.email.split("@")[0] ?? "staff", password: PASSWORD }, clock());
    }
  }
  const workerSettings: WorkerSettings = {
    batchSize: 1000,
    batchMaxAgeMs: 200,
    confirmations: 1,
    pollIntervalMs: 50,
    approvalThreshold: null,
    ...settings,
  };
  const context: AppContext = {
    db,
    logger: options.logger ?? createLogger("silent"),
    clock,
    deployment: chain.deployment,
    metrics: createMetrics(db),
    verify: {
      trustedDeployments: [chain.deployment],
      chainReader: () => cachedReader,
    },
    chainNodes: nodes,
    storedCredentialFetch: outboundFetch(
      { allowHttp: true, allowedNetworks: LOOPBACK_NETWORKS },
      { ...DEFAULT_OUTBOUND_LIMITS, timeoutMs: options.outboundTimeoutMs ?? DEFAULT_OUTBOUND_LIMITS.timeoutMs },
    ),
    config: {
      verifierUrl: "http://127.0.0.1:1/verify",
      publicRpcUrl: chain.node.url,
      ...(options.publicCrossCheckRpcUrls ? { publicCrossCheckRpcUrls: options.publicCrossCheckRpcUrls } : {}),
      webDist: options.webDist ?? null,
      approvalThreshold: workerSettings.approvalThreshold,
      maxUploadBytes: 5 * 1024 * 1024,
      maxBulkRows: 20_000,
      batchSize: workerSettings.batchSize,
      loginAttemptsPerWindow: options.loginAttemptsPerWindow ?? 1000,
      anonymousLimits: options.anonymousLimits ?? TEST_ANONYMOUS_LIMITS,
      loginFailuresPerAddress: options.loginFailuresPerAddress ?? 1000,
      ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
      metricsToken: METRICS_TOKEN,
    },
  };
  const provider = new JsonRpcProvider(chain.node.url, chain.deployment.chainId, {
    staticNetwork: true,
    pollingInterval: 50,
  });
  // As in server.ts: its own provider without ethers' response cache, so a cached head never hides a new block.
  const auditProvider = options.audit
    ? new JsonRpcProvider(chain.node.url, chain.deployment.chainId, { staticNetwork: true, cacheTimeout: -1 })
    : undefined;
  if (auditProvider)
    context.audit = new AuditIndexer({
      provider: auditProvider,
      deployment: chain.deployment,
      file: path.join(dir, "audit.sqlite"),
    });
  const keys = keyRingFrom(
    new Map(universities.map((u) => [u.id, { operator: operatorWallet(u), signer: new Wallet(u.signer.privateKey) }])),
  );
  // Keystores only for the keys a rotation creates: the test universities' first keys live in memory.
  const keystore = { dir: path.join(dir, "keystores"), password: KEYSTORE_PASSWORD };
  context.keys = { ring: keys, keystore, provider };
  const worker = new AnchoringWorker({
    db,
    provider,
    deployment: chain.deployment,
    keys,
    keystore,
    logger: context.logger,
    clock,
    settings: workerSettings,
  });
  let pusher: MirrorPusher | undefined;
  if (options.mirrors) {
    context.mirrors = publishedMirrors(provider, chain.deployment, 200);
    pusher = new MirrorPusher({
      db,
      deployment: chain.deployment,
      keys,
      mirrors: context.mirrors,
      post: outboundPost(
        { allowHttp: true, allowedNetworks: LOOPBACK_NETWORKS },
        { ...DEFAULT_OUTBOUND_LIMITS, timeoutMs: 2000 },
      ),
      logger: context.logger,
      clock,
      intervalMs: 100,
      ...options.mirrors,
    });
  }
  const server: Server = await new Promise((resolve) => {
    const listening = createApp(context).listen(0, "127.0.0.1", () => resolve(listening));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  worker.start();
  pusher?.start();
  return {
    url,
    context,
    worker,
    dbFile: file,
    async login(email) {
      return boundApi(url, await signIn(url, email));
    },
    async stop() {
      await worker.stop();
      await pusher?.stop();
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      provider.destroy();
      db.close();
      context.audit?.database.close();
      auditProvider?.destroy();
      if (!dbFile) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The operator of a test university is a development account; its key comes from the mnemonic. */
function operatorWallet(university: TestUniversity): Wallet {
  if (!university.operatorKey) throw new Error("test university without operator key");
  return new Wallet(university.operatorKey);
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
