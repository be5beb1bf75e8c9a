import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import type { Database } from "../../server/db/database";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { issueRequests } from "../helpers/graduates";
import { apiCall, signIn } from "../helpers/server";
import { prepareServerProcess } from "../helpers/server-process";
import type { ServerProcess } from "../helpers/server-process";
import { expectAnchoredExactlyOnce, settled } from "./invariants";
import { elapsedMs, printFigures, scaled } from "./settings";

const CERTIFICATES = scaled(480, 5000);
const CHUNK_SIZE = scaled(40, 100);
const KILLS = scaled(4, 24);
const BATCH_SIZE = scaled(25, 50);
const EMAIL = "registrar@ju.edu.jo";

/**
 * When to kill a run's server: at a random moment, or as soon as the anchoring pipeline is seen in a
 * given step, so kills land in every window between two commits (sealed, signed and queued, sent).
 */
const KILL_POINTS: { name: string; sql?: string }[] = [
  { name: "random moment" },
  { name: "a batch sealed, not signed", sql: "SELECT 1 FROM batches WHERE status = 'batched' AND updated_at >= ?" },
  {
    name: "a batch signed, anchor queued",
    sql: "SELECT 1 FROM chain_transactions WHERE status = 'queued' AND updated_at >= ?",
  },
  {
    name: "an anchor sent, not confirmed",
    sql: "SELECT 1 FROM chain_transactions WHERE status = 'submitted' AND updated_at >= ?",
  },
];

interface Kill {
  run: number;
  trigger: string;
  atMs: number;
  /** Certificates and outbox rows per status right after the kill. */
  state: string;
}

const IDLE = "certificates: none; outbox: none";
const countsBy = (db: Database, table: string): string =>
  (
    db.prepare(`SELECT status, COUNT(*) AS n FROM ${table} WHERE status != 'confirmed' GROUP BY status`).all() as {
      status: string;
      n: number;
    }[]
  )
    .map(({ status, n }) => `${status} ${n}`)
    .join(", ") || "none";

describe("crash safety: SIGKILL at random points of a bulk issuance, restart each time", () => {
  let chain: TestChain;
  let server: ServerProcess;

  beforeAll(async () => {
    chain = await startTestChain();
    const university = await accreditUniversity(chain);
    server = await prepareServerProcess(chain, university, EMAIL, {
      TASDIQ_BATCH_SIZE: String(BATCH_SIZE),
      TASDIQ_BATCH_MAX_AGE: "0.2",
    });
  });
  afterAll(async () => {
    await server?.kill();
    await chain?.stop();
  });

  it(
    `anchors each of ${CERTIFICATES} accepted certificates exactly once through ${KILLS} kills, leaving no orphan row`,
    async () => {
      const chunks = Array.from({ length: CERTIFICATES / CHUNK_SIZE }, (_, c) => ({
        key: `crash-chunk-${c}`,
        body: { certificates: issueRequests("CRASH", CHUNK_SIZE, c * CHUNK_SIZE) },
      }));
      const perRun = Math.ceil(chunks.length / (KILLS + 1));
      const accepted = new Map<string, string[]>();
      const kills: Kill[] = [];
      const db = openDatabase(server.dbFile);
      const started = performance.now();
      try {
        for (let run = 0; run <= KILLS; run++) {
          await server.start();
          const auth = { authorization: `Bearer ${await signIn(server.url, EMAIL)}` };
          const point = KILL_POINTS[run % KILL_POINTS.length]!;
          const runStart = performance.now();
          const killing = run < KILLS ? killWhen(point, db, runStart).then(() => server.kill("SIGKILL")) : undefined;
          // Retries keep their idempotency key: a chunk accepted just before a kill is not issued twice.
          for (const chunk of chunks.filter((c) => !accepted.has(c.key)).slice(0, run < KILLS ? perRun : undefined)) {
            const response = await apiCall(server.url, "POST", "/api/certificates/bulk", chunk.body, {
              ...auth,
              "idempotency-key": chunk.key,
            }).catch(() => undefined);
            if (response?.status !== 202) break;
            accepted.set(
              chunk.key,
              response.body.certificates.map((c: { id: string }) => c.id),
            );
          }
          await killing;
          if (killing)
            kills.push({
              run,
              trigger: point.name,
              atMs: elapsedMs(runStart),
              state: `certificates: ${countsBy(db, "certificates")}; outbox: ${countsBy(db, "chain_transactions")}`,
            });
        }
        expect(accepted.size, "every chunk accepted in the end").to.equal(chunks.length);
        await settled(db, scaled(90_000, 300_000));
        const settledMs = elapsedMs(started);
        const batches = await expectAnchoredExactlyOnce(chain, db, [...accepted.values()].flat());
        const inProgress = kills.filter((kill) => kill.state !== IDLE);
        expect(inProgress.length, "kills that landed with work in progress").to.be.above(0);
        console.table(kills);
        printFigures("Crash safety (SIGKILL during bulk issuance)", {
          "certificates accepted, anchored once, verified": CERTIFICATES,
          "SIGKILLs (restart after each)": kills.length,
          "kills with work in progress": inProgress.length,
          "batches (one Anchored event each)": batches,
          "roots anchored twice / orphan rows": "0 / 0",
          "issuance through all kills, to the last confirmation": `${(settledMs / 1000).toFixed(1)} s`,
        });
      } finally {
        db.close();
      }
    },
    scaled(300_000, 900_000),
  );
});

describe("crash safety: SIGKILL while a large request is being written", () => {
  let chain: TestChain;
  let server: ServerProcess;

  beforeAll(async () => {
    chain = await startTestChain();
    const university = await accreditUniversity(chain);
    server = await prepareServerProcess(chain, university, EMAIL, { TASDIQ_BATCH_SIZE: "1000" });
    await server.start();
  });
  afterAll(async () => {
    await server?.kill();
    await chain?.stop();
  });

  it("discards a large request killed while half-written: none of its certificates stay, and its retry is issued whole", async () => {
    const db = openDatabase(server.dbFile);
    try {
      // Four write slices: the kill lands with some written and the request still open.
      const request = { certificates: issueRequests("CRASH-HALF", 2000) };
      const key = { "idempotency-key": "crash-half-written" };
      const auth = { authorization: `Bearer ${await signIn(server.url, EMAIL)}` };
      const written = db.prepare("SELECT COUNT(*) FROM certificates WHERE identifier LIKE 'CRASH-HALF-%'").pluck() as {
        get(): number;
      };
      const sending = apiCall(server.url, "POST", "/api/certificates/bulk", request, { ...auth, ...key }).catch(
        () => undefined,
      );
      const deadline = performance.now() + FIRST_WORK_TIMEOUT_MS;
      while (written.get() === 0 && performance.now() < deadline) await poll();
      await server.kill("SIGKILL");
      expect(written.get(), "certificates written when killed").to.be.above(0).and.below(2000);
      expect((await sending)?.status, "the request got no answer").to.equal(undefined);

      await server.start();
      expect(written.get(), "certificates of the half-written request after the restart").to.equal(0);
      const retry = await apiCall(server.url, "POST", "/api/certificates/bulk", request, {
        authorization: `Bearer ${await signIn(server.url, EMAIL)}`,
        ...key,
      });
      expect(retry.status).to.equal(202);
      await settled(db, 120_000);
      await expectAnchoredExactlyOnce(
        chain,
        db,
        retry.body.certificates.map((c: { id: string }) => c.id),
      );
    } finally {
      db.close();
    }
  }, 300_000);
});

const FIRST_WORK_TIMEOUT_MS = 30_000;
const poll = () => new Promise((resolve) => setTimeout(resolve, 2));

/**
 * Resolves when the run's server should be killed: once the run's first certificates are in the
 * database (the first bulk request also starts the intake threads, which takes a while), after a
 * random delay, or as soon as a row reaches the point's step during this run (polled every few
 * milliseconds; after a while, the delay applies).
 */
async function killWhen(point: { sql?: string }, db: Database, runStart: number): Promise<void> {
  const since = Date.now();
  const firstWork = db.prepare("SELECT 1 FROM certificates WHERE created_at >= ?");
  while (firstWork.get(since) === undefined && performance.now() < runStart + FIRST_WORK_TIMEOUT_MS) await poll();
  const delayMs = 50 + Math.floor(Math.random() * 700);
  const reached =
    point.sql === undefined ? () => false : () => db.prepare(point.sql as string).get(since) !== undefined;
  const deadline = performance.now() + (point.sql === undefined ? delayMs : 3000 + delayMs);
  while (!reached() && performance.now() < deadline) await poll();
}
