import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet } from "ethers";
import { createEthersChainReader } from "../../core";
import { openDatabase } from "../../server/db/database";
import { saveKeystore } from "../../server/keys/keystore";
import { createStaff } from "../../server/staff/service";
import { hostUniversityFromChain } from "../../server/universities";
import { buildServer } from "../../scripts/lib/server-build";
import type { TestChain, TestUniversity } from "./chain";
import { freePort } from "./chain";
import { LOOPBACK_NETWORKS, PASSWORD, TEST_ANONYMOUS_LIMITS, apiCall, eventually } from "./server";

const ROOT = path.join(__dirname, "..", "..");

/** Notes a spawned process for the global teardown (test/global-setup.ts), until it exits. */
function noteUntilExit(child: ChildProcess): void {
  const folder = process.env.TASDIQ_TEST_PROCESSES;
  if (!folder || child.pid === undefined) return;
  const note = path.join(folder, String(child.pid));
  writeFileSync(note, "");
  child.once("exit", () => rmSync(note, { force: true }));
}
const KEYSTORE_PASSWORD = "test keystore password";

export interface ServerProcess {
  url: string;
  dbFile: string;
  /** Process id of the running server. */
  pid(): number;
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
}

/**
 * The issuance server as a real separate process (`server/main.ts` as `npm run build` compiles it),
 * configured by environment variables as in production, with encrypted keystores, so tests can
 * SIGKILL and restart it.
 */
export async function prepareServerProcess(
  chain: TestChain,
  university: TestUniversity,
  staffEmail: string,
  environment: Record<string, string> = {},
): Promise<ServerProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-process-"));
  const dbFile = path.join(dir, "server.sqlite");
  const deploymentFile = path.join(dir, "deployment.json");
  writeFileSync(deploymentFile, JSON.stringify(chain.deployment));
  const keystoreDir = path.join(dir, "keystores");
  await saveKeystore(
    keystoreDir,
    university.id,
    "operator",
    new Wallet(university.operatorKey),
    KEYSTORE_PASSWORD,
    1024,
  );
  await saveKeystore(
    keystoreDir,
    university.id,
    "signer",
    new Wallet(university.signer.privateKey),
    KEYSTORE_PASSWORD,
    1024,
  );
  const db = openDatabase(dbFile);
  await hostUniversityFromChain(
    db,
    createEthersChainReader(chain.provider, chain.deployment),
    university.id,
    new Date(),
  );
  await createStaff(
    db,
    { universityId: university.id, email: staffEmail, name: "Registrar", role: "registrar", password: PASSWORD },
    new Date(),
  );
  db.close();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = "";
  const env = {
    ...process.env,
    TASDIQ_PORT: String(port),
    TASDIQ_DB: dbFile,
    TASDIQ_RPC_URL: chain.node.url,
    TASDIQ_DEPLOYMENT: deploymentFile,
    TASDIQ_KEYSTORE_DIR: keystoreDir,
    TASDIQ_KEYSTORE_PASSWORD: KEYSTORE_PASSWORD,
    TASDIQ_POLL_INTERVAL_MS: "50",
    TASDIQ_LOG_LEVEL: "warn",
    // Test universities serve over http on loopback; and tests send much more than one address should.
    TASDIQ_ALLOW_HTTP_FETCH: "true",
    TASDIQ_FETCH_ALLOWED_NETWORKS: LOOPBACK_NETWORKS.join(","),
    TASDIQ_ANONYMOUS_RATE: String(TEST_ANONYMOUS_LIMITS.ratePerSecond),
    TASDIQ_ANONYMOUS_BURST: String(TEST_ANONYMOUS_LIMITS.burst),
    ...environment,
  };
  return {
    url,
    dbFile,
    async start() {
      // The compiled build, as in production; it also starts in a fraction of ts-node's time.
      child = spawn(process.execPath, ["--enable-source-maps", await buildServer()], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      noteUntilExit(child);
      child.stdout?.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
      child.stderr?.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
      await eventually(
        async () => {
          if (child?.exitCode !== null) throw new Error(`server exited:\n${log}`);
          return (await apiCall(url, "GET", "/api/health").catch(() => ({ status: 0 }))).status === 200
            ? true
            : undefined;
        },
        60_000,
        "server health",
      );
    },
    async kill(signal = "SIGKILL") {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill(signal);
      await exited;
    },
    output: () => log,
    pid: () => child?.pid ?? 0,
  };
}
