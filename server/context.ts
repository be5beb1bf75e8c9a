import type { Provider } from "ethers";
import type { ChainEndpoint, Deployment, FetchUrl, PublishedMirror, VerifyOptions } from "../core";
import type { AuditIndex } from "./audit/indexer";
import type { Database } from "./db/database";
import type { KeyRing } from "./keys/keyring";
import type { KeystoreSettings } from "./keys/keystore";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { PdfRenderer } from "./pdf";
import type { AnonymousLimits } from "./public/limits";

/** Settings the HTTP layer needs (parsed once in main.ts from the environment and config file). */
export interface HttpSettings {
  /** Base URL of the verifier page, put in QR codes (`<verifierUrl>/v#...`). */
  verifierUrl: string;
  /** The chain RPC URL that browsers use, given to the verifier page in its config. */
  publicRpcUrl: string;
  /** The cross-checking nodes as browsers reach them, given to the verifier page in its config. */
  publicCrossCheckRpcUrls?: readonly string[];
  /** Built web pages (verifier, portals) to serve; absent when not built. */
  webDist: string | null;
  /** Where the ministry's own dashboard lives, named by the read-only copy this server serves. */
  ministryDashboardUrl?: string;
  /** The four-eyes threshold for universities without their own policy (`anchoring/approval.ts`); null: no approval step. */
  approvalThreshold: number | null;
  maxUploadBytes: number;
  /** Most certificates in one batch (one anchoring transaction). */
  batchSize: number;
  maxBulkRows: number;
  /** Rate and concurrency limits of the anonymous routes; `DEFAULT_ANONYMOUS_LIMITS` when absent. */
  anonymousLimits?: AnonymousLimits;
  /** Failed sign-ins per account, and per client address, within 15 minutes (`auth/throttle.ts`). */
  loginAttemptsPerWindow: number;
  loginFailuresPerAddress: number;
  /** Express `trust proxy`: the proxies whose X-Forwarded-For names the client; absent: none. */
  trustedProxies?: string[];
  /** Bearer token for /metrics; absent: /metrics is not served. */
  metricsToken?: string;
}

/** The keys this server holds for its universities, for the admins' key management. */
export interface KeyCustody {
  /** Shared with the anchoring worker, which switches it to a new signer key once that is on chain. */
  ring: KeyRing;
  keystore: KeystoreSettings;
  /** Reads the signer keys' windows from the IssuerRegistry. */
  provider: Provider;
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
  /**
   * How `POST /api/verify` fetches a stored credential from another university's server
   * (`outboundFetch`); absent: https and public addresses only, with the default limits.
   */
  storedCredentialFetch?: FetchUrl;
  /** The mirrors the registry lists, where `POST /api/verify` looks when a university's server fails; absent: none. */
  mirrors?: () => Promise<readonly PublishedMirror[]>;
  /** The ministry audit index this server keeps for the dashboard; absent: no audit API. */
  audit?: AuditIndex;
  /** The university keys this server holds; absent: no key management API. */
  keys?: KeyCustody;
  /** Renders certificate PDFs (worker threads in the server); absent: on the request's own thread. */
  pdf?: PdfRenderer;
  /** The chain nodes verification packs are made from (they must agree on the block); absent: no packs. */
  chainNodes?: readonly ChainEndpoint[];
}
