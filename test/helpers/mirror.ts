import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Signer } from "ethers";
import type { CountryCode } from "../../core";
import { createLogger } from "../../server/logger";
import { MirrorConfig } from "../../server/mirror/config";
import { startMirror } from "../../server/mirror/mirror";
import type { RunningMirror } from "../../server/mirror/mirror";
import type { TestChain } from "./chain";
import { freePort } from "./chain";

export interface TestMirror {
  url: string;
  dbFile: string;
  /** Stops the mirror, keeping its database (`start` serves it again on the same address). */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

/**
 * A real mirror (`server/mirror`) on a free loopback port, its database in a temp folder, run for
 * `country`'s ministry (or for the authority when null) and published on chain by `publisher` (not
 * published when null). Its rate per address is high unless given: the tests' calls all come from one.
 */
export async function startTestMirror(
  chain: TestChain,
  publisher: Signer | null,
  country: CountryCode | null,
  { ratePerSecond = 10_000, burst = 10_000 } = {},
): Promise<TestMirror> {
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-mirror-"));
  const deploymentFile = path.join(dir, "deployment.json");
  writeFileSync(deploymentFile, JSON.stringify(chain.deployment));
  const dbFile = path.join(dir, "data", "mirror.sqlite");
  const port = await freePort();
  const config = MirrorConfig.parse({
    port,
    host: "127.0.0.1",
    databasePath: dbFile,
    rpcUrl: chain.node.url,
    rpcTimeoutSeconds: 5,
    deploymentFile,
    ...(country ? { country } : {}),
    logLevel: "silent",
    // The tests' verifications and pushes come from one address, faster than any caller would.
    anonymousRatePerSecond: ratePerSecond,
    anonymousBurst: burst,
  });
  let running: RunningMirror | undefined;
  const mirror: TestMirror = {
    url: `http://127.0.0.1:${port}`,
    dbFile,
    async start() {
      running ??= await startMirror(config, createLogger("silent"));
    },
    async halt() {
      await running?.stop();
      running = undefined;
    },
    async stop() {
      await mirror.halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await mirror.start();
  if (publisher) await (await chain.issuerRegistry.connect(publisher).publishMirror(mirror.url)).wait();
  return mirror;
}
