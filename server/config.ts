import { readFileSync } from "node:fs";
import { z } from "zod";
import { DEFAULT_RPC_TIMEOUT_SECONDS } from "./chain-provider";
import { parseNetwork } from "./outbound-fetch";
import { DEFAULT_ANONYMOUS_LIMITS } from "./public/limits";

/** A list: an array in the configuration file, comma-separated in the environment. */
const listOf = <U>(items: z.ZodType<U, string[]>) =>
  z
    .union([
      z.string().transform((list) =>
        list
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
      z.array(z.string()),
    ])
    .pipe(items);

const urlList = listOf(z.array(z.url()).max(8));

/** How anonymous callers are told apart and limited: shared by the issuance server and the mirror. */
export const ANONYMOUS_ACCESS = {
  /** Anonymous requests (verify, public credentials, verifier config; a mirror's every route) per second and per address, and the burst allowed. */
  anonymousRatePerSecond: z.coerce.number().positive().default(DEFAULT_ANONYMOUS_LIMITS.ratePerSecond),
  anonymousBurst: z.coerce.number().int().min(1).default(DEFAULT_ANONYMOUS_LIMITS.burst),
  /**
   * Proxies whose X-Forwarded-For is believed (addresses, subnets, or Express's `loopback`,
   * `linklocal`, `uniquelocal`); comma-separated in the environment. None by default: the client
   * address is the peer's, which nobody can forge with a header.
   */
  trustedProxies: listOf(z.array(z.string().min(1))).default([]),
};

/** The server's configuration: an optional JSON file (TASDIQ_CONFIG) overridden by environment variables. */
export const ServerConfig = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default("127.0.0.1"),
  databasePath: z.string().min(1).default(".tasdiq/server.sqlite"),
  /** The ministry audit index (its own SQLite file, rebuilt from the chain); `audit.sqlite` beside the database by default. */
  auditDatabasePath: z.string().min(1).optional(),
  rpcUrl: z.url().default("http://127.0.0.1:8545"),
  /** Seconds before a chain request counts as failed (the node stalls); the worker then backs off and retries. */
  rpcTimeoutSeconds: z.coerce.number().min(0.5).max(600).default(DEFAULT_RPC_TIMEOUT_SECONDS),
  /**
   * More nodes of the same chain (comma-separated in the environment) that verifications cross-check:
   * each must give the same hash for the block the chain facts are proven at, or "cannot check".
   */
  crossCheckRpcUrls: urlList.default([]),
  /** The RPC URL that browsers use (given to the verifier page); the server's own by default. */
  publicRpcUrl: z.url().optional(),
  /** The cross-checking nodes as browsers reach them (given to the verifier page); `crossCheckRpcUrls` by default. */
  publicCrossCheckRpcUrls: urlList.optional(),
  /** Built web pages to serve (web/dist by default). */
  webDist: z.string().min(1).optional(),
  /** The ministry's own dashboard, which the read-only copy at /ministry points to. */
  ministryDashboardUrl: z.url().optional(),
  deploymentFile: z.string().min(1).default("deployments/localhost.json"),
  keystoreDir: z.string().min(1).default(".tasdiq/keystores"),
  /** Decrypts the keystores; from the environment only, never from the config file. */
  keystorePassword: z.string().min(8, "TASDIQ_KEYSTORE_PASSWORD must have at least 8 characters"),
  verifierUrl: z.url().default("http://127.0.0.1:8080"),
  confirmations: z.coerce.number().int().min(1).max(1000).default(1),
  batchSize: z.coerce.number().int().min(1).max(100_000).default(1000),
  batchMaxAgeSeconds: z.coerce.number().min(0).max(86_400).default(5),
  pollIntervalMs: z.coerce.number().int().min(10).max(60_000).default(500),
  approvalThreshold: z.coerce.number().int().min(1).optional(),
  /** Send transactions with zero fees, on networks with free gas (Besu `zeroBaseFee`). */
  freeGas: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .default(false),
  maxUploadBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  maxBulkRows: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  /** Failed sign-ins per account within 15 minutes before it must wait (successes are not counted). */
  loginAttemptsPerWindow: z.coerce.number().int().min(1).default(10),
  /** Fetch stored credentials from university servers over plain http too (the local demo and tests); https only by default. */
  allowHttpFetch: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .default(false),
  /** Private, loopback or link-local networks the server may fetch from anyway, comma-separated CIDR ("127.0.0.0/8,::1/128"). */
  fetchAllowedNetworks: listOf(
    z.array(
      z.string().refine((cidr) => {
        try {
          return Boolean(parseNetwork(cidr));
        } catch {
          return false;
        }
      }, "a network in CIDR notation"),
    ),
  ).default([]),
  /** Verifications running at once for all anonymous callers; more wait up to 2 s, then get 503. */
  verifyConcurrency: z.coerce.number().int().min(1).default(DEFAULT_ANONYMOUS_LIMITS.verifyConcurrency),
  /** Failed sign-ins per client address within 15 minutes: higher, since one office may share an address. */
  loginFailuresPerAddress: z.coerce.number().int().min(1).default(100),
  ...ANONYMOUS_ACCESS,
  /** Bearer token Prometheus sends to /metrics; without one /metrics is not served. */
  metricsToken: z.string().min(16, "TASDIQ_METRICS_TOKEN must have at least 16 characters").optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

/** The environment variables of {@link ANONYMOUS_ACCESS}. */
export const ANONYMOUS_ACCESS_ENVIRONMENT = {
  TASDIQ_ANONYMOUS_RATE: "anonymousRatePerSecond",
  TASDIQ_ANONYMOUS_BURST: "anonymousBurst",
  TASDIQ_TRUSTED_PROXIES: "trustedProxies",
} as const satisfies Record<string, keyof typeof ANONYMOUS_ACCESS>;

const ENVIRONMENT: Record<string, keyof ServerConfig> = {
  ...ANONYMOUS_ACCESS_ENVIRONMENT,
  TASDIQ_PORT: "port",
  TASDIQ_HOST: "host",
  TASDIQ_DB: "databasePath",
  TASDIQ_AUDIT_DB: "auditDatabasePath",
  TASDIQ_RPC_URL: "rpcUrl",
  TASDIQ_RPC_TIMEOUT: "rpcTimeoutSeconds",
  TASDIQ_CROSS_CHECK_RPC_URLS: "crossCheckRpcUrls",
  TASDIQ_PUBLIC_RPC_URL: "publicRpcUrl",
  TASDIQ_PUBLIC_CROSS_CHECK_RPC_URLS: "publicCrossCheckRpcUrls",
  TASDIQ_WEB_DIST: "webDist",
  TASDIQ_MINISTRY_DASHBOARD_URL: "ministryDashboardUrl",
  TASDIQ_DEPLOYMENT: "deploymentFile",
  TASDIQ_KEYSTORE_DIR: "keystoreDir",
  TASDIQ_KEYSTORE_PASSWORD: "keystorePassword",
  TASDIQ_VERIFIER_URL: "verifierUrl",
  TASDIQ_CONFIRMATIONS: "confirmations",
  TASDIQ_BATCH_SIZE: "batchSize",
  TASDIQ_BATCH_MAX_AGE: "batchMaxAgeSeconds",
  TASDIQ_POLL_INTERVAL_MS: "pollIntervalMs",
  TASDIQ_APPROVAL_THRESHOLD: "approvalThreshold",
  TASDIQ_FREE_GAS: "freeGas",
  TASDIQ_MAX_UPLOAD_BYTES: "maxUploadBytes",
  TASDIQ_MAX_BULK_ROWS: "maxBulkRows",
  TASDIQ_LOGIN_ATTEMPTS: "loginAttemptsPerWindow",
  TASDIQ_ALLOW_HTTP_FETCH: "allowHttpFetch",
  TASDIQ_FETCH_ALLOWED_NETWORKS: "fetchAllowedNetworks",
  TASDIQ_VERIFY_CONCURRENCY: "verifyConcurrency",
  TASDIQ_LOGIN_FAILURES_PER_ADDRESS: "loginFailuresPerAddress",
  TASDIQ_METRICS_TOKEN: "metricsToken",
  TASDIQ_LOG_LEVEL: "logLevel",
};

/** Parses the configuration once; throws a readable error naming every bad setting. */
export function loadConfig(environment: NodeJS.ProcessEnv): ServerConfig {
  const file = environment.TASDIQ_CONFIG
    ? (JSON.parse(readFileSync(environment.TASDIQ_CONFIG, "utf8")) as Record<string, unknown>)
    : {};
  if ("keystorePassword" in file)
    throw new Error("keystorePassword belongs in the environment (TASDIQ_KEYSTORE_PASSWORD), not in a file");
  return parseSettings(
    ServerConfig,
    { ...file, ...settingsFromEnvironment(environment, ENVIRONMENT) },
    "configuration",
  );
}

/** The settings the environment gives, keyed as in the configuration (`names`: variable to key); an empty variable gives none. */
export function settingsFromEnvironment(
  environment: NodeJS.ProcessEnv,
  names: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(names).flatMap(([name, key]) => {
      const value = environment[name];
      return value === undefined || value === "" ? [] : [[key, value]];
    }),
  );
}

/** Parses settings with their schema, or throws one readable error naming every bad setting. */
export function parseSettings<T>(schema: z.ZodType<T>, settings: Record<string, unknown>, what: string): T {
  const parsed = schema.safeParse(settings);
  if (!parsed.success) {
    throw new Error(
      `invalid ${what}:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  }
  return parsed.data;
}
