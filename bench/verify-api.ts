import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { accreditUniversity, startTestChain } from "../test/helpers/chain";
import { fixtureGraduates } from "../test/helpers/graduates";
import { PASSWORD, apiCall, eventually } from "../test/helpers/server";
import { prepareServerProcess } from "../test/helpers/server-process";

/**
 * The anonymous routes under load, on a real server process against a local Hardhat node, with
 * 1,000 different certificates of one batch; every phase is bounded and stops by itself:
 * - `POST /api/verify` with credentials as JSON, 32 concurrent clients, a fixed number of requests;
 * - `POST /api/verify` with QR links, 200 concurrent clients for 20 s;
 * - `GET /api/public/credentials/:id`, 64 concurrent clients for 10 s.
 * All clients share 127.0.0.1, so the per-address rate is raised (the test servers' setting); the
 * cap on verifications at once keeps its default. Each verification reads the certificate's status
 * from the chain; institution data is cached. Run: npm run bench:verify-api
 *
 * The measured requests go through node:http with keep-alive connections, one per client: `fetch`
 * costs the benchmark process several times more CPU per request, CPU the server then lacks on a
 * small machine. `BENCH_PHASES=json,qr,get` picks phases; `BENCH_SERVER_NODE_OPTIONS` is handed to
 * the server process (e.g. `--require` of a script that starts the inspector's profiler; `--cpu-prof`
 * is refused in NODE_OPTIONS). Each phase also reports the CPU time the server process and the
 * benchmark's own clients spent per request, which other work on the machine skews far less. A last
 * control phase puts the QR phase's load on a plain node:http server (see `controlPhase`).
 */
const CERTIFICATES = 1000;
const JSON_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);

type Answer = Awaited<ReturnType<typeof apiCall>>;

/**
 * Each phase opens its own connections: a connection left idle by the previous phase may be closed
 * by the server (its keep-alive timeout) just as a request is sent on it, an error of the harness.
 */
let agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One request on a kept-alive connection; the answer's JSON parsed. */
function call(base: string, method: string, pathname: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const sent = request(
      `${base}${pathname}`,
      {
        method,
        agent,
        headers:
          payload === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
        response.on("error", reject);
      },
    );
    sent.on("error", reject);
    sent.end(payload);
  });
}

interface Phase {
  name: string;
  clients: number;
  /** The phase ends after this many requests or this long, whichever comes first. */
  requests: number;
  durationMs: number;
  send(n: number): Promise<Answer>;
  ok(response: Answer): boolean;
  target: { perSecond: number; p99Ms: number };
}

/** `clients` concurrent clients sending until the phase's bound; throughput, latency percentiles and errors. */
/** CPU seconds a process has used (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number): number | undefined {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 Hz).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function measure(phase: Phase, serverPid: number): Promise<Record<string, string>> {
  agent.destroy();
  agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const serverCpu = cpuSeconds(serverPid);
  const ownCpu = process.cpuUsage();
  const latencies: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const started = performance.now();
  const end = started + phase.durationMs;
  await Promise.all(
    Array.from({ length: phase.clients }, async () => {
      while (next < phase.requests && performance.now() < end) {
        const n = next++;
        const t = performance.now();
        const response = await phase.send(n).catch((error: unknown) => ({ status: 0, body: String(error) }));
        latencies.push(performance.now() - t);
        if (!phase.ok(response)) errors.push(`${response.status} ${JSON.stringify(response.body).slice(0, 120)}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const serverCpuAfter = cpuSeconds(serverPid);
  const own = process.cpuUsage(ownCpu);
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const rate = latencies.length / seconds;
  const pass = rate >= phase.target.perSecond && at(0.99) <= phase.target.p99Ms && errors.length === 0;
  return {
    phase: phase.name,
    clients: String(phase.clients),
    requests: `${latencies.length.toLocaleString("en")} in ${seconds.toFixed(1)} s`,
    "per second": rate.toFixed(0),
    "p50 / p99": `${at(0.5).toFixed(1)} / ${at(0.99).toFixed(1)} ms`,
    // CPU per request depends far less on the other work of the machine than rates and latencies.
    "CPU ms/request server / clients": `${
      serverCpu === undefined || serverCpuAfter === undefined
        ? "n/a"
        : (((serverCpuAfter - serverCpu) * 1000) / latencies.length).toFixed(2)
    } / ${((own.user + own.system) / 1000 / latencies.length).toFixed(2)}`,
    errors: errors.length === 0 ? "0" : `${errors.length} (first: ${errors[0]})`,
    target: `≥ ${phase.target.perSecond}/s, p99 ≤ ${phase.target.p99Ms} ms, 0 errors: ${pass ? "PASS" : "FAIL"}`,
  };
}

/** CPU a control request costs the plain server: about what one QR verification costs Tasdiq's. */
const CONTROL_CPU_MS = Number(process.env.BENCH_CONTROL_CPU_MS ?? 2);

/**
 * The QR phase's load (200 clients, 20 s) against a plain node:http server that spends
 * CONTROL_CPU_MS of CPU on each request: what this machine, these clients and Node's HTTP handling
 * give at that concurrency whatever the server does, so the QR figures can be read against it.
 */
async function controlPhase(): Promise<Record<string, string>> {
  const plain = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q, r) => { q.resume(); q.on("end", () => {
        const until = performance.now() + ${CONTROL_CPU_MS};
        while (performance.now() < until);
        r.setHeader("content-type", "application/json"); r.end('{"verdict":"VALID"}');
      }); }).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const port = await new Promise<string>((resolve) =>
      plain.stdout.once("data", (data: Buffer) => resolve(data.toString().trim())),
    );
    return await measure(
      {
        name: `control: plain node:http, ${CONTROL_CPU_MS} ms CPU each`,
        clients: 200,
        requests: Infinity,
        durationMs: 20_000,
        send: () => call(`http://127.0.0.1:${port}`, "POST", "/", { url: "x" }),
        ok: (r: Answer) => r.status === 200,
        target: { perSecond: 0, p99Ms: 500 },
      },
      plain.pid ?? 0,
    );
  } finally {
    plain.kill();
  }
}

/** Stops the server and the node; a failed setup must not leave them running. */
let stopAll: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const chain = await startTestChain();
  const university = await accreditUniversity(chain);
  const server = await prepareServerProcess(chain, university, "registrar@bench.example", {
    TASDIQ_BATCH_SIZE: "1000",
    TASDIQ_LOG_LEVEL: "error",
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
  });
  const phases = new Set((process.env.BENCH_PHASES ?? "json,qr,get,control").split(","));
  await server.start();
  stopAll = async () => {
    await server.kill("SIGTERM");
    await chain.stop();
  };
  const { body } = await apiCall(server.url, "POST", "/api/auth/login", {
    email: "registrar@bench.example",
    password: PASSWORD,
  });
  const auth = { authorization: `Bearer ${body.token}` };
  const graduates = fixtureGraduates();
  const certificates = Array.from({ length: CERTIFICATES }, (_, i) => ({
    subject: { ...graduates[i % graduates.length], identifier: `VERIFY-${i}` },
  }));
  const issued = (await apiCall(server.url, "POST", "/api/certificates/bulk", { certificates }, auth)).body
    .certificates as { id: string }[];
  // One batch: once its last certificate is confirmed, all are; then the records, a few at a time
  // (a thousand polls at once only measure the setup's own congestion).
  const recordOf = async (id: string) =>
    (await apiCall(server.url, "GET", `/api/certificates/${id}`, undefined, auth)).body as {
      id: string;
      status: string;
      credential: unknown;
      verifierUrl: string;
    };
  await eventually(
    async () => ((await recordOf((issued.at(-1) as { id: string }).id)).status === "confirmed" ? true : undefined),
    120_000,
  );
  const records: Awaited<ReturnType<typeof recordOf>>[] = [];
  for (let i = 0; i < issued.length; i += 25)
    records.push(...(await Promise.all(issued.slice(i, i + 25).map((c) => recordOf(c.id)))));
  if (records.some((r) => r.status !== "confirmed")) throw new Error("a certificate of the batch is not confirmed");
  const record = (n: number) => records[n % records.length] as (typeof records)[number];
  const valid = (response: Answer): boolean => response.status === 200 && response.body.verdict === "VALID";

  const rows = [];
  // Other processes on the machine skew every figure: the load average says how much.
  const loadBefore = loadavg()[0] ?? 0;
  try {
    for (const phase of [
      {
        key: "json",
        name: "POST /api/verify, credential JSON",
        clients: 32,
        requests: JSON_REQUESTS,
        durationMs: 60_000,
        send: (n: number) => call(server.url, "POST", "/api/verify", { credential: record(n).credential }),
        ok: valid,
        target: { perSecond: 500, p99Ms: 500 },
      },
      {
        key: "qr",
        name: "POST /api/verify, QR link",
        clients: 200,
        requests: Infinity,
        durationMs: 20_000,
        send: (n: number) => call(server.url, "POST", "/api/verify", { url: record(n).verifierUrl }),
        ok: valid,
        target: { perSecond: 0, p99Ms: 500 },
      },
      {
        key: "get",
        name: "GET /api/public/credentials/:id",
        clients: 64,
        requests: Infinity,
        durationMs: 10_000,
        send: (n: number) => call(server.url, "GET", `/api/public/credentials/${record(n).id}`),
        ok: (r: Answer) => r.status === 200,
        target: { perSecond: 2000, p99Ms: 200 },
      },
    ] satisfies (Phase & { key: string })[]) {
      if (phases.has(phase.key)) rows.push(await measure(phase, server.pid()));
    }
    if (phases.has("control")) rows.push(await controlPhase());
  } finally {
    agent.destroy();
    const stop = stopAll;
    stopAll = undefined;
    await stop?.();
  }
  console.table(rows);
  console.log(
    `node ${process.version}; clients in the benchmark process, server in its own process, local Hardhat node; ${CERTIFICATES.toLocaleString("en")} certificates of one batch`,
  );
  console.log(
    `load average (1 min) ${loadBefore.toFixed(1)} before the phases, ${(loadavg()[0] ?? 0).toFixed(1)} after`,
  );
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll?.();
  process.exit(1);
});
