import { loadFigureRows, runLoad, startLoadWorld } from "../test/helpers/load";
import type { LoadOptions } from "../test/helpers/load";

/**
 * Sustained load on a real server process against a local Hardhat node, on loopback only: employers
 * verifying (credential JSON, QR link, typed code), browsers fetching encrypted credentials and
 * registrars issuing and searching, all at once, after a warm-up that lasts until the server's first
 * major garbage collection (memory is compared in the steady state). Stops by itself after BENCH_SECONDS (60) or
 * BENCH_REQUESTS (200,000). Reports throughput, p50/p99 latency, errors and the server's memory.
 * Run: npm run bench:reliability (the bounded version runs in npm test: test/reliability/load.test.ts)
 */
const OPTIONS: LoadOptions = {
  warmupMs: 10_000,
  warmupMaxMs: 60_000,
  durationMs: Number(process.env.BENCH_SECONDS ?? 60) * 1000,
  maxRequests: Number(process.env.BENCH_REQUESTS ?? 200_000),
  concurrency: 16,
};

async function main(): Promise<void> {
  const world = await startLoadWorld(1000);
  try {
    const figures = await runLoad(world, OPTIONS);
    const growth = figures.rssAfterMiB / figures.rssBeforeMiB - 1;
    console.table(
      Object.entries({
        ...loadFigureRows(figures, OPTIONS),
        targets: `0 errors: ${figures.errors === 0 ? "PASS" : "FAIL"}; RSS growth < 20 %: ${growth < 0.2 ? "PASS" : "FAIL"}`,
      }).map(([what, value]) => ({ what, value })),
    );
    for (const error of figures.firstErrors) console.log(error);
    console.log(
      `node ${process.version}; server in its own process, 1,000 confirmed certificates to verify, local Hardhat node`,
    );
    process.exitCode = figures.errors === 0 && growth < 0.2 ? 0 : 1;
  } finally {
    await world.stop();
  }
}

void main();
