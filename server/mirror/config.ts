import { z } from "zod";
import { isCountryCode } from "../../core";
import { DEFAULT_RPC_TIMEOUT_SECONDS } from "../chain-provider";
import { ANONYMOUS_ACCESS, ANONYMOUS_ACCESS_ENVIRONMENT, parseSettings, settingsFromEnvironment } from "../config";

/** A mirror's configuration, from the environment only (it holds no secret and no key). */
export const MirrorConfig = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(8090),
  host: z.string().min(1).default("127.0.0.1"),
  databasePath: z.string().min(1).default(".tasdiq/mirror/mirror.sqlite"),
  rpcUrl: z.url().default("http://127.0.0.1:8545"),
  rpcTimeoutSeconds: z.coerce.number().min(0.5).max(600).default(DEFAULT_RPC_TIMEOUT_SECONDS),
  deploymentFile: z.string().min(1).default("deployments/localhost.json"),
  /** The country of the ministry running the mirror; absent for the authority's mirror, which keeps every country's. */
  country: z.string().refine(isCountryCode, "an ISO 3166-1 alpha-2 code of a member state, in capitals").optional(),
  ...ANONYMOUS_ACCESS,
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type MirrorConfig = z.infer<typeof MirrorConfig>;

const ENVIRONMENT: Record<string, keyof MirrorConfig> = {
  ...ANONYMOUS_ACCESS_ENVIRONMENT,
  TASDIQ_MIRROR_PORT: "port",
  TASDIQ_MIRROR_HOST: "host",
  TASDIQ_MIRROR_DB: "databasePath",
  TASDIQ_RPC_URL: "rpcUrl",
  TASDIQ_RPC_TIMEOUT: "rpcTimeoutSeconds",
  TASDIQ_DEPLOYMENT: "deploymentFile",
  TASDIQ_MIRROR_COUNTRY: "country",
  TASDIQ_LOG_LEVEL: "logLevel",
};

/** Parses the configuration once; throws a readable error naming every bad setting. */
export function loadMirrorConfig(environment: NodeJS.ProcessEnv): MirrorConfig {
  return parseSettings(MirrorConfig, settingsFromEnvironment(environment, ENVIRONMENT), "mirror configuration");
}
