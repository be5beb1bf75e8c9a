import type { Deployment, VerifyOptions } from "../core";
import type { AuditIndex } from "./audit/routes";
import type { Database } from "./db/database";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";

/** Settings the HTTP layer needs (parsed once in main.ts from the environment and config file). */
export interface HttpSettings {
  /** Base URL of the verifier page, put in QR codes (`<verifierUrl>/v#...`). */
  verifierUrl: string;
  /** The chain RPC URL that browsers use, given to the verifier page in its config. */
  publicRpcUrl: string;
  /** Built web pages (verifier, portals) to serve; absent when not built. */
  webDist: string | null;
  /** Batches larger than this wait for an approver; null: no approval step. */
  approvalThreshold: number | null;
  maxUploadBytes: number;
  /** Most certificates in one batch (one anchoring transaction). */
  batchSize: number;
  maxBulkRows: number;
  loginAttemptsPerWindow: number;
}

/** Everything the routes and services share; built by main.ts, or by tests with real adapters. */
export interface AppContext {
  db: Database;
  logger: Logger;
  clock: () => Date;
  deployment: Deployment;
  config: HttpSettings;
  metrics: Metrics;
  /** How this server verifies credentials (trusted deployments, cached chain reads). */
  verify: VerifyOptions;
  /** The ministry audit index this server keeps for the dashboard; absent: no audit API. */
  audit?: AuditIndex;
}
