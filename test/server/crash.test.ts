import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { Credential, verdictOf, verifyCredential } from "../../core";
import { openDatabase } from "../../server/db/database";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { PASSWORD, apiCall, eventually } from "../helpers/server";
import { prepareServerProcess } from "../helpers/server-process";
import type { ServerProcess } from "../helpers/server-process";

const CHUNKS = Number(process.env.TASDIQ_CRASH_CHUNKS ?? 12);
const CHUNK_SIZE = 40;
const KILLS = Number(process.env.TASDIQ_CRASH_KILLS ?? 4);

describe("crash safety: SIGKILL during bulk issuance", () => {
  let chain: TestChain;
  let university: TestUniversity;
  let server: ServerProcess;

  beforeAll(async () => {
    chain = await startTestChain();
    university = await accreditUniversity(chain);
    server = await prepareServerProcess(chain, university, "registrar@ju.edu.jo", { TASDIQ_BATCH_SIZE: "25", TASDIQ_BATCH_MAX_AGE: "0.2" });
  });
  afterAll(async () => {
    await server?.kill();
    await chain?.stop();
  });

  it("anchors every accepted certificate exactly once, whatever the moment of the kill", async () => {
    const graduates = fixtureGraduates();
    const chunks = Array.from({ length: CHUNKS }, (_, c) => ({
      key: `crash-chunk-${c}`,
      body: { certificates: Array.from({ length: CHUNK_SIZE }, (_, i) => ({ subject: { ...graduates[(c + i) % graduates.length], identifier: `CRASH-${c}-${i}` } })) },
    }));
    const accepted = new Map<string, string[]>();
    // Random kill moments, each a little later into the next run, so they land in different steps.
    const killAfter = Array.from({ length: KILLS }, (_, k) => 150 + Math.floor(Math.random() * 400) + k * 60);

    for (let run = 0; run <= KILLS; run++) {
      await server.start();
      const { body } = await apiCall(server.url, "POST", "/api/auth/login", { email: "registrar@ju.edu.jo", password: PASSWORD });
      const auth = { authorization: `Bearer ${body.token}` };
      const killing = run < KILLS ? new Promise((resolve) => setTimeout(resolve, killAfter[run])).then(() => server.kill("SIGKILL")) : undefined;
      for (const chunk of chunks.filter((c) => !accepted.has(c.key))) {
        const response = await apiCall(server.url, "POST", "/api/certificates/bulk", chunk.body, { ...auth, "idempotency-key": chunk.key }).catch(() => undefined);
        if (response?.status !== 202) break;
        accepted.set(chunk.key, response.body.certificates.map((c: { id: string }) => c.id));
      }
      await killing;
    }
    expect(accepted.size).to.equal(CHUNKS);

    const ids = [...accepted.values()].flat();
    const db = openDatabase(server.dbFile);
    try {
      await eventually(() => {
        const open = db.prepare("SELECT COUNT(*) FROM certificates WHERE status != 'confirmed'").pluck().get() as number;
        return open === 0 ? true : undefined;
      }, 90_000, "all certificates confirmed");
      expect(db.prepare("SELECT COUNT(*) FROM certificates").pluck().get()).to.equal(ids.length);
      expect(db.prepare("SELECT COUNT(*) FROM certificates WHERE batch_id IS NULL OR batch_id NOT IN (SELECT id FROM batches)").pluck().get()).to.equal(0);
      const roots = db.prepare("SELECT root FROM batches").pluck().all() as string[];
      const events = await chain.certificateRegistry.queryFilter(chain.certificateRegistry.filters.Anchored(), 0);
      const anchoredRoots = events.map((e) => e.args.root as string);
      expect(new Set(anchoredRoots).size, "no root anchored twice").to.equal(anchoredRoots.length);
      expect(anchoredRoots).to.have.members(roots);
      const anchoredCount = events.reduce((sum, e) => sum + Number(e.args.count), 0);
      expect(anchoredCount, "every certificate in exactly one anchored batch").to.equal(ids.length);

      await server.start();
      const { body } = await apiCall(server.url, "POST", "/api/auth/login", { email: "registrar@ju.edu.jo", password: PASSWORD });
      for (const id of ids.filter((_, i) => i % 7 === 0)) {
        const record = await apiCall(server.url, "GET", `/api/certificates/${id}`, undefined, { authorization: `Bearer ${body.token}` });
        const fragments = await verifyCredential(Credential.parse(record.body.credential), chain.verifyOptions());
        expect(verdictOf(fragments), id).to.equal("VALID");
      }
    } finally {
      db.close();
    }
  }, 300_000);
});
