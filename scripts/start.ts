import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { Deployment } from "../core";
import { openDatabase } from "../server/db/database";
import { ServerConfig } from "../server/config";
import { createLogger } from "../server/logger";
import { startServer } from "../server/server";
import { writeDemoLogins } from "./demo/logins";
import { ChainJournal, replayJournal, startJournalingProxy } from "./lib/chain-journal";
import { DEMO_STAFF_PASSWORD, ministryKeystorePath, seedDemo } from "./lib/demo";
import { deployAndRecord, deploymentPath, describeDeployment } from "./lib/deployment-file";
import { startHardhatNode } from "./lib/local-node";
import { buildMinistryDashboard } from "./lib/ministry-dashboard";
import { freePort } from "./lib/ports";
import { headersFile, serveStaticFolder } from "./lib/static-site";
import { buildWebPages } from "./lib/web-build";

const ROOT = path.join(__dirname, "..");
const DATA_DIR = process.env.TASDIQ_DATA_DIR ?? path.join(ROOT, ".tasdiq");
const RPC_PORT = Number(process.env.TASDIQ_RPC_PORT ?? 8545);
const SERVER_PORT = Number(process.env.TASDIQ_PORT ?? 8080);
/** The ministry dashboard's own origin in the demo: another port is another origin, as a ministry's host would be. */
const MINISTRY_PORT = Number(process.env.TASDIQ_MINISTRY_PORT ?? 8081);
const DEPLOYMENT_FILE = process.env.TASDIQ_DEPLOYMENT ?? deploymentPath("localhost");
/** The local demo's keystores only; a real deployment sets its own secret in the environment. */
/** Large enough for everyday issuing, small enough that a demo upload can show the approval step. */
const DEMO_APPROVAL_THRESHOLD = 100;
const DEMO_KEYSTORE_PASSWORD = process.env.TASDIQ_KEYSTORE_PASSWORD ?? "local-demo-keystores";

/** Moves databases and keys left from a chain that no longer exists, so the demo starts afresh. */
function setAsideStaleData(): void {
  const databases = ["server.sqlite", "audit.sqlite"].flatMap((file) => [file, `${file}-wal`, `${file}-shm`]);
  const stale = [...databases, "keystores"].filter((name) => existsSync(path.join(DATA_DIR, name)));
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

/**
 * Brings the whole local system up: a Hardhat node whose state survives restarts (journal replay),
 * the registries (deployed once), the demo data (seeded once), the issuance server with the verifier
 * page, and prints where everything is.
 */
async function main(): Promise<void> {
  const startedAt = performance.now();
  mkdirSync(DATA_DIR, { recursive: true });
  const journal = new ChainJournal(path.join(DATA_DIR, "chain-journal.jsonl"));
  const resuming = journal.exists();
  if (!resuming) {
    setAsideStaleData();
    journal.create({ genesisDate: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), chainId: 31337 });
  }
  process.env.TASDIQ_GENESIS_DATE = journal.header().genesisDate;
  const node = await startHardhatNode(await freePort());
  const stoppers: (() => Promise<void>)[] = [() => node.stop()];
  const shutdown = (code: number): void => {
    // Whatever hangs, the node must not outlive us.
    setTimeout(() => void node.stop().finally(() => process.exit(code)), 15_000).unref();
    void (async () => {
      for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
      process.exit(code);
    })();
  };
  process.once("SIGINT", () => {
    console.log("\nStopping Tasdiq…");
    shutdown(0);
  });
  process.once("SIGTERM", () => shutdown(0));

  try {
    if (resuming)
      console.log(
        `Restored the local chain from its journal (${await replayJournal(journal, node.url)} blocks replayed).`,
      );
    const proxy = await startJournalingProxy(journal, node.url, RPC_PORT);
    stoppers.push(
      () =>
        new Promise((resolve) => {
          proxy.close(() => resolve());
          proxy.closeAllConnections();
        }),
    );
    const rpcUrl = `http://127.0.0.1:${RPC_PORT}`;
    const provider = new JsonRpcProvider(rpcUrl, 31337, { staticNetwork: true });
    stoppers.push(async () => provider.destroy());
    // Bring the chain's clock to the present after a replay (the block is journaled too).
    const latest = await provider.getBlock("latest");
    await provider.send("evm_setNextBlockTimestamp", [
      Math.max(Math.floor(Date.now() / 1000), (latest?.timestamp ?? 0) + 1),
    ]);
    await provider.send("evm_mine", []);

    const deployment =
      (await existingDeployment(provider)) ??
      (await deployAndRecord(await provider.getSigner(0), "localhost", DEPLOYMENT_FILE));
    const serverUrl = `http://127.0.0.1:${SERVER_PORT}`;
    const ministryUrl = `http://127.0.0.1:${MINISTRY_PORT}`;
    const databasePath = path.join(DATA_DIR, "server.sqlite");
    const keystoreDir = path.join(DATA_DIR, "keystores");
    const db = openDatabase(databasePath);
    const { seeded, logins } = await seedDemo({
      provider,
      deployment,
      db,
      keystoreDir,
      keystorePassword: DEMO_KEYSTORE_PASSWORD,
      serverUrl,
      verifierUrl: serverUrl,
    });
    db.close();
    const loginsFile = writeDemoLogins(DATA_DIR, logins, DEMO_STAFF_PASSWORD);

    const config = ServerConfig.parse({
      port: SERVER_PORT,
      databasePath,
      rpcUrl,
      deploymentFile: DEPLOYMENT_FILE,
      keystoreDir,
      keystorePassword: DEMO_KEYSTORE_PASSWORD,
      verifierUrl: serverUrl,
      ministryDashboardUrl: `${ministryUrl}/`,
      batchMaxAgeSeconds: 2,
      approvalThreshold: DEMO_APPROVAL_THRESHOLD,
      pollIntervalMs: 300,
      // The demo's universities all serve on this machine, over http.
      allowHttpFetch: "true",
      fetchAllowedNetworks: "127.0.0.0/8,::1/128",
      logLevel: process.env.TASDIQ_LOG_LEVEL ?? "warn",
    });
    await buildWebPages();
    const server = await startServer(config, createLogger(config.logLevel));
    stoppers.push(() => server.stop());
    const dashboard = await buildMinistryDashboard(path.join(DATA_DIR, "ministry-dashboard"), {
      origin: ministryUrl,
      rpcUrl,
      deployment,
      auditUrl: `${serverUrl}/api/audit/overview`,
      keystore: true,
    });
    const ministrySite = await serveStaticFolder(dashboard.dir, {
      headers: headersFile(dashboard.dir),
      port: MINISTRY_PORT,
    });
    stoppers.push(() => ministrySite.stop());

    const registrars = logins.filter((login) => login.role === "registrar");
    console.log(
      [
        "",
        "Tasdiq is running.",
        `  Verifier page        ${serverUrl}/v`,
        `  Registrar portal     ${serverUrl}/portal`,
        `  Ministry dashboard   ${ministryUrl}/  (the ministry's own origin; read-only copy at ${serverUrl}/ministry)`,
        `  Issuance API         ${serverUrl}/api  (documentation: ${serverUrl}/api/docs/)`,
        `  Chain RPC            ${rpcUrl}  (local Hardhat node, state kept in ${path.relative(ROOT, journal.file)})`,
        describeDeployment(deployment, DEPLOYMENT_FILE),
        "",
        `Demo data ${seeded ? "seeded" : "already present"}: ministries of the 22 member states, ${registrars.length} universities.`,
        `Staff logins (password for all: ${DEMO_STAFF_PASSWORD}), e.g.:`,
        ...logins.slice(0, 6).map((login) => `  ${login.role.padEnd(9)} ${login.email.padEnd(44)} ${login.university}`),
        `  … admin@, registrar@ and approver@ for every university: all ${logins.length} in ${path.relative(ROOT, loginsFile)} (npm run demo:logins).`,
        `  Batches of more than ${DEMO_APPROVAL_THRESHOLD} certificates, or from someone who issued more in 24 hours, wait for an approver.`,
        `Ministry keys, to import into a browser wallet or open in the dashboard: ${path.relative(ROOT, ministryKeystorePath(keystoreDir, "JO"))} and the like for each country`,
        // A password set in the environment is someone's secret: only the demo default is printed.
        `  (keystore password: ${process.env.TASDIQ_KEYSTORE_PASSWORD ? "the one in TASDIQ_KEYSTORE_PASSWORD" : DEMO_KEYSTORE_PASSWORD}).`,
        "",
        `Ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s. Press Ctrl-C to stop.`,
      ].join("\n"),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    shutdown(1);
  }
}

void main();
