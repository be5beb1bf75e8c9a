import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Interface, JsonRpcProvider, hexlify, randomBytes, toQuantity } from "ethers";
import { CERTIFICATE_REGISTRY_ABI } from "../core";
import { AuditIndexer, auditReport } from "../server/audit";
import { accredit } from "../test/audit/helpers";
import { accreditUniversity, startTestChain } from "../test/helpers/chain";
import type { TestChain } from "../test/helpers/chain";

/**
 * Time for the audit indexer to index 1,000 anchored batches and 10,000 revocations from a local
 * Hardhat node (target ≤ 10 s), from an empty index. The chain is built first and not timed: each
 * anchor is its own transaction and, the node mining every transaction at once, its own block (the
 * indexer then reads 1,000 block times); revocations go 100 leaves per `revokeMany`.
 * Run: npm run bench:audit
 */
const BATCHES = 1000;
const REVOCATIONS = 10_000;
const LEAVES_PER_TRANSACTION = 100;
const UNIVERSITIES = 4;
const TARGET_SECONDS = 10;

const certificates = new Interface(CERTIFICATE_REGISTRY_ABI);
const random32 = (): string => hexlify(randomBytes(32));

/**
 * Sends calls from unlocked accounts without waiting for receipts: explicit nonces and gas (no
 * estimate round trip). Each account's calls go one after the other, since Hardhat refuses a nonce
 * gap when it automines; the accounts go side by side.
 */
async function sendAll(chain: TestChain, calls: { from: string; data: string; gas: number }[]): Promise<void> {
  const accounts = [...new Set(calls.map((call) => call.from))];
  const last = await Promise.all(
    accounts.map(async (from) => {
      let nonce = await chain.provider.getTransactionCount(from, "pending");
      let hash = "";
      for (const call of calls.filter((c) => c.from === from)) {
        const transaction = {
          from,
          to: chain.deployment.certificateRegistry,
          data: call.data,
          gas: toQuantity(call.gas),
          nonce: toQuantity(nonce++),
        };
        hash = (await chain.provider.send("eth_sendTransaction", [transaction])) as string;
      }
      return hash;
    }),
  );
  for (const hash of last) {
    if ((await chain.provider.waitForTransaction(hash))?.status !== 1) throw new Error(`transaction ${hash} failed`);
  }
}

async function buildChain(chain: TestChain): Promise<void> {
  const first = await accreditUniversity(chain);
  const ministry = await chain.account(1);
  const universities = [{ id: first.id, operator: first.operator.address }];
  for (let i = 1; i < UNIVERSITIES; i++) {
    const { id, operator } = await accredit(chain, ministry, 2 + i, `Bench ${i}`);
    universities.push({ id, operator: operator.address });
  }
  // Batch i is anchored, and revoked in, by university i mod UNIVERSITIES.
  const universityOf = (i: number) => universities[i % UNIVERSITIES] as { id: number; operator: string };
  const roots = Array.from({ length: BATCHES }, random32);
  await sendAll(
    chain,
    roots.map((root, i) => ({
      from: universityOf(i).operator,
      data: certificates.encodeFunctionData("anchor", [root, 100 + (i % 50)]),
      gas: 80_000,
    })),
  );
  await sendAll(
    chain,
    Array.from({ length: REVOCATIONS / LEAVES_PER_TRANSACTION }, (_, i) => ({
      from: universityOf(i).operator,
      data: certificates.encodeFunctionData("revokeMany", [
        universityOf(i).id,
        roots[i],
        Array.from({ length: LEAVES_PER_TRANSACTION }, random32),
        1 + (i % 4),
      ]),
      gas: 3_000_000,
    })),
  );
}

async function main(): Promise<void> {
  const chain = await startTestChain();
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-bench-audit-"));
  try {
    const built = performance.now();
    await buildChain(chain);
    const buildSeconds = (performance.now() - built) / 1000;
    const head = await chain.provider.getBlockNumber();

    // A provider of its own, as the CLI makes one: no cache shared with the chain building above.
    const provider = new JsonRpcProvider(chain.node.url, chain.deployment.chainId, { staticNetwork: true });
    const indexer = new AuditIndexer({ provider, deployment: chain.deployment, file: path.join(dir, "audit.sqlite") });
    const started = performance.now();
    const result = await indexer.sync();
    const seconds = (performance.now() - started) / 1000;
    const resumed = performance.now();
    await indexer.sync();
    const resumeMs = performance.now() - resumed;
    const reported = performance.now();
    const report = auditReport(indexer.database, { scope: "all" });
    const reportMs = performance.now() - reported;
    indexer.close();
    provider.destroy();

    const batches = report.anchoring.reduce((sum, row) => sum + row.batches, 0);
    const revoked = report.revocations.reduce((sum, row) => sum + row.certificates, 0);
    if (batches !== BATCHES || revoked !== REVOCATIONS)
      throw new Error(`indexed ${batches} batches and ${revoked} revocations`);
    console.table([
      {
        what: "chain built (not timed in the result)",
        value: `${BATCHES.toLocaleString("en")} anchors + ${REVOCATIONS / LEAVES_PER_TRANSACTION} revokeMany in ${buildSeconds.toFixed(1)} s, ${head} blocks`,
      },
      { what: "events indexed", value: result.events.toLocaleString("en") },
      {
        what: "index from empty (1,000 batches, 10,000 revocations)",
        value: `${seconds.toFixed(2)} s (target ≤ ${TARGET_SECONDS} s: ${seconds <= TARGET_SECONDS ? "PASS" : "FAIL"})`,
      },
      { what: "events per second", value: `${Math.round(result.events / seconds).toLocaleString("en")} /s` },
      { what: "sync again, nothing new", value: `${resumeMs.toFixed(0)} ms` },
      { what: "full report, all countries (figures + anomalies)", value: `${reportMs.toFixed(0)} ms` },
    ]);
    console.log(
      `node ${process.version}; local Hardhat node over HTTP on loopback; ${UNIVERSITIES} universities; eth_getLogs ranges adapting to ~1,000 logs (at most 2,000 blocks); index in a temporary SQLite file`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await chain.stop();
  }
}

void main();
