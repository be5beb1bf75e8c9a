import { cpus, loadavg } from "node:os";
import type { Browser, BrowserContext } from "playwright-core";
import { waitForOutcome } from "../test/helpers/browser";
import { withIssuedCertificate } from "../test/helpers/verifier-world";
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

withIssuedCertificate(async ({ world, browser, certificate }) => {
  const link = `${world.pageUrl}#${certificate.fragment}`;
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
