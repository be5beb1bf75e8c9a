import { readFileSync } from "node:fs";
import type { CredentialSubject } from "../core";
import { GRADUATE_COLUMNS } from "../server/certificates/import";
import { csvFile, graduateCells, xlsxFile } from "../test/helpers/graduate-files";
import { fixtureGraduates, issueRequests } from "../test/helpers/graduates";
import { BOMB_SHEET, declaringSize, numericCellBomb, numericGrid } from "../test/helpers/hostile-files";
import { startLoadWorld } from "../test/helpers/load";
import type { LoadWorld } from "../test/helpers/load";

/**
 * Uploads that used to stall the issuance server, sent to a real server process (production limits:
 * 20 MiB uploads, 50,000 rows) on loopback: a normal 50,000-row CSV and XLSX, a 1.6 MB XLSX of 30
 * million numeric cells (a zip bomb), the same bomb with sizes that lie, a sheet of two million small
 * cells, and 80 concurrent 19.8 MB JSON bodies. During each, /api/health is probed every 25 ms and
 * POST /api/verify is called back to back with a real credential. Reports health latency (p50, p99,
 * max, probes over 1 s), verifications answered, what the upload got, and the server's RSS.
 * Every phase gives up after PHASE_TIMEOUT_S (180) seconds, so the benchmark stops by itself.
 * Run: npx ts-node --transpile-only bench/hostile-uploads.ts. `BENCH_PHASES=4,6` runs only those
 * phases (numbered from 1 in the order below); `BENCH_SERVER_NODE_OPTIONS` is handed to the server.
 */
const PHASE_TIMEOUT_MS = Number(process.env.PHASE_TIMEOUT_S ?? 180) * 1000;
const PROBE_INTERVAL_MS = 25;
const TARGET_P99_MS = 100;
const TARGET_RSS_MIB = 1024;

interface Phase {
  name: string;
  /** Sends the upload(s); answers what came back, e.g. "202" or "413 IMPORT_FILE_TOO_LARGE". */
  send(world: LoadWorld): Promise<string>;
}

const rssMiB = (pid: number, field: "VmRSS" | "VmHWM"): number =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

async function post(world: LoadWorld, body: FormData | string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${world.server.url}/api/certificates/bulk`, {
    method: "POST",
    headers: { authorization: `Bearer ${world.api.token}`, ...headers },
    body,
    signal: AbortSignal.timeout(PHASE_TIMEOUT_MS),
  });
  const answer = (await response.json().catch(() => ({}))) as { error?: { code?: string }; accepted?: number };
  return `${response.status} ${answer.error?.code ?? `accepted ${answer.accepted}`}`;
}

function file(bytes: Uint8Array, name: string): FormData {
  const form = new FormData();
  form.set("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  return form;
}

const graduatesSheet = (prefix: string, rows: number) => {
  const graduates = fixtureGraduates();
  return [
    [...GRADUATE_COLUMNS],
    ...Array.from({ length: rows }, (_, i) =>
      graduateCells({ ...(graduates[i % graduates.length] as CredentialSubject), identifier: `${prefix}-${i}` }),
    ),
  ];
};

/** 80 JSON bodies of 19.8 MB at once: 50,000 certificates each (about 15 MB), padded with spaces. */
async function concurrentJsonBodies(world: LoadWorld): Promise<string> {
  const json = JSON.stringify({ certificates: issueRequests("BENCH-JSON", 50_000) });
  const body = json.slice(0, -1) + " ".repeat(19_800_000 - json.length) + "}";
  const answers = await Promise.all(
    Array.from({ length: 80 }, () =>
      post(world, body, { "content-type": "application/json" }).catch((error: Error) => `failed: ${error.message}`),
    ),
  );
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  return [...counts].map(([answer, count]) => `${count} x ${answer}`).join("; ");
}

/** Probes health and verification until `done` settles; samples the server's RSS. */
async function measure(world: LoadWorld, done: Promise<string>) {
  let finished = false;
  const settled = done.finally(() => (finished = true));
  const health: number[] = [];
  let slowProbes = 0;
  let verified = 0;
  let verifyFailures = 0;
  let peakRss = 0;
  const credential = world.pool[0]?.credential;
  const probe = async () => {
    while (!finished) {
      const started = performance.now();
      try {
        const response = await fetch(`${world.server.url}/api/health`, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        health.push(performance.now() - started);
      } catch {
        slowProbes += 1;
        health.push(1000);
      }
      peakRss = Math.max(peakRss, rssMiB(world.server.pid(), "VmRSS"));
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, PROBE_INTERVAL_MS - (performance.now() - started))),
      );
    }
  };
  const verify = async () => {
    while (!finished) {
      try {
        const response = await fetch(`${world.server.url}/api/verify`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ credential }),
          signal: AbortSignal.timeout(5000),
        });
        const answer = (await response.json()) as { verdict?: string };
        if (response.status === 200 && answer.verdict === "VALID") verified += 1;
        else verifyFailures += 1;
      } catch {
        verifyFailures += 1;
      }
    }
  };
  const started = performance.now();
  const [outcome] = await Promise.all([settled, probe(), verify()]);
  const seconds = (performance.now() - started) / 1000;
  const sorted = health.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    outcome,
    seconds,
    probes: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    slowProbes,
    verified,
    verifyFailures,
    peakRss,
  };
}

async function main(): Promise<void> {
  const [csv, xlsx, bomb, grid] = [
    csvFile(graduatesSheet("BENCH-CSV", 50_000)),
    await xlsxFile(graduatesSheet("BENCH-XLSX", 50_000)),
    await numericCellBomb(30_000_000),
    await numericGrid(20_000, 100),
  ];
  // Hostile files first, on a quiet server; then the files that issue 50,000 certificates each, whose
  // anchoring goes on while the next phases run.
  const phases: Phase[] = [
    {
      name: `XLSX zip bomb: 30 M numeric cells (${(bomb.length / 1e6).toFixed(2)} MB)`,
      send: (world) => post(world, file(bomb, "graduates.xlsx")),
    },
    {
      name: "the same bomb, its zip declaring 1 KB",
      send: (world) => post(world, file(declaringSize(bomb, BOMB_SHEET, 1000), "graduates.xlsx")),
    },
    {
      name: `XLSX of 2 M small cells (${(grid.length / 1e6).toFixed(1)} MB)`,
      send: (world) => post(world, file(grid, "graduates.xlsx")),
    },
    {
      name: `50,000-row CSV (${(csv.length / 1e6).toFixed(1)} MB)`,
      send: (world) => post(world, file(csv, "graduates.csv")),
    },
    {
      name: `50,000-row XLSX (${(xlsx.length / 1e6).toFixed(1)} MB)`,
      send: (world) => post(world, file(xlsx, "graduates.xlsx")),
    },
    { name: "80 concurrent JSON bodies of 19.8 MB", send: concurrentJsonBodies },
  ];
  const chosen = process.env.BENCH_PHASES?.split(",");
  const world = await startLoadWorld(
    10,
    process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {},
  );
  const rows: Record<string, string>[] = [];
  let pass = true;
  try {
    for (const [index, phase] of phases.entries()) {
      if (chosen && !chosen.includes(String(index + 1))) continue;
      const figures = await measure(world, phase.send(world));
      const ok =
        figures.p99 <= TARGET_P99_MS &&
        figures.verified > 0 &&
        figures.verifyFailures === 0 &&
        figures.peakRss <= TARGET_RSS_MIB;
      pass &&= ok;
      rows.push({
        upload: phase.name,
        answer: figures.outcome,
        seconds: figures.seconds.toFixed(1),
        "health p50/p99/max ms": `${figures.p50.toFixed(1)} / ${figures.p99.toFixed(1)} / ${figures.max.toFixed(0)}`,
        "probes (over 1 s)": `${figures.probes} (${figures.slowProbes})`,
        "verifications ok / failed": `${figures.verified} / ${figures.verifyFailures}`,
        "peak RSS MiB": figures.peakRss.toFixed(0),
        targets: ok ? "PASS" : "FAIL",
      });
    }
    console.table(rows);
    console.log(`server peak RSS over the whole run (VmHWM): ${rssMiB(world.server.pid(), "VmHWM").toFixed(0)} MiB`);
    console.log(
      `targets: health p99 <= ${TARGET_P99_MS} ms, every verification answered VALID, server RSS <= ${TARGET_RSS_MIB} MiB: ${pass ? "PASS" : "FAIL"}`,
    );
    console.log(
      `node ${process.version}; server in its own process (production limits), local Hardhat node, loopback only`,
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    await world.stop();
  }
}

void main();
