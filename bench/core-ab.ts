import path from "node:path";
import { Wallet } from "ethers";
import * as current from "../core";
import type { Credential, Hex32 } from "../core";
import { keccakReady } from "../core/crypto/keccak";
import { ISSUER, SUBJECTS } from "./peers/dataset";
import { renderTable } from "./lib/table";

/**
 * This checkout's core against another checkout's, in one process, alternating in blocks of 100
 * certificates: on a shared machine whose load swings within seconds, the ratio of two neighbouring
 * blocks is steadier than that of two child processes a minute apart (bench/peers.ts, which also
 * measures peak RSS). Each figure is the median of the per-block ratios.
 * Run: BENCH_AB_BASELINE=<another checkout of Tasdiq> npx ts-node --transpile-only bench/core-ab.ts
 */
const BASELINE = process.env.BENCH_AB_BASELINE;
if (BASELINE === undefined) throw new Error("set BENCH_AB_BASELINE to the checkout to compare with");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a module chosen at run time
const baseline = require(path.join(path.resolve(BASELINE), "core")) as typeof current;
const BLOCKS = 20;
const BLOCK = 100;
/** Uncached verifications per block: each needs a batch of its own, signed in the set-up. */
const UNCACHED_BLOCK = 25;
const signer = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const context = { chainId: 31337, registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", universityId: 7, signer };
const validFrom = new Date("2026-07-01T09:00:00Z");
const offline = {
  trustedDeployments: [],
  chainReader: () => {
    throw new Error("offline");
  },
};

async function issue(core: typeof current, from: number, count: number): Promise<Credential[]> {
  const drafts = SUBJECTS.slice(from, from + count).map((subject) =>
    core.draftCredential({ subject, credentialId: core.newCredentialId(), validFrom }, ISSUER),
  );
  const batch = await core.sealBatch(
    drafts.map((draft) => draft.documentHash),
    context,
  );
  return drafts.map((draft, i) => core.assembleCredential(draft, batch, batch.proofs[i] as Hex32[], context));
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main(): Promise<void> {
  await keccakReady;
  const oneBatch = await issue(current, 0, BLOCKS * BLOCK);
  // A batch of ten per credential verified uncached, so every one recovers a signature not seen before.
  const uncached: Credential[] = [];
  for (let i = 0; i < BLOCKS * UNCACHED_BLOCK * 2; i++) {
    uncached.push((await issue(current, (i * 10) % SUBJECTS.length, 10))[0] as Credential);
  }
  const rows: { what: string; ratios: number[]; base: number[]; ours: number[] }[] = [
    { what: `build a batch of ${BLOCK} (draft, tree, sign, assemble)`, ratios: [], base: [], ours: [] },
    { what: "verify offline, batch signature cached", ratios: [], base: [], ours: [] },
    { what: "verify offline, a new batch signature each", ratios: [], base: [], ours: [] },
  ];
  for (let b = 0; b < BLOCKS; b++) {
    const block = oneBatch.slice(b * BLOCK, (b + 1) * BLOCK);
    const pairs: [() => Promise<unknown>, () => Promise<unknown>][] = [
      [() => issue(baseline, b * BLOCK, BLOCK), () => issue(current, b * BLOCK, BLOCK)],
      [
        async () => {
          for (const c of block) await baseline.verifyCredential(c, offline);
        },
        async () => {
          for (const c of block) await current.verifyCredential(c, offline);
        },
      ],
      [
        async () => {
          for (const c of uncached.slice(2 * b * UNCACHED_BLOCK, (2 * b + 1) * UNCACHED_BLOCK))
            await baseline.verifyCredential(c, offline);
        },
        async () => {
          for (const c of uncached.slice((2 * b + 1) * UNCACHED_BLOCK, (2 * b + 2) * UNCACHED_BLOCK))
            await current.verifyCredential(c, offline);
        },
      ],
    ];
    for (const [i, [runBaseline, runCurrent]] of pairs.entries()) {
      // Alternate which goes first, so neither always runs on a warmer or quieter machine.
      const [base, ours] =
        b % 2 === 0
          ? [await timed(runBaseline), await timed(runCurrent)]
          : ((([o, a]) => [a, o])([await timed(runCurrent), await timed(runBaseline)]) as [number, number]);
      const row = rows[i] as (typeof rows)[number];
      const size = i === 2 ? UNCACHED_BLOCK : BLOCK;
      row.base.push((base * 1000) / size);
      row.ours.push((ours * 1000) / size);
      row.ratios.push(ours / base);
    }
  }
  console.log(
    renderTable({
      title: `bench/core-ab: this checkout against ${BASELINE}, ${BLOCKS} alternating blocks of ${BLOCK}, ${new Date().toISOString().slice(0, 10)}`,
      columns: [
        { header: "per certificate" },
        { header: "baseline", align: "right" },
        { header: "this checkout", align: "right" },
        { header: "ratio (median per block)", align: "right" },
      ],
      rows: rows.map((row) => [
        row.what,
        `${median(row.base).toFixed(0)} µs`,
        `${median(row.ours).toFixed(0)} µs`,
        median(row.ratios).toFixed(2),
      ]),
      notes: [`Node ${process.version}; one process; same signer key throughout, as a university's batches have.`],
    }),
  );
}

void main();
