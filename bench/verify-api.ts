import { accreditUniversity, startTestChain } from "../test/helpers/chain";
import { fixtureGraduates } from "../test/helpers/graduates";
import { PASSWORD, apiCall, eventually } from "../test/helpers/server";
import { prepareServerProcess } from "../test/helpers/server-process";

/**
 * Verifications per second through `POST /api/verify` on a real server process against a local
 * Hardhat node: 1,000 different certificates of one batch, posted as JSON by 32 concurrent clients.
 * Each verification reads the certificate's status from the chain; institution data is cached.
 * Run: npm run bench:verify-api
 */
const CERTIFICATES = 1000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const CONCURRENCY = 32;

async function main(): Promise<void> {
  const chain = await startTestChain();
  const university = await accreditUniversity(chain);
  const server = await prepareServerProcess(chain, university, "registrar@bench.example", { TASDIQ_BATCH_SIZE: "1000", TASDIQ_LOG_LEVEL: "error" });
  await server.start();
  const { body } = await apiCall(server.url, "POST", "/api/auth/login", { email: "registrar@bench.example", password: PASSWORD });
  const auth = { authorization: `Bearer ${body.token}` };
  const graduates = fixtureGraduates();
  const certificates = Array.from({ length: CERTIFICATES }, (_, i) => ({ subject: { ...graduates[i % graduates.length], identifier: `VERIFY-${i}` } }));
  const issued = (await apiCall(server.url, "POST", "/api/certificates/bulk", { certificates }, auth)).body.certificates as { id: string }[];
  const credentials = await Promise.all(
    issued.map((c) =>
      eventually(async () => {
        const record = (await apiCall(server.url, "GET", `/api/certificates/${c.id}`, undefined, auth)).body;
        return record.status === "confirmed" ? record.credential : undefined;
      }, 120_000),
    ),
  );

  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const credential = credentials[next++ % credentials.length];
        const t = performance.now();
        const response = await apiCall(server.url, "POST", "/api/verify", { credential });
        latencies.push(performance.now() - t);
        if (response.status !== 200 || response.body.verdict !== "VALID") errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await server.kill("SIGTERM");
  await chain.stop();
  latencies.sort((a, b) => a - b);
  const at = (q: number): string => `${(latencies[Math.floor(q * (latencies.length - 1))] ?? 0).toFixed(1)} ms`;
  const rate = REQUESTS / seconds;
  console.table([
    { what: "requests", value: REQUESTS.toLocaleString("en") },
    { what: "verifications per second", value: `${rate.toFixed(0)} /s (target ≥ 500/s: ${rate >= 500 ? "PASS" : "FAIL"})` },
    { what: "latency median / p99", value: `${at(0.5)} / ${at(0.99)}` },
    { what: "errors or non-VALID verdicts", value: String(errors) },
  ]);
  console.log(`node ${process.version}; ${CONCURRENCY} concurrent clients in the benchmark process; server in its own process`);
}

void main();
