import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { formatNumber, renderTable, verdict } from "./lib/table";
import type { Measurement } from "./peers/dataset";

/**
 * Tasdiq side by side with OpenAttestation (open-attestation `wrapDocuments`, oa-verify's offline
 * integrity check) and W3C Data Integrity (@digitalbazaar/vc with eddsa-rdfc-2022 and
 * ecdsa-rdfc-2019) on the same certificates. Every measurement runs in a child process of its own, so
 * its peak RSS is its own; the rounds interleave the systems (each round in a rotated order), and each
 * comparison is the median of the ratios taken within a round, so a busy machine slows both sides.
 * The peers are dev dependencies of bench/peers/ only, installed there on the first run.
 * Run: npm run bench:peers   (BENCH_PEERS_COUNT=10000 certificates, BENCH_PEERS_ROUNDS=3,
 * BENCH_PEERS_DI_COUNT=1000: Data Integrity canonicalises RDF for every credential, ~100× slower, so
 * by default it runs the first thousand of the same certificates and is compared per certificate.)
 * BENCH_PEERS_BASELINE=<another checkout of Tasdiq> adds that checkout's Tasdiq to the same rounds,
 * so a change to core is measured before and after in one run.
 */
const COUNT = Number(process.env.BENCH_PEERS_COUNT ?? 10_000);
const ROUNDS = Number(process.env.BENCH_PEERS_ROUNDS ?? 3);
const DI_COUNT = Math.min(COUNT, Number(process.env.BENCH_PEERS_DI_COUNT ?? 1_000));
const PEERS = path.join(__dirname, "peers");

const BASELINE = process.env.BENCH_PEERS_BASELINE;

interface Workload {
  key: string;
  system: string;
  task: string;
  /** Absolute path of the measuring child. */
  script: string;
  args: string[];
  count: number;
}

const TASDIQ = path.join(__dirname, "peers-tasdiq.ts");
const OA = path.join(PEERS, "open-attestation.ts");
const DI = path.join(PEERS, "data-integrity.ts");
const EDDSA = "Data Integrity eddsa-rdfc-2022";
const ECDSA = "Data Integrity ecdsa-rdfc-2019";

/** Tasdiq's three measurements, of this checkout or of another one's bench/peers-tasdiq.ts. */
const tasdiqWorkloads = (prefix: string, system: string, script: string): Workload[] => [
  { key: `${prefix}-build`, system, task: "build a batch", script, args: ["build"], count: COUNT },
  {
    key: `${prefix}-uncached`,
    system,
    task: "verify, new batch signature each",
    script,
    args: ["verify-uncached"],
    count: COUNT,
  },
  { key: `${prefix}-cached`, system, task: "verify, one batch", script, args: ["verify-cached"], count: COUNT },
];

const workloads: Workload[] = [
  ...tasdiqWorkloads("tasdiq", "Tasdiq", TASDIQ),
  ...(BASELINE === undefined
    ? []
    : tasdiqWorkloads("baseline", "Tasdiq baseline", path.join(path.resolve(BASELINE), "bench", "peers-tasdiq.ts"))),
  {
    key: "oa-build",
    system: "OpenAttestation",
    task: "build a batch (wrapDocuments)",
    script: OA,
    args: ["build"],
    count: COUNT,
  },
  {
    key: "oa-verify",
    system: "OpenAttestation",
    task: "verify (schema + integrity)",
    script: OA,
    args: ["verify"],
    count: COUNT,
  },
  { key: "eddsa-sign", system: EDDSA, task: "sign each", script: DI, args: ["eddsa", "sign"], count: DI_COUNT },
  { key: "eddsa-verify", system: EDDSA, task: "verify", script: DI, args: ["eddsa", "verify"], count: DI_COUNT },
  { key: "ecdsa-sign", system: ECDSA, task: "sign each", script: DI, args: ["ecdsa", "sign"], count: DI_COUNT },
  { key: "ecdsa-verify", system: ECDSA, task: "verify", script: DI, args: ["ecdsa", "verify"], count: DI_COUNT },
];

/** Installs the peers from bench/peers/package-lock.json when a fresh clone has none. */
function ensurePeers(): void {
  const manifest = JSON.parse(readFileSync(path.join(PEERS, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const missing = Object.keys(manifest.devDependencies).filter(
    (name) => !existsSync(path.join(PEERS, "node_modules", name, "package.json")),
  );
  if (missing.length === 0) return;
  console.error(`installing the peers into bench/peers (missing: ${missing.join(", ")})`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const install = spawnSync(npm, ["ci", "--prefix", PEERS, "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (install.status !== 0) throw new Error("npm ci --prefix bench/peers failed");
}

function measure(workload: Workload): Measurement {
  const child = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", workload.script, ...workload.args],
    {
      encoding: "utf8",
      env: { ...process.env, BENCH_PEERS_COUNT: String(workload.count) },
      maxBuffer: 1 << 20,
    },
  );
  const last = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status !== 0 || !last.startsWith("{")) {
    throw new Error(`${workload.key} failed (${child.status}):\n${child.stderr}`);
  }
  return JSON.parse(last) as Measurement;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const perCertificateUs = (m: Measurement): number => (m.ms * 1000) / m.operations;

function main(): void {
  ensurePeers();
  const runs = new Map<string, Measurement[]>(workloads.map((w) => [w.key, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...workloads.slice(round % workloads.length), ...workloads.slice(0, round % workloads.length)];
    for (const workload of order) {
      const result = measure(workload);
      runs.get(workload.key)?.push(result);
      console.error(
        `round ${round + 1}/${ROUNDS} ${workload.key}: ${result.ms.toFixed(0)} ms for ${result.operations}, peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
      );
    }
  }
  const of = (key: string): Measurement[] => runs.get(key) ?? [];
  /** The median over rounds of a ratio taken within each round. */
  const ratio = (a: string, b: string, value: (m: Measurement) => number): number =>
    median(of(a).map((m, round) => value(m) / value(of(b)[round] as Measurement)));

  console.log(
    renderTable({
      title: `bench:peers — medians of ${ROUNDS} interleaved rounds, ${new Date().toISOString().slice(0, 10)}`,
      columns: [
        { header: "system" },
        { header: "task" },
        { header: "certificates", align: "right" },
        { header: "time", align: "right" },
        { header: "per certificate", align: "right" },
        { header: "per second", align: "right" },
        { header: "peak RSS", align: "right" },
      ],
      rows: workloads.map((w) => {
        const ms = median(of(w.key).map((m) => m.ms));
        const us = median(of(w.key).map(perCertificateUs));
        return [
          w.system,
          w.task,
          formatNumber(median(of(w.key).map((m) => m.operations))),
          `${formatNumber(Math.round(ms))} ms`,
          `${us.toFixed(1)} µs`,
          formatNumber(Math.round(1e6 / us)),
          `${median(of(w.key).map((m) => m.peakRssMiB)).toFixed(0)} MiB`,
        ];
      }),
      notes: [
        `Node ${process.version}; ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} at the end; each measurement a child process under ts-node (transpile only), peak RSS of the whole child.`,
        "Offline verification: Tasdiq runs FORMAT, INTEGRITY, MERKLE_PROOF and recovers the batch signer; OpenAttestation validates the schema and checks the target hash and Merkle proof; Data Integrity canonicalises and checks the signature. Chain and DNS checks are left out for all.",
      ],
    }),
  );
  const buildTime = ratio("tasdiq-build", "oa-build", (m) => m.ms);
  const buildRss = ratio("tasdiq-build", "oa-build", (m) => m.peakRssMiB);
  const uncached = ratio("tasdiq-uncached", "oa-verify", perCertificateUs);
  const cachedRate = 1e6 / median(of("tasdiq-cached").map(perCertificateUs));
  const row = (what: string, value: string, target: string, pass?: boolean): string[] => [
    what,
    value,
    target,
    pass === undefined ? "" : verdict(pass),
  ];
  console.log(
    "\n" +
      renderTable({
        title: "Ratios (median of the per-round ratios)",
        columns: [{ header: "comparison" }, { header: "value", align: "right" }, { header: "target" }, { header: "" }],
        rows: [
          row("batch build time, Tasdiq / OpenAttestation", buildTime.toFixed(2), "≤ 0.25", buildTime <= 0.25),
          row("batch build peak RSS, Tasdiq / OpenAttestation", buildRss.toFixed(2), "≤ 1", buildRss <= 1),
          row("uncached verification, Tasdiq / OpenAttestation", uncached.toFixed(2), "≤ 0.5", uncached <= 0.5),
          row(
            "cached verifications per second, Tasdiq",
            formatNumber(Math.round(cachedRate)),
            "≥ 10,000",
            cachedRate >= 10_000,
          ),
          row(
            "uncached verification, Tasdiq / eddsa-rdfc-2022",
            ratio("tasdiq-uncached", "eddsa-verify", perCertificateUs).toFixed(2),
            "",
          ),
          row(
            "uncached verification, Tasdiq / ecdsa-rdfc-2019",
            ratio("tasdiq-uncached", "ecdsa-verify", perCertificateUs).toFixed(2),
            "",
          ),
          row(
            "per certificate issued, Tasdiq batch / eddsa-rdfc-2022 signing",
            ratio("tasdiq-build", "eddsa-sign", perCertificateUs).toFixed(3),
            "",
          ),
          row(
            "per certificate issued, Tasdiq batch / ecdsa-rdfc-2019 signing",
            ratio("tasdiq-build", "ecdsa-sign", perCertificateUs).toFixed(3),
            "",
          ),
          ...(BASELINE === undefined
            ? []
            : [
                row(
                  "batch build time, Tasdiq / baseline",
                  ratio("tasdiq-build", "baseline-build", (m) => m.ms).toFixed(2),
                  "",
                ),
                row(
                  "batch build peak RSS, Tasdiq / baseline",
                  ratio("tasdiq-build", "baseline-build", (m) => m.peakRssMiB).toFixed(2),
                  "",
                ),
                row(
                  "uncached verification, Tasdiq / baseline",
                  ratio("tasdiq-uncached", "baseline-uncached", perCertificateUs).toFixed(2),
                  "",
                ),
                row(
                  "cached verification, Tasdiq / baseline",
                  ratio("tasdiq-cached", "baseline-cached", perCertificateUs).toFixed(2),
                  "",
                ),
                row(
                  "baseline: batch build time / OpenAttestation",
                  ratio("baseline-build", "oa-build", (m) => m.ms).toFixed(2),
                  "",
                ),
                row(
                  "baseline: batch build peak RSS / OpenAttestation",
                  ratio("baseline-build", "oa-build", (m) => m.peakRssMiB).toFixed(2),
                  "",
                ),
                row(
                  "baseline: uncached verification / OpenAttestation",
                  ratio("baseline-uncached", "oa-verify", perCertificateUs).toFixed(2),
                  "",
                ),
              ]),
        ],
      }),
  );
}

main();
