import { cpus, loadavg } from "node:os";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../test/helpers/browser";
import { issueRequests } from "../test/helpers/graduates";
import { confirmedCertificate } from "../test/helpers/server";
import { startVerifierWorld } from "../test/helpers/verifier-world";
import type { VerifierWorld } from "../test/helpers/verifier-world";
import { buildWebPages, serveVerifierStatically } from "../test/helpers/web";
import type { StaticSite } from "../test/helpers/web";
import { renderTable } from "./lib/table";

/**
 * Bulk verification on the verifier page: the issuance server issues BENCH_CERTIFICATES certificates
 * (100 by default) and hands out their PDFs; all of them are dropped at once on the page's bulk drop
 * zone in headless Chromium, which reads the credential attached to each PDF and runs every check
 * against a local Hardhat node, four at a time, until the table holds every verdict. Timings come from
 * the page's User Timing marks (`tasdiq:bulk-start` at the drop, `tasdiq:bulk-done` at the last verdict).
 * Run: npm run bench:verify-bulk
 */
const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST;

async function issuedPdfs(world: VerifierWorld): Promise<Buffer[]> {
  const { status, body } = await world.registrar("POST", "/api/certificates/bulk", {
    certificates: issueRequests("BENCH-BULK", CERTIFICATES),
  });
  if (status !== 202) throw new Error(`issuance refused: ${status} ${JSON.stringify(body)}`);
  const ids = (body.certificates as { id: string }[]).map((certificate) => certificate.id);
  const pdfs: Buffer[] = [];
  for (const id of ids) {
    await confirmedCertificate(world.registrar, id, 120_000);
    const response = await fetch(`${world.server.url}/api/certificates/${id}/pdf`, {
      headers: { authorization: `Bearer ${world.registrar.token}` },
    });
    if (response.status !== 200) throw new Error(`PDF of ${id}: ${response.status}`);
    pdfs.push(Buffer.from(await response.arrayBuffer()));
  }
  return pdfs;
}

/** Drops every PDF at once on a freshly opened page and returns how long the table took to fill, in ms. */
async function timeOnce(browser: Browser, pageUrl: string, pdfs: readonly Buffer[]): Promise<number> {
  const context = await browser.newContext();
  try {
    const page: Page = await context.newPage();
    await page.goto(pageUrl);
    const dataTransfer = await page.evaluateHandle(
      (files) => {
        const transfer = new DataTransfer();
        for (const [i, base64] of files.entries()) {
          const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
          transfer.items.add(new File([bytes], `certificate-${i + 1}.pdf`, { type: "application/pdf" }));
        }
        return transfer;
      },
      pdfs.map((pdf) => pdf.toString("base64")),
    );
    await page.locator("#bulk-drop-zone").dispatchEvent("drop", { dataTransfer });
    await page.waitForFunction(
      () =>
        document.querySelectorAll("#bulk-results tbody tr:is([data-status=WAITING], [data-status=CHECKING])").length ===
        0,
      undefined,
      { timeout: 10 * 60_000, polling: 100 },
    );
    const statuses = await page
      .locator("#bulk-results tbody tr")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-status")));
    const notValid = statuses.filter((status) => status !== "VALID");
    if (statuses.length !== pdfs.length || notValid.length > 0)
      throw new Error(`expected ${pdfs.length} VALID rows, got ${statuses.length} with ${notValid.join(", ")}`);
    return await page.evaluate(() => {
      const mark = (name: string): number => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
      return mark("tasdiq:bulk-done") - mark("tasdiq:bulk-start");
    });
  } finally {
    await context.close();
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/**
 * With BENCH_BASELINE_DIST (the web/dist of another build, e.g. of an earlier commit), this build's
 * page and the baseline's are both served as static files with the same configuration and timed in
 * alternation, so that load on the machine weighs on both alike.
 */
async function compareWithBaseline(world: VerifierWorld, browser: Browser, pdfs: readonly Buffer[]): Promise<string> {
  const config = { rpcUrl: world.chain.node.url, deployments: [world.chain.deployment] };
  const sites = await Promise.all([
    serveVerifierStatically(config, { dist: await buildWebPages() }),
    serveVerifierStatically(config, { dist: BASELINE_DIST as string }),
  ]);
  try {
    const runs: [number[], number[]] = [[], []];
    // The first round warms each page's assets in the browser's cache and is not counted.
    for (let i = 0; i <= RUNS; i++) {
      for (const side of [0, 1] as const) {
        const ms = await timeOnce(browser, (sites[side] as StaticSite).url, pdfs);
        if (i > 0) runs[side].push(ms);
      }
    }
    const row = (what: string, values: number[]): string[] => [what, String(values.length), seconds(median(values))];
    return renderTable({
      title: `Verifier page, ${pdfs.length} PDFs dropped → table complete, this build against a baseline, alternating`,
      columns: [{ header: "page" }, { header: "runs", align: "right" }, { header: "median", align: "right" }],
      rows: [row("this build", runs[0]), row(`baseline (${BASELINE_DIST})`, runs[1])],
      notes: [
        `median ratio this/baseline: ${(median(runs[0]) / median(runs[1])).toFixed(2)}; both served as static files with the same config.json; load average ${loadavg()[0]?.toFixed(1)} at the end.`,
      ],
    });
  } finally {
    await Promise.all(sites.map((site) => site.stop()));
  }
}

async function main(): Promise<void> {
  const world = await startVerifierWorld();
  try {
    const pdfs = await issuedPdfs(world);
    const browser = await launchChromium();
    try {
      if (BASELINE_DIST) console.log(await compareWithBaseline(world, browser, pdfs));
      const loadBefore = loadavg()[0] ?? NaN;
      // The first run warms the browser's cache of the page's scripts, the PDF reader and its worker.
      await timeOnce(browser, world.pageUrl, pdfs);
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await timeOnce(browser, world.pageUrl, pdfs));
      const total = median(runs);
      const kib = pdfs.reduce((sum, pdf) => sum + pdf.length, 0) / 1024 / pdfs.length;
      console.log(
        renderTable({
          title: `Verifier page: ${pdfs.length} certificate PDFs dropped at once → table complete (bench/verify-bulk), ${new Date().toISOString().slice(0, 10)}`,
          columns: [
            { header: "PDFs" },
            { header: "runs", align: "right" },
            { header: "median", align: "right" },
            { header: "per PDF", align: "right" },
            { header: "min – max", align: "right" },
          ],
          rows: [
            [
              String(pdfs.length),
              String(runs.length),
              seconds(total),
              `${(total / pdfs.length).toFixed(1)} ms`,
              `${seconds(Math.min(...runs))} – ${seconds(Math.max(...runs))}`,
            ],
          ],
          notes: [
            `Chromium ${browser.version()} headless; Node ${process.version}; ${cpus().length} cores; load average ${loadBefore.toFixed(1)} before the runs, ${loadavg()[0]?.toFixed(1)} after; PDFs of ${kib.toFixed(0)} KiB on average; page served by the issuance server on loopback; local Hardhat node.`,
            "Each PDF: read with pdf.js, its attached credential checked by all 8 checks against the chain (proof reader), 4 verifications at a time; all rows VALID.",
          ],
        }),
      );
    } finally {
      await browser.close();
    }
  } finally {
    await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
