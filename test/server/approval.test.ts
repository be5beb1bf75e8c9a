import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { issueRequests } from "../helpers/graduates";
import { batchOfCertificate as batchOf, eventually, startTestServer } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";
import { startServerWorld } from "../helpers/server-world";
import type { ServerWorld } from "../helpers/server-world";

/** Above this many certificates (per batch, or per creator over the window) an approver must approve. */
const THRESHOLD = 3;

describe("four-eyes approval cannot be bypassed", () => {
  let world: ServerWorld;
  let chain: TestChain;
  let university: TestUniversity;
  let server: TestServer;
  let registrar: Api;
  let approver: Api;
  let admin: Api;
  let secondAdmin: Api;

  beforeAll(async () => {
    world = await startServerWorld({
      settings: { approvalThreshold: THRESHOLD },
      staff: [
        { university: 0, email: "registrar@ju.edu.jo", role: "registrar" },
        { university: 0, email: "approver@ju.edu.jo", role: "approver" },
        { university: 0, email: "admin@ju.edu.jo", role: "admin" },
        { university: 0, email: "second.admin@ju.edu.jo", role: "admin" },
      ],
    });
    ({ chain, server } = world);
    [university] = world.universities as [TestUniversity];
    [registrar, approver, admin, secondAdmin] = world.staff as [Api, Api, Api, Api];
  });
  afterAll(() => world?.stop());

  const recordOf = async (api: Api, id: string) => (await api("GET", `/api/certificates/${id}`)).body;
  const confirmed = (api: Api, id: string) =>
    eventually(
      async () => ((await recordOf(api, id)).status === "confirmed" ? true : undefined),
      20_000,
      `${id} confirmed`,
    );

  it("holds a batch sealed by a revocation above the threshold (attack a)", async () => {
    // Without the worker sealing by age, only the revocation seals the pending certificates.
    const quiet = await startTestServer(chain, [university], {
      settings: { approvalThreshold: THRESHOLD, batchMaxAgeMs: 3_600_000 },
      staff: [{ universityId: university.id, email: "registrar@ju.edu.jo", role: "registrar" }],
    });
    try {
      const quietRegistrar = await quiet.login("registrar@ju.edu.jo");
      const { body } = await quietRegistrar("POST", "/api/certificates/bulk", {
        certificates: issueRequests("REVOKE-SEAL", 5),
      });
      expect(
        (await quietRegistrar("POST", `/api/certificates/${body.certificates[0].id}/revoke`, { reason: 1 })).status,
      ).to.equal(202);
      const batch = await batchOf(quietRegistrar, body.certificates[1].id);
      expect(batch).to.include({ count: 5, needsApproval: 1, approvedAt: null });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await recordOf(quietRegistrar, body.certificates[1].id)).status).to.equal("batched");
    } finally {
      await quiet.stop();
    }
  });

  it("counts what one person created over the rolling window, so split requests are held (attack b)", async () => {
    const first = await registrar("POST", "/api/certificates/bulk", {
      certificates: issueRequests("SPLIT-A", THRESHOLD),
    });
    const firstBatch = await batchOf(registrar, first.body.certificates[0].id);
    expect(firstBatch.needsApproval).to.equal(0);
    await confirmed(registrar, first.body.certificates[0].id);
    const second = await registrar("POST", "/api/certificates/bulk", {
      certificates: issueRequests("SPLIT-B", THRESHOLD),
    });
    const secondBatch = await batchOf(registrar, second.body.certificates[0].id);
    expect(secondBatch.id).to.not.equal(firstBatch.id);
    expect(secondBatch).to.include({ needsApproval: 1, approvedAt: null, status: "batched" });
    expect((await approver("POST", `/api/batches/${secondBatch.id}/approve`)).status).to.equal(200);
    await confirmed(registrar, second.body.certificates[0].id);
  });

  it("refuses an approval by anyone who created a certificate of the batch, admin included (attack c)", async () => {
    const own = await admin("POST", "/api/certificates/bulk", { certificates: issueRequests("SELF", THRESHOLD + 2) });
    const batch = await batchOf(admin, own.body.certificates[0].id);
    expect(batch.needsApproval).to.equal(1);
    const self = await admin("POST", `/api/batches/${batch.id}/approve`, undefined, { "accept-language": "fr" });
    expect(self.status).to.equal(403);
    expect(self.body.error.code).to.equal("SELF_APPROVAL");
    expect(self.body.error.message).to.match(/lot/);
    expect((await admin("GET", `/api/batches/${batch.id}`)).body.approvedAt).to.equal(null);
    const denied = server.context.db
      .prepare(
        "SELECT s.email FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE a.action = 'batch.approve.denied' AND a.target = ?",
      )
      .pluck()
      .all(String(batch.id));
    expect(denied).to.deep.equal(["admin@ju.edu.jo"]);
    const approved = await secondAdmin("POST", `/api/batches/${batch.id}/approve`);
    expect(approved.status).to.equal(200);
    expect(approved.body.approvedBy).to.deep.equal({ name: "second.admin", email: "second.admin@ju.edu.jo" });
    await confirmed(admin, own.body.certificates[0].id);
  });

  it("lets an approver refuse a held batch: its certificates fail, named, never anchored, and it cannot be re-sealed", async () => {
    const { body } = await registrar("POST", "/api/certificates/bulk", {
      certificates: issueRequests("REFUSED", THRESHOLD + 1),
    });
    const batch = await batchOf(registrar, body.certificates[0].id);
    expect(
      (await registrar("POST", `/api/batches/${batch.id}/refuse`, { reason: "wrong graduation list" })).status,
    ).to.equal(403);
    expect((await approver("POST", `/api/batches/${batch.id}/refuse`, { reason: 5 })).status).to.equal(400);
    const refused = await approver("POST", `/api/batches/${batch.id}/refuse`, { reason: "wrong graduation list" });
    expect(refused.status).to.equal(200);
    expect(refused.body).to.include({ status: "failed" });
    expect(refused.body.refusedBy).to.deep.equal({ name: "approver", email: "approver@ju.edu.jo" });
    expect(refused.body.failure).to.include({ code: "REFUSED", reason: "wrong graduation list" });
    expect(refused.body.failure.message.ar).to.include("approver@ju.edu.jo");
    expect((await recordOf(registrar, body.certificates[0].id)).status).to.equal("failed");
    expect((await approver("POST", `/api/batches/${batch.id}/approve`)).status).to.equal(409);
    expect((await registrar("POST", `/api/batches/${batch.id}/reseal`)).status).to.equal(409);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      server.context.db
        .prepare("SELECT COUNT(*) FROM chain_transactions WHERE kind = 'anchor' AND ref_id = ?")
        .pluck()
        .get(batch.id),
    ).to.equal(0);
    const audit = server.context.db
      .prepare(
        "SELECT a.action, s.email FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE a.action IN ('batch.approve', 'batch.refuse') ORDER BY a.id",
      )
      .all() as { action: string; email: string }[];
    expect(audit).to.deep.include({ action: "batch.refuse", email: "approver@ju.edu.jo" });
    expect(audit).to.deep.include({ action: "batch.approve", email: "second.admin@ju.edu.jo" });
  });

  it("lets a university admin set its own threshold and window", async () => {
    expect((await registrar("PUT", "/api/approval-policy", { threshold: 1, windowHours: 1 })).status).to.equal(403);
    expect((await admin("PUT", "/api/approval-policy", { threshold: 0, windowHours: 100000 })).status).to.equal(400);
    expect((await admin("PUT", "/api/approval-policy", "{")).status).to.equal(400);
    const before = await registrar("GET", "/api/approval-policy");
    expect(before.body).to.include({ threshold: THRESHOLD, windowHours: 24, source: "server" });
    const set = await admin("PUT", "/api/approval-policy", { threshold: 1, windowHours: 1 });
    expect(set.status).to.equal(200);
    expect(set.body).to.include({ threshold: 1, windowHours: 1, source: "university" });
    const { body } = await registrar("POST", "/api/certificates/bulk", { certificates: issueRequests("POLICY", 2) });
    expect((await batchOf(registrar, body.certificates[0].id)).needsApproval).to.equal(1);
    const actions = server.context.db
      .prepare("SELECT action FROM audit_log WHERE action = 'approval-policy.update'")
      .pluck()
      .all();
    expect(actions).to.have.length(1);
  });
});
