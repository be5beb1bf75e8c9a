import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { issueRequests } from "../helpers/graduates";
import { startRpcProxy } from "../helpers/rpc-proxy";
import type { RpcProxy } from "../helpers/rpc-proxy";
import { apiCall, boundApi, confirmedCertificate, signIn } from "../helpers/server";
import { prepareServerProcess } from "../helpers/server-process";
import type { ServerProcess } from "../helpers/server-process";
import { expectAnchoredExactlyOnce, settled } from "./invariants";
import { elapsedMs, printFigures, scaled } from "./settings";

const OUTAGE_MS = scaled(5_000, 30_000);
const PER_REQUEST = 20;
const EMAIL = "registrar@ju.edu.jo";
/** The server's chain request timeout here: a stalled node must cost each request no more than this. */
const RPC_TIMEOUT_SECONDS = 2;

const OUTAGES = [
  {
    kind: "unreachable",
    what: "the node unreachable (connections refused and dropped)",
    start: (proxy: RpcProxy) => proxy.cut(),
  },
  {
    kind: "stalled",
    what: "the node stalled (connections accepted, requests never answered)",
    start: (proxy: RpcProxy) => proxy.stall(),
  },
];

describe.each(OUTAGES)("chain outage: $what during issuance", ({ kind, start }) => {
  let chain: TestChain;
  let proxy: RpcProxy;
  let server: ServerProcess;

  beforeAll(async () => {
    chain = await startTestChain();
    const university = await accreditUniversity(chain);
    // The server reaches the node only through the relay, which the test cuts and restores.
    proxy = await startRpcProxy(chain.node.url);
    server = await prepareServerProcess(chain, university, EMAIL, {
      TASDIQ_RPC_URL: proxy.url,
      TASDIQ_RPC_TIMEOUT: String(RPC_TIMEOUT_SECONDS),
      TASDIQ_BATCH_SIZE: "100",
      TASDIQ_BATCH_MAX_AGE: "0.2",
    });
    await server.start();
  });
  afterAll(async () => {
    await server?.kill();
    await proxy?.stop();
    await chain?.stop();
  });

  it(
    "keeps accepting (202, pending), loses nothing, resumes anchoring by itself, and says CANNOT_CHECK, never INVALID, meanwhile",
    async () => {
      const api = boundApi(server.url, await signIn(server.url, EMAIL));
      const before = (await api("POST", "/api/certificates", issueRequests("OUTAGE-BEFORE", 1)[0])).body;
      const { credential, verifierUrl, shortCode } = await confirmedCertificate(api, before.id);
      const verifications = [{ credential }, { url: verifierUrl }, { code: shortCode }];
      const accepted: string[] = [before.id];
      const db = openDatabase(server.dbFile);
      try {
        await start(proxy);
        const cutAt = performance.now();
        let verifyRequests = 0;
        let slowestVerifyMs = 0;
        for (let n = 0; elapsedMs(cutAt) < OUTAGE_MS; n++) {
          const certificates = issueRequests("OUTAGE", PER_REQUEST, n * PER_REQUEST);
          const response = await api(
            "POST",
            "/api/certificates/bulk",
            { certificates },
            { "idempotency-key": `outage-${n}` },
          );
          expect(response.status, JSON.stringify(response.body)).to.equal(202);
          expect(new Set(response.body.certificates.map((c: { status: string }) => c.status))).to.deep.equal(
            new Set(["pending"]),
          );
          accepted.push(...response.body.certificates.map((c: { id: string }) => c.id));
          for (const body of verifications) {
            const sentAt = performance.now();
            const verified = await apiCall(server.url, "POST", "/api/verify", body);
            slowestVerifyMs = Math.max(slowestVerifyMs, elapsedMs(sentAt));
            verifyRequests += 1;
            expect(verified.status, JSON.stringify(verified.body)).to.equal(200);
            expect(verified.body.verdict, Object.keys(body)[0]).to.equal("CANNOT_CHECK");
            expect(
              verified.body.checks.filter((check: { status: string }) => check.status === "INVALID"),
              "checks said INVALID",
            ).to.deep.equal([]);
          }
          expect((await apiCall(server.url, "GET", "/api/health")).status).to.equal(200);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const outageMs = elapsedMs(cutAt);
        // A few chain reads in turn at most, each given up after the timeout.
        expect(slowestVerifyMs, "slowest verification during the outage (ms)").to.be.below(
          4 * RPC_TIMEOUT_SECONDS * 1000,
        );
        // Everything issued meanwhile went as far as it can without the chain: sealed, signed, queued.
        const unanchored = db
          .prepare("SELECT COUNT(*) FROM certificates WHERE status != 'confirmed'")
          .pluck()
          .get() as number;
        const signed = db.prepare("SELECT COUNT(*) FROM certificates WHERE status = 'signed'").pluck().get() as number;
        expect(unanchored, "nothing anchored while the node was unreachable").to.equal(accepted.length - 1);

        await proxy.restore();
        const restoredAt = performance.now();
        await settled(db, 120_000);
        const recoveryMs = elapsedMs(restoredAt);
        for (const body of verifications)
          expect((await apiCall(server.url, "POST", "/api/verify", body)).body.verdict).to.equal("VALID");
        const batches = await expectAnchoredExactlyOnce(chain, db, accepted);
        printFigures(`Chain outage (node ${kind} during issuance)`, {
          [`outage (node ${kind})`]: `${(outageMs / 1000).toFixed(1)} s`,
          "certificates accepted during the outage (202, pending)": accepted.length - 1,
          "of which signed and queued before the node came back": signed,
          "verifications during the outage: CANNOT_CHECK / INVALID": `${verifyRequests} / 0`,
          "slowest verification during the outage": `${(slowestVerifyMs / 1000).toFixed(1)} s (chain request timeout ${RPC_TIMEOUT_SECONDS} s)`,
          "recovery: node back → every certificate confirmed": `${(recoveryMs / 1000).toFixed(1)} s`,
          "batches anchored after the outage, each once": batches - 1,
          "certificates lost / anchored twice": "0 / 0",
        });
      } finally {
        db.close();
      }
    },
    scaled(180_000, 300_000),
  );
});
