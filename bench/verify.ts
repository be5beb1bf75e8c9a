import { cpus, loadavg } from "node:os";
import type { Browser, BrowserContext } from "playwright-core";
import { waitForOutcome } from "../test/helpers/browser";
import { withIssuedCertificate } from "../test/helpers/verifier-world";
import type { VerifierWorld } from "../test/helpers/verifier-world";
import { buildWebPages, serveVerifierStatically } from "../test/helpers/web";
import { renderTable, verdict } from "./lib/table";

/**
 * The verifier page in headless Chromium, opened with a certificate's QR link, until it shows the
 * verdict: the page fetches its configuration, reads the university's server address from the chain,
 * fetches and decrypts the credential and runs every check against a local Hardhat node. The issuance
 * server serves the page, as in production. Timings come from the page's own User Timing marks.
 * Run: npm run bench:verify
 */
const WARM_RUNS = Number(process.env.BENCH_RUNS ?? 50);
const COLD_RUNS = 10;
const WARM_UP = 3;
const TARGET_MS = 300;
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST;

interface Timing {
  /** Navigation start → verdict shown: loading the page included. */
  total: number;
  /** The page's script starts verifying → verdict shown. */
  afterLoad: number;
}

async function timeOnce(context: BrowserContext, link: string): Promise<Timing> {
  const page = await context.newPage();
  try {
    await page.goto(link);
    const outcome = await waitForOutcome(page);
    if (outcome.verdict !== "VALID") throw new Error(`expected VALID, got ${outcome.verdict ?? outcome.problem}`);
    return await page.evaluate(() => {
      const mark = (name: string): number => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
      return { total: mark("tasdiq:verdict"), afterLoad: mark("tasdiq:verdict") - mark("tasdiq:verify-start") };
    });
  } finally {
    await page.close();
  }
}

/** Runs in one browser profile: after the first, the page's hashed assets come from its cache. */
async function warmRuns(browser: Browser, link: string): Promise<Timing[]> {
  const context = await browser.newContext();
  try {
    for (let i = 0; i < WARM_UP; i++) await timeOnce(context, link);
    const timings: Timing[] = [];
    for (let i = 0; i < WARM_RUNS; i++) timings.push(await timeOnce(context, link));
    return timings;
  } finally {
    await context.close();
  }
}

/** Runs each in a fresh profile: a first visit, downloading everything. */
async function coldRuns(browser: Browser, link: string): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const context = await browser.newContext();
    try {
      timings.push(await timeOnce(context, link));
    } finally {
      await context.close();
    }
  }
  return timings;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;

/**
 * With BENCH_BASELINE_DIST (the web/dist of another build, e.g. of an earlier commit), the page of
 * this build and the baseline's are both served as static files with the same configuration, and
 * timed after load in alternation, so that load on the machine weighs on both alike.
 */
async function compareWithBaseline(world: VerifierWorld, browser: Browser, fragment: string): Promise<string> {
  const config = { rpcUrl: world.chain.node.url, deployments: [world.chain.deployment] };
  const sites = await Promise.all([
    serveVerifierStatically(config, { dist: await buildWebPages() }),
    serveVerifierStatically(config, { dist: BASELINE_DIST as string }),
  ]);
  const contexts = await Promise.all(sites.map(() => browser.newContext()));
  try {
    const runs: [number[], number[]] = [[], []];
    for (let i = 0; i < WARM_UP + WARM_RUNS; i++) {
      for (const side of [0, 1] as const) {
        const timing = await timeOnce(contexts[side] as BrowserContext, `${sites[side]?.url}#${fragment}`);
        if (i >= WARM_UP) runs[side].push(timing.afterLoad);
      }
    }
    const row = (what: string, values: number[]): string[] => [
      what,
      String(values.length),
      ms(quantile(values, 0.5)),
      ms(quantile(values, 0.95)),
    ];
    return renderTable({
      title: "Verifier page after load (page script starts → verdict), this build against a baseline, alternating",
      columns: [
        { header: "page" },
        { header: "runs", align: "right" },
        { header: "median", align: "right" },
        { header: "p95", align: "right" },
      ],
      rows: [row("this build", runs[0]), row(`baseline (${BASELINE_DIST})`, runs[1])],
      notes: [
        `median ratio this/baseline: ${(quantile(runs[0], 0.5) / quantile(runs[1], 0.5)).toFixed(2)}; both served as static files with the same config.json; load average ${loadavg()[0]?.toFixed(1)} at the end.`,
      ],
    });
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
    await Promise.all(sites.map((site) => site.stop()));
  }
}

withIssuedCertificate(async ({ world, browser, certificate }) => {
  const link = `${world.pageUrl}#${certificate.fragment}`;
  if (BASELINE_DIST) console.log(await compareWithBaseline(world, browser, certificate.fragment));
  const warm = await warmRuns(browser, link);
  const cold = await coldRuns(browser, link);
  const row = (what: string, timings: readonly Timing[], key: keyof Timing, target = false): string[] => {
    const values = timings.map((timing) => timing[key]);
    const median = quantile(values, 0.5);
    return [
      what,
      String(timings.length),
      ms(median),
      ms(quantile(values, 0.95)),
      target ? `${verdict(median <= TARGET_MS)} (median <= ${TARGET_MS} ms)` : "",
    ];
  };
  console.log(
    renderTable({
      title: `Verifier page: QR link opened → verdict shown (bench/verify), ${new Date().toISOString().slice(0, 10)}`,
      columns: [
        { header: "measure" },
        { header: "runs", align: "right" },
        { header: "median", align: "right" },
        { header: "p95", align: "right" },
        { header: "target" },
      ],
      rows: [
        row("after load: page script starts → verdict", warm, "afterLoad", true),
        row("page load included (assets cached) → verdict", warm, "total"),
        row("first visit, empty cache → verdict", cold, "total"),
      ],
      notes: [
        `Chromium ${browser.version()} headless; Node ${process.version}; ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} at the end; page served by the issuance server on loopback; local Hardhat node.`,
        "Each run: config.json, chain id, university record (server URL), ciphertext from the issuance server, AES-GCM decryption, all 8 checks.",
      ],
    }),
  );
}).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
