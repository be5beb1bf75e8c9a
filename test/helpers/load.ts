import { readFileSync } from "node:fs";
import { openDatabase } from "../../server/db/database";
import { accreditUniversity, startTestChain } from "./chain";
import type { TestChain } from "./chain";
import { issueRequests } from "./graduates";
import { apiCall, boundApi, confirmedCertificate, eventually, signIn } from "./server";
import type { Api } from "./server";
import { prepareServerProcess } from "./server-process";
import type { ServerProcess } from "./server-process";

/** A confirmed certificate, in the three forms a verifier receives it. */
interface IssuedCertificate {
  id: string;
  verifierUrl: string;
  shortCode: string;
  credential: unknown;
}

/** A real server process on a local node, with a pool of confirmed certificates to verify. */
export interface LoadWorld {
  chain: TestChain;
  server: ServerProcess;
  /** The registrar's calls. */
  api: Api;
  pool: IssuedCertificate[];
  stop(): Promise<void>;
}

export async function startLoadWorld(poolSize: number, env: Record<string, string> = {}): Promise<LoadWorld> {
  const chain = await startTestChain();
  const university = await accreditUniversity(chain);
  const email = "registrar@load.example";
  const server = await prepareServerProcess(chain, university, email, {
    TASDIQ_BATCH_SIZE: "500",
    TASDIQ_BATCH_MAX_AGE: "0.5",
    TASDIQ_LOG_LEVEL: "error",
    ...env,
  });
  await server.start();
  const api = boundApi(server.url, await signIn(server.url, email));
  const issued = (await api("POST", "/api/certificates/bulk", { certificates: issueRequests("LOAD-POOL", poolSize) }))
    .body.certificates as { id: string }[];
  // The record of an anchored certificate carries its credential, QR link and typed code.
  const pool: IssuedCertificate[] = await Promise.all(
    issued.map((certificate) => confirmedCertificate(api, certificate.id, 120_000)),
  );
  return {
    chain,
    server,
    api,
    pool,
    async stop() {
      await server.kill("SIGTERM");
      await chain.stop();
    },
  };
}

interface Operation {
  kind: string;
  weight: number;
  send(world: LoadWorld, n: number): Promise<{ status: number; body: any }>;
  /** Whether the answer is the right one. */
  ok(response: { status: number; body: any }): boolean;
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;
const verified = (response: { status: number; body: any }): boolean =>
  response.status === 200 && response.body.verdict === "VALID";

/** The traffic mix: employers verifying (JSON, QR link, typed code), browsers fetching, registrars issuing. */
const OPERATIONS: Operation[] = [
  {
    kind: "verify credential JSON",
    weight: 30,
    send: (w, n) => apiCall(w.server.url, "POST", "/api/verify", { credential: pick(w.pool, n).credential }),
    ok: verified,
  },
  {
    kind: "verify QR link",
    weight: 15,
    send: (w, n) => apiCall(w.server.url, "POST", "/api/verify", { url: pick(w.pool, n).verifierUrl }),
    ok: verified,
  },
  {
    kind: "verify typed code",
    weight: 10,
    send: (w, n) => apiCall(w.server.url, "POST", "/api/verify", { code: pick(w.pool, n).shortCode }),
    ok: verified,
  },
  {
    kind: "fetch encrypted credential",
    weight: 10,
    send: (w, n) => apiCall(w.server.url, "GET", `/api/public/credentials/${pick(w.pool, n).id}`),
    ok: (r) => r.status === 200,
  },
  {
    kind: "issue one",
    weight: 20,
    send: (w, n) => w.api("POST", "/api/certificates", issueRequests("LOAD-ONE", 1, n)[0]),
    ok: (r) => r.status === 202,
  },
  {
    kind: "issue 10 in bulk",
    weight: 5,
    send: (w, n) => w.api("POST", "/api/certificates/bulk", { certificates: issueRequests("LOAD-BULK", 10, n * 10) }),
    ok: (r) => r.status === 202,
  },
  {
    kind: "search certificates",
    weight: 10,
    send: (w, n) => w.api("GET", `/api/certificates?limit=20&q=LOAD-ONE-${n % 100}`),
    ok: (r) => r.status === 200,
  },
];
const SCHEDULE = OPERATIONS.flatMap((operation) => Array<Operation>(operation.weight).fill(operation));

export interface LoadOptions {
  /**
   * Traffic before measuring, so memory is compared in the steady state: the server's heap grows
   * until V8's first major collection shrinks it (RSS falls well below its peak), some 15 s at
   * full speed. The warm-up lasts at least `warmupMs` and until then, or `warmupMaxMs` at most.
   */
  warmupMs: number;
  warmupMaxMs: number;
  durationMs: number;
  /** The run also stops after this many measured requests. */
  maxRequests: number;
  concurrency: number;
}

export interface LoadFigures {
  warmupSeconds: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  byKind: { kind: string; requests: number; p50Ms: number; p99Ms: number }[];
  errors: number;
  firstErrors: string[];
  /** The server's lowest RSS in the first and in the last quarter of the measured traffic, and its highest. */
  rssBeforeMiB: number;
  rssAfterMiB: number;
  rssPeakMiB: number;
  certificatesIssued: number;
  /** From the end of the traffic until every certificate issued under load was confirmed. */
  anchoringTailSeconds: number;
}

/** RSS this far under its peak means the heap was collected and shrunk. */
const COLLECTED = 0.9;

/** Resident memory of a process, from /proc (Linux). */
function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

/** The RSS of `pid` sampled every 250 ms until `stop()`, in MiB. */
function rssSampler(pid: number): { samples: number[]; stop(): number[] } {
  const samples = [rssMiB(pid)];
  const timer = setInterval(() => samples.push(rssMiB(pid)), 250);
  return {
    samples,
    stop() {
      clearInterval(timer);
      samples.push(rssMiB(pid));
      return samples;
    },
  };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * Numbers the requests across every phase of a run: an operation issues identifiers from its number,
 * and issuing the same student's award twice is refused as a duplicate.
 */
let requestNumber = 0;

/** `concurrency` clients sending the mix in a loop until `until()`; returns each request's kind and latency. */
async function traffic(world: LoadWorld, concurrency: number, until: (sent: number) => boolean, errors: string[]) {
  const samples: { kind: string; ms: number }[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!until(sent)) {
        sent += 1;
        const n = requestNumber++;
        const operation = pick(SCHEDULE, n * 7919);
        const start = performance.now();
        const response = await operation.send(world, n).catch((error: unknown) => ({ status: 0, body: String(error) }));
        samples.push({ kind: operation.kind, ms: performance.now() - start });
        if (!operation.ok(response))
          errors.push(`${operation.kind}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    }),
  );
  return samples;
}

/**
 * Sustained issuance and verification traffic on loopback, bounded in time and count: throughput,
 * latency percentiles overall and per kind, errors, and the server's memory before and after.
 */
export async function runLoad(world: LoadWorld, options: LoadOptions): Promise<LoadFigures> {
  const errors: string[] = [];
  const pid = world.server.pid();
  const warmupStart = performance.now();
  const warmup = rssSampler(pid);
  let collectedAt: number | undefined;
  // Two more seconds once the collection is seen, for the heap to finish shrinking.
  await traffic(
    world,
    options.concurrency,
    () => {
      const now = performance.now();
      if ((warmup.samples.at(-1) ?? 0) < COLLECTED * Math.max(...warmup.samples)) collectedAt ??= now;
      const steady = collectedAt !== undefined && now - collectedAt >= 2000;
      return now - warmupStart >= options.warmupMaxMs || (now - warmupStart >= options.warmupMs && steady);
    },
    errors,
  );
  warmup.stop();
  const warmupSeconds = (performance.now() - warmupStart) / 1000;

  const memory = rssSampler(pid);
  const start = performance.now();
  const end = start + options.durationMs;
  const samples = await traffic(
    world,
    options.concurrency,
    (sent) => sent >= options.maxRequests || performance.now() >= end,
    errors,
  );
  const seconds = (performance.now() - start) / 1000;
  // The floor of the first and of the last quarter: what the heap keeps, whatever the GC sawtooth.
  const rss = memory.stop();
  const quarter = Math.max(1, Math.floor(rss.length / 4));
  const rssBeforeMiB = Math.min(...rss.slice(0, quarter));
  const rssAfterMiB = Math.min(...rss.slice(-quarter));
  const rssPeakMiB = Math.max(...rss);

  const tailStart = performance.now();
  const db = openDatabase(world.server.dbFile);
  let certificatesIssued = 0;
  try {
    await eventually(
      () =>
        (db.prepare("SELECT COUNT(*) FROM certificates WHERE status != 'confirmed'").pluck().get() as number) === 0
          ? true
          : undefined,
      300_000,
      "certificates issued under load confirmed",
    );
    certificatesIssued = (db.prepare("SELECT COUNT(*) FROM certificates").pluck().get() as number) - world.pool.length;
  } finally {
    db.close();
  }
  const sortedMs = (kind?: string) =>
    samples
      .filter((s) => kind === undefined || s.kind === kind)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
  const all = sortedMs();
  return {
    warmupSeconds,
    requests: samples.length,
    seconds,
    perSecond: samples.length / seconds,
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    byKind: OPERATIONS.map(({ kind }) => {
      const ms = sortedMs(kind);
      return { kind, requests: ms.length, p50Ms: percentile(ms, 0.5), p99Ms: percentile(ms, 0.99) };
    }),
    errors: errors.length,
    firstErrors: errors.slice(0, 10),
    rssBeforeMiB,
    rssAfterMiB,
    rssPeakMiB,
    certificatesIssued,
    anchoringTailSeconds: (performance.now() - tailStart) / 1000,
  };
}

/** The figures as rows for printing. */
export function loadFigureRows(figures: LoadFigures, options: LoadOptions): Record<string, string> {
  const growth = (figures.rssAfterMiB / figures.rssBeforeMiB - 1) * 100;
  return {
    traffic: `${options.concurrency} concurrent clients on loopback, ${figures.warmupSeconds.toFixed(1)} s warm-up (to the first major GC), then ${figures.seconds.toFixed(1)} s measured`,
    "requests measured": figures.requests.toLocaleString("en"),
    throughput: `${figures.perSecond.toFixed(0)} requests/s`,
    "latency p50 / p99 (all kinds)": `${figures.p50Ms.toFixed(1)} ms / ${figures.p99Ms.toFixed(1)} ms`,
    ...Object.fromEntries(
      figures.byKind.map((k) => [
        `  ${k.kind}`,
        `${k.requests.toLocaleString("en")} requests, p50 ${k.p50Ms.toFixed(1)} ms, p99 ${k.p99Ms.toFixed(1)} ms`,
      ]),
    ),
    "errors (wrong status or verdict)": String(figures.errors),
    "server RSS floor, first → last quarter of the traffic (peak)": `${figures.rssBeforeMiB.toFixed(0)} → ${figures.rssAfterMiB.toFixed(0)} MiB (${growth >= 0 ? "+" : ""}${growth.toFixed(1)} %; peak ${figures.rssPeakMiB.toFixed(0)} MiB)`,
    "certificates issued under load, all anchored": `${figures.certificatesIssued.toLocaleString("en")} (last confirmed ${figures.anchoringTailSeconds.toFixed(1)} s after the traffic)`,
  };
}
