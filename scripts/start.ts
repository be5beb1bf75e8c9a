import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { Deployment } from "../core";
import { openDatabase } from "../server/db/database";
import { ServerConfig } from "../server/config";
import { createLogger } from "../server/logger";
import { PROJECT_ROOT } from "../server/paths";
import { startServer } from "../server/server";
import { writeDemoLogins } from "./demo/logins";
import { ChainJournal, replayJournal, startJournalingProxy } from "./lib/chain-journal";
import { LOCAL_DATA_DIR } from "./demo/data-dir";
import { DEMO_STAFF_PASSWORD, ministryKeystorePath, seedDemo } from "./lib/demo";
import { startDemoMirror } from "./lib/demo-mirror";
import type { DemoLogin } from "./lib/demo";
import { deployAndRecord, deploymentPath, describeDeployment } from "./lib/deployment-file";
import { startHardhatNode } from "./lib/local-node";
import type { LocalNode } from "./lib/local-node";
import { buildMinistryDashboard } from "./lib/ministry-dashboard";
import { freePort } from "./lib/ports";
import { headersFile, serveStaticFolder } from "./lib/static-site";
import { buildWebPages } from "./lib/web-build";

const ROOT = PROJECT_ROOT;
const DATA_DIR = LOCAL_DATA_DIR;
const RPC_PORT = Number(process.env.TASDIQ_RPC_PORT ?? 8545);
const SERVER_PORT = Number(process.env.TASDIQ_PORT ?? 8080);
/** The ministry dashboard's own origin in the demo: another port is another origin, as a ministry's host would be. */
const MINISTRY_PORT = Number(process.env.TASDIQ_MINISTRY_PORT ?? 8081);
const DEPLOYMENT_FILE = process.env.TASDIQ_DEPLOYMENT ?? deploymentPath("localhost");
const SERVER_URL = `http://127.0.0.1:${SERVER_PORT}`;
const MINISTRY_URL = `http://127.0.0.1:${MINISTRY_PORT}`;
/** The demo ministry's mirror of stored credentials, on its own port as it would be on its own host. */
const MIRROR_PORT = Number(process.env.TASDIQ_MIRROR_PORT ?? 8082);
const MIRROR_COUNTRY = "JO";
const MIRROR_DIR = path.join(DATA_DIR, `mirror-${MIRROR_COUNTRY}`);
const DATABASE_PATH = path.join(DATA_DIR, "server.sqlite");
const KEYSTORE_DIR = path.join(DATA_DIR, "keystores");
/** Large enough for everyday issuing, small enough that a demo upload can show the approval step. */
const DEMO_APPROVAL_THRESHOLD = 100;
/** The local demo's keystores only; a real deployment sets its own secret in the environment. */
const DEMO_KEYSTORE_PASSWORD = process.env.TASDIQ_KEYSTORE_PASSWORD ?? "local-demo-keystores";

/** Moves databases and keys left from a chain that no longer exists, so the demo starts afresh. */
function setAsideStaleData(): void {
  const databases = ["server.sqlite", "audit.sqlite"].flatMap((file) => [file, `${file}-wal`, `${file}-shm`]);
  const stale = [...databases, "keystores", path.basename(MIRROR_DIR)].filter((name) =>
    existsSync(path.join(DATA_DIR, name)),
  );
  if (stale.length === 0) return;
  const aside = path.join(DATA_DIR, `stale-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(aside, { recursive: true });
  for (const name of stale) renameSync(path.join(DATA_DIR, name), path.join(aside, name));
  console.log(`No chain journal found: earlier local data moved to ${path.relative(ROOT, aside)}`);
}

async function existingDeployment(provider: JsonRpcProvider): Promise<Deployment | undefined> {
  if (!existsSync(DEPLOYMENT_FILE)) return undefined;
  const deployment = Deployment.parse(JSON.parse(readFileSync(DEPLOYMENT_FILE, "utf8")));
  return (await provider.getCode(deployment.certificateRegistry)) === "0x" ? undefined : deployment;
}

/** Stops what was started, last first; whatever hangs, the node must not outlive this process. */
class Stoppers {
  readonly #stops: (() => Promise<void>)[] = [];

  constructor(readonly node: LocalNode) {
    this.add(() => node.stop());
  }

  add(stop: () => Promise<void>): void {
    this.#stops.push(stop);
  }

  shutdown(code: number): void {
    setTimeout(() => void this.node.stop().finally(() => process.exit(code)), 15_000).unref();
    void (async () => {
      for (const stop of this.#stops.reverse()) await stop().catch(() => undefined);
      process.exit(code);
    })();
  }
}

/** The local chain's journal, created (with a fresh data folder) when there is none to resume from. */
function openJournal(): { journal: ChainJournal; resuming: boolean } {
  mkdirSync(DATA_DIR, { recursive: true });
  const journal = new ChainJournal(path.join(DATA_DIR, "chain-journal.jsonl"));
  const resuming = journal.exists();
  if (!resuming) {
    setAsideStaleData();
    journal.create({ genesisDate: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), chainId: 31337 });
  }
  process.env.TASDIQ_GENESIS_DATE = journal.header().genesisDate;
  return { journal, resuming };
}

/**
 * The chain as clients see it: the node behind a proxy that journals every state change, replayed
 * from the journal when resuming, its clock brought to the present.
 */
async function serveChain(
  journal: ChainJournal,
  resuming: boolean,
  stoppers: Stoppers,
): Promise<{ rpcUrl: string; provider: JsonRpcProvider }> {
  if (resuming)
    console.log(
      `Restored the local chain from its journal (${await replayJournal(journal, stoppers.node.url)} blocks replayed).`,
    );
  const proxy = await startJournalingProxy(journal, stoppers.node.url, RPC_PORT);
  stoppers.add(
    () =>
      new Promise((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      }),
  );
  const rpcUrl = `http://127.0.0.1:${RPC_PORT}`;
  const provider = new JsonRpcProvider(rpcUrl, 31337, { staticNetwork: true });
  stoppers.add(async () => provider.destroy());
  // Bring the chain's clock to the present after a replay (the block is journaled too).
  const latest = await provider.getBlock("latest");
  await provider.send("evm_setNextBlockTimestamp", [
    Math.max(Math.floor(Date.now() / 1000), (latest?.timestamp ?? 0) + 1),
  ]);
  await provider.send("evm_mine", []);
  return { rpcUrl, provider };
}

/** The issuance server's configuration in the demo. */
function demoServerConfig(rpcUrl: string): ServerConfig {
  return ServerConfig.parse({
    port: SERVER_PORT,
    databasePath: DATABASE_PATH,
    rpcUrl,
    deploymentFile: DEPLOYMENT_FILE,
    keystoreDir: KEYSTORE_DIR,
    keystorePassword: DEMO_KEYSTORE_PASSWORD,
    verifierUrl: SERVER_URL,
    ministryDashboardUrl: `${MINISTRY_URL}/`,
    batchMaxAgeSeconds: 2,
    approvalThreshold: DEMO_APPROVAL_THRESHOLD,
    pollIntervalMs: 300,
    // The demo's universities all serve on this machine, over http.
    allowHttpFetch: "true",
    fetchAllowedNetworks: "127.0.0.0/8,::1/128",
    logLevel: process.env.TASDIQ_LOG_LEVEL ?? "warn",
  });
}

/**
 * The demo ministry's mirror (published on chain by the ministry), the issuance server with the web
 * pages, which pushes to it, and the ministry dashboard on its own origin.
 */
async function serveApplications(
  { rpcUrl, provider }: { rpcUrl: string; provider: JsonRpcProvider },
  deployment: Deployment,
  stoppers: Stoppers,
): Promise<{ mirrorUrl: string }> {
  const config = demoServerConfig(rpcUrl);
  const mirror = await startDemoMirror({
    provider,
    rpcUrl,
    deployment,
    deploymentFile: DEPLOYMENT_FILE,
    dataDir: MIRROR_DIR,
    keystoreDir: KEYSTORE_DIR,
    keystorePassword: DEMO_KEYSTORE_PASSWORD,
    country: MIRROR_COUNTRY,
    port: MIRROR_PORT,
    logLevel: config.logLevel,
  });
  stoppers.add(() => mirror.stop());
  await buildWebPages();
  const server = await startServer(config, createLogger(config.logLevel));
  stoppers.add(() => server.stop());
  const dashboard = await buildMinistryDashboard(path.join(DATA_DIR, "ministry-dashboard"), {
    origin: MINISTRY_URL,
    rpcUrl,
    deployment,
    auditUrl: `${SERVER_URL}/api/audit/overview`,
    keystore: true,
  });
  const ministrySite = await serveStaticFolder(dashboard.dir, {
    headers: headersFile(dashboard.dir),
    port: MINISTRY_PORT,
  });
  stoppers.add(() => ministrySite.stop());
  return { mirrorUrl: mirror.url };
}

/** Where everything is, and how to sign in. */
function welcome(
  {
    rpcUrl,
    journal,
    deployment,
    mirrorUrl,
  }: { rpcUrl: string; journal: ChainJournal; deployment: Deployment; mirrorUrl: string },
  { seeded, logins, loginsFile }: { seeded: boolean; logins: DemoLogin[]; loginsFile: string },
): string {
  const registrars = logins.filter((login) => login.role === "registrar");
  return [
    "",
    "Tasdiq is running.",
    `  Verifier page        ${SERVER_URL}/v`,
    `  Registrar portal     ${SERVER_URL}/portal`,
    `  Ministry dashboard   ${MINISTRY_URL}/  (the ministry's own origin; read-only copy at ${SERVER_URL}/ministry)`,
    `  Issuance API         ${SERVER_URL}/api  (documentation: ${SERVER_URL}/api/docs/)`,
    `  Mirror               ${mirrorUrl}  (the Jordanian ministry's copy of stored credentials, published on chain)`,
    `  Chain RPC            ${rpcUrl}  (local Hardhat node, state kept in ${path.relative(ROOT, journal.file)})`,
    describeDeployment(deployment, DEPLOYMENT_FILE),
    "",
    `Demo data ${seeded ? "seeded" : "already present"}: ministries of the 22 member states, ${registrars.length} universities.`,
    `Staff logins (password for all: ${DEMO_STAFF_PASSWORD}), e.g.:`,
    ...logins.slice(0, 6).map((login) => `  ${login.role.padEnd(9)} ${login.email.padEnd(44)} ${login.university}`),
    `  … admin@, registrar@ and approver@ for every university: all ${logins.length} in ${path.relative(ROOT, loginsFile)} (npm run demo:logins).`,
    `  Batches of more than ${DEMO_APPROVAL_THRESHOLD} certificates, or from someone who issued more in 24 hours, wait for an approver.`,
    `Ministry keys, to import into a browser wallet or open in the dashboard: ${path.relative(ROOT, ministryKeystorePath(KEYSTORE_DIR, "JO"))} and the like for each country`,
    // A password set in the environment is someone's secret: only the demo default is printed.
    `  (keystore password: ${process.env.TASDIQ_KEYSTORE_PASSWORD ? "the one in TASDIQ_KEYSTORE_PASSWORD" : DEMO_KEYSTORE_PASSWORD}).`,
  ].join("\n");
}

/**
 * Brings the whole local system up: a Hardhat node whose state survives restarts (journal replay),
 * the registries (deployed once), the demo data (seeded once), the issuance server with the verifier
 * page, and prints where everything is.
 */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const { journal, resuming } = openJournal();
  const stoppers = new Stoppers(await startHardhatNode(await freePort()));
  process.once("SIGINT", () => {
    console.log("\nStopping Tasdiq…");
    stoppers.shutdown(0);
  });
  process.once("SIGTERM", () => stoppers.shutdown(0));
  try {
    const { rpcUrl, provider } = await serveChain(journal, resuming, stoppers);
    const deployment =
      (await existingDeployment(provider)) ??
      (await deployAndRecord(await provider.getSigner(0), "localhost", DEPLOYMENT_FILE));
    const db = openDatabase(DATABASE_PATH);
    const demo = await seedDemo({
      provider,
      deployment,
      db,
      keystoreDir: KEYSTORE_DIR,
      keystorePassword: DEMO_KEYSTORE_PASSWORD,
      serverUrl: SERVER_URL,
      verifierUrl: SERVER_URL,
    });
    db.close();
    const loginsFile = writeDemoLogins(DATA_DIR, demo.logins, DEMO_STAFF_PASSWORD);
    const { mirrorUrl } = await serveApplications({ rpcUrl, provider }, deployment, stoppers);
    console.log(welcome({ rpcUrl, journal, deployment, mirrorUrl }, { ...demo, loginsFile }));
    console.log(`\nReady in ${((performance.now() - startedAt) / 1000).toFixed(1)} s. Press Ctrl-C to stop.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    stoppers.shutdown(1);
  }
}

void main();
