import { readFileSync } from "node:fs";
import { hexlify, randomBytes } from "ethers";
import { unzipSync } from "fflate";
import { accreditUniversity, startTestChain } from "../test/helpers/chain";
import { fixtureGraduates } from "../test/helpers/graduates";
import { PASSWORD, apiCall, eventually } from "../test/helpers/server";
import { prepareServerProcess } from "../test/helpers/server-process";
import { openDatabase } from "../server/db/database";
import { buildServer } from "../scripts/lib/server-build";

/**
 * End-to-end issuance throughput: 10,000 certificates posted to a real server process (JSON bulk
 * requests of 1,000), signed, anchored on a local Hardhat node and confirmed; peak RSS of the server
 * process; then every certificate's PDF, downloaded as one zip per batch (rendered on the server's
 * worker threads); and, for comparison, a naive design sending one anchoring transaction per certificate.
 * Run: npm run bench:issuance
 */
const TOTAL = Number(process.env.BENCH_CERTIFICATES ?? 10_000);
const REQUEST_SIZE = 1_000;
const NAIVE_SAMPLE = 200;

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

async function main(): Promise<void> {
  const chain = await startTestChain();
  const university = await accreditUniversity(chain);
  const server = await prepareServerProcess(chain, university, "registrar@bench.example", {
    TASDIQ_BATCH_SIZE: "5000",
    TASDIQ_BATCH_MAX_AGE: "0.5",
    TASDIQ_LOG_LEVEL: "error",
  });
  await buildServer(); // compiled beforehand, so that the start below is the server's own
  const starting = performance.now();
  await server.start();
  const startMs = performance.now() - starting;
  const { body } = await apiCall(server.url, "POST", "/api/auth/login", {
    email: "registrar@bench.example",
    password: PASSWORD,
  });
  const auth = { authorization: `Bearer ${body.token}` };
  const graduates = fixtureGraduates();

  const started = performance.now();
  for (let offset = 0; offset < TOTAL; offset += REQUEST_SIZE) {
    const certificates = Array.from({ length: Math.min(REQUEST_SIZE, TOTAL - offset) }, (_, i) => ({
      subject: { ...graduates[(offset + i) % graduates.length], identifier: `BENCH-${offset + i}` },
    }));
    const response = await apiCall(server.url, "POST", "/api/certificates/bulk", { certificates }, auth);
    if (response.status !== 202) throw new Error(`bulk request failed: ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  const acceptedMs = performance.now() - started;
  const db = openDatabase(server.dbFile);
  await eventually(
    () =>
      (db.prepare("SELECT COUNT(*) FROM certificates WHERE status = 'confirmed'").pluck().get() as number) === TOTAL
        ? true
        : undefined,
    600_000,
    "all confirmed",
  );
  const totalMs = performance.now() - started;
  const batchIds = db.prepare("SELECT id FROM batches ORDER BY id").pluck().all() as number[];
  db.close();
  const issuedRss = peakRssMiB(server.pid());

  let pdfs = 0;
  let pdfBytes = 0;
  for (const batch of batchIds) {
    const response = await fetch(`${server.url}/api/batches/${batch}/pdfs.zip`, { headers: auth });
    if (response.status !== 200) throw new Error(`zip of batch ${batch}: ${response.status} ${await response.text()}`);
    const entries = Object.values(unzipSync(new Uint8Array(await response.arrayBuffer())));
    pdfs += entries.length;
    pdfBytes += entries.reduce((sum, pdf) => sum + pdf.length, 0);
  }
  if (pdfs !== TOTAL) throw new Error(`${pdfs} PDFs for ${TOTAL} certificates`);
  const withPdfsMs = performance.now() - started;
  const rss = peakRssMiB(server.pid());
  await server.kill("SIGTERM");

  // Naive: one anchoring transaction per certificate, sent and confirmed one after the other.
  const naiveStart = performance.now();
  for (let i = 0; i < NAIVE_SAMPLE; i++) {
    await (await chain.certificateRegistry.connect(university.operator).anchor(hexlify(randomBytes(32)), 1)).wait();
  }
  const naivePerSecond = NAIVE_SAMPLE / ((performance.now() - naiveStart) / 1000);
  await chain.stop();

  const perSecond = TOTAL / (totalMs / 1000);
  console.table([
    { what: "certificates", value: TOTAL.toLocaleString("en") },
    { what: "server start (process spawned to first health answer)", value: `${(startMs / 1000).toFixed(1)} s` },
    { what: "accepted by the API (all requests answered)", value: `${(acceptedMs / 1000).toFixed(1)} s` },
    { what: "issued and anchored, end to end", value: `${(totalMs / 1000).toFixed(1)} s` },
    {
      what: "throughput, end to end",
      value: `${perSecond.toFixed(0)} certificates/s (target ≥ 1,000/s without PDFs: ${perSecond >= 1000 ? "PASS" : "FAIL"})`,
    },
    { what: "batches (anchoring transactions)", value: String(batchIds.length) },
    { what: "server peak RSS, issuing", value: `${issuedRss.toFixed(0)} MiB` },
    {
      what: "PDFs rendered and downloaded (one zip per batch)",
      value: `${pdfs.toLocaleString("en")} in ${((withPdfsMs - totalMs) / 1000).toFixed(1)} s, mean ${(pdfBytes / pdfs / 1024).toFixed(1)} KB`,
    },
    {
      what: "issued, anchored and PDFs rendered, end to end",
      value: `${(withPdfsMs / 1000).toFixed(1)} s (target ≤ 120 s for 10,000: ${withPdfsMs <= 120_000 ? "PASS" : "FAIL"})`,
    },
    {
      what: "server peak RSS, PDFs included",
      value: `${rss.toFixed(0)} MiB (target ≤ 1,024 MiB: ${rss <= 1024 ? "PASS" : "FAIL"})`,
    },
    {
      what: `naive: one transaction per certificate (${NAIVE_SAMPLE} measured)`,
      value: `${naivePerSecond.toFixed(0)} certificates/s`,
    },
    { what: "batched / naive", value: `${(perSecond / naivePerSecond).toFixed(1)} x` },
  ]);
  console.log(
    `node ${process.version}; compiled server process (dist/) with batch size 5,000; local Hardhat node, 1 confirmation`,
  );
}

void main();
