import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { Credential, verdictOf, verifyCredential } from "../../core";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { signAndQueueBatch } from "../../server/anchoring/batching";
import { certificateRegistry } from "../../server/anchoring/calls";
import { runCli } from "../helpers/cli";
import { fixtureGraduates, issueRequests } from "../helpers/graduates";
import { apiCall, batchOfCertificate as heldBatch, eventually } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";
import { startServerWorld } from "../helpers/server-world";
import type { ServerWorld } from "../helpers/server-world";

/** Above this many certificates a batch waits for an approver: a way to hold one before it is signed. */
const THRESHOLD = 3;

describe("nothing is signed, anchored or handed out that cannot become valid", () => {
  let world: ServerWorld;
  let chain: TestChain;
  let suspended: TestUniversity;
  let compromised: TestUniversity;
  let server: TestServer;
  let registrar: Api;
  let approver: Api;
  let otherRegistrar: Api;
  let otherApprover: Api;
  let otherAdmin: Api;
  const graduates = fixtureGraduates();

  beforeAll(async () => {
    world = await startServerWorld({
      universities: 2,
      logger: (await import("../../server/logger")).createLogger("warn"),
      settings: { approvalThreshold: THRESHOLD },
      staff: [
        { university: 0, email: "registrar@ju.edu.jo", role: "registrar" },
        { university: 0, email: "approver@ju.edu.jo", role: "approver" },
        { university: 1, email: "registrar@yu.edu.jo", role: "registrar" },
        { university: 1, email: "approver@yu.edu.jo", role: "approver" },
        { university: 1, email: "admin@yu.edu.jo", role: "admin" },
      ],
    });
    ({ chain, server } = world);
    [suspended, compromised] = world.universities as [TestUniversity, TestUniversity];
    [registrar, approver, otherRegistrar, otherApprover, otherAdmin] = world.staff as [Api, Api, Api, Api, Api];
  });
  afterAll(() => world?.stop());

  const recordOf = async (api: Api, id: string) => (await api("GET", `/api/certificates/${id}`)).body;
  const batchSettled = (api: Api, id: number) =>
    eventually(
      async () => {
        const { body } = await api("GET", `/api/batches/${id}`);
        return body.status === "failed" || body.status === "confirmed" ? body : undefined;
      },
      20_000,
      `batch ${id} settled`,
    );
  const csvOf = (n: number, tag: string) =>
    [
      "name_ar,name_latin,identifier,degree,programme_ar,programme_en,programme_fr,graduation_date,grade",
      ...graduates
        .slice(0, n)
        .map(
          (g, i) =>
            `${g.nameAr},${g.nameLatin},${tag}-${i},${g.degree},${g.programme.ar},${g.programme.en},${g.programme.fr},${g.graduationDate},${g.grade}`,
        ),
    ].join("\n");
  const ministry = () => chain.account(1);
  const suspend = async (university: TestUniversity) =>
    (
      await chain.issuerRegistry.connect(await ministry()).suspendUniversity(university.id, "accreditation audit")
    ).wait();
  const reinstate = async (university: TestUniversity) =>
    (await chain.issuerRegistry.connect(await ministry()).reinstateUniversity(university.id)).wait();
  const anchorTransactions = (batchId: number) =>
    server.context.db
      .prepare("SELECT COUNT(*) FROM chain_transactions WHERE kind = 'anchor' AND ref_id = ?")
      .pluck()
      .get(batchId);

  it("refuses issuance while the university is suspended, with 409 naming the suspension and its date", async () => {
    await suspend(suspended);
    try {
      const history = await chain.issuerRegistry.accreditationHistory(suspended.id);
      const since = new Date(Number(history.at(-1)!.until) * 1000).toISOString().slice(0, 16).replace("T", " ");
      const one = await registrar("POST", "/api/certificates", { subject: graduates[0] }, { "accept-language": "en" });
      expect(one.status).to.equal(409);
      expect(one.body.error.code).to.equal("UNIVERSITY_SUSPENDED");
      expect(one.body.error.message).to.include("suspended").and.include(since).and.include("accreditation audit");
      expect(one.body.error.details).to.include({ code: "UNIVERSITY_SUSPENDED", reason: "accreditation audit" });
      const arabic = await registrar(
        "POST",
        "/api/certificates/bulk",
        { certificates: issueRequests("SUSPENDED", 2) },
        { "accept-language": "ar" },
      );
      expect(arabic.status).to.equal(409);
      expect(arabic.body.error.message).to.include("معلَّق").and.include(since);
      const form = new FormData();
      form.set("file", new Blob([csvOf(1, "SUSPENDED-CSV")], { type: "text/csv" }), "graduates.csv");
      form.set("validOnly", "true");
      const french = await registrar("POST", "/api/certificates/bulk", form, { "accept-language": "fr" });
      expect(french.status).to.equal(409);
      expect(french.body.error.message).to.include("suspendue");
    } finally {
      await reinstate(suspended);
    }
    expect((await registrar("POST", "/api/certificates", { subject: graduates[0] })).status).to.equal(202);
  });

  it("fails a batch whose university was suspended before it was signed, hands out nothing, and re-seals it after reinstatement", async () => {
    const { body } = await registrar("POST", "/api/certificates/bulk", {
      certificates: issueRequests("HELD-SUSPENDED", THRESHOLD + 2),
    });
    const held = await heldBatch(registrar, body.certificates[0].id);
    expect(held.needsApproval).to.equal(1);
    const certificateId = body.certificates[0].id as string;
    const pdfWhileHeld = await registrar("GET", `/api/certificates/${certificateId}/pdf`);
    expect(pdfWhileHeld.status).to.equal(409);
    expect(pdfWhileHeld.body.error).to.include({ code: "NOT_ANCHORED_YET" });
    expect(pdfWhileHeld.body.error.details).to.deep.equal({ status: "batched" });

    await suspend(suspended);
    expect((await approver("POST", `/api/batches/${held.id}/approve`)).status).to.equal(200);
    const failed = await batchSettled(registrar, held.id);
    expect(failed).to.include({ status: "failed", signer: null });
    expect(failed.failure.code).to.equal("UNIVERSITY_SUSPENDED");
    expect(failed.failure.since).to.be.a("number");
    expect(failed.failure.message.en).to.include("suspended");
    expect(anchorTransactions(held.id)).to.equal(0);
    const record = await recordOf(registrar, certificateId);
    expect(record).to.include({ status: "failed", credential: null, verifierUrl: null, shortCode: null });
    expect((await registrar("GET", `/api/certificates/${certificateId}/pdf`)).status).to.equal(409);
    expect((await registrar("GET", `/api/batches/${held.id}/pdfs.zip`)).status).to.equal(409);
    expect((await apiCall(server.url, "GET", `/api/public/credentials/${certificateId}`)).status).to.equal(404);

    // Revoking a certificate of the failed batch sends nothing (it was never anchored) and keeps it out of the re-seal.
    const withdrawn = body.certificates[1].id as string;
    const revoked = await registrar("POST", `/api/certificates/${withdrawn}/revoke`, { reason: 3 });
    expect(revoked.status).to.equal(202);
    expect(
      server.context.db.prepare("SELECT status FROM revocations WHERE id = ?").pluck().get(revoked.body.revocations[0]),
    ).to.equal("failed");

    const tooEarly = await registrar("POST", `/api/batches/${held.id}/reseal`);
    expect(tooEarly.status).to.equal(409);
    expect(tooEarly.body.error.code).to.equal("UNIVERSITY_SUSPENDED");
    await reinstate(suspended);
    expect((await approver("POST", `/api/batches/${held.id}/reseal`)).status).to.equal(403);
    const resealed = await registrar("POST", `/api/batches/${held.id}/reseal`);
    expect(resealed.status).to.equal(202);
    expect(resealed.body.resealed).to.equal(held.count - 1);
    expect(await recordOf(registrar, withdrawn)).to.include({ status: "failed", batchId: held.id });
    expect((await registrar("POST", `/api/batches/${held.id}/reseal`)).status).to.equal(409);

    const next = await heldBatch(registrar, certificateId);
    expect(next.id).to.not.equal(held.id);
    expect((await approver("POST", `/api/batches/${next.id}/approve`)).status).to.equal(200);
    expect(await batchSettled(registrar, next.id)).to.include({ status: "confirmed" });
    const anchored = await recordOf(registrar, certificateId);
    expect(verdictOf(await verifyCredential(Credential.parse(anchored.credential), chain.verifyOptions()))).to.equal(
      "VALID",
    );
    expect((await registrar("GET", `/api/certificates/${certificateId}/pdf`)).status).to.equal(200);
    expect((await registrar("GET", `/api/batches/${held.id}`)).body).to.include({ status: "failed" });
  });

  it("stops issuance when the signer key is revoked on chain, never signs with it, and resumes after a rotation", async () => {
    const { body } = await otherRegistrar("POST", "/api/certificates/bulk", {
      certificates: issueRequests("HELD-KEY", THRESHOLD + 1),
    });
    const held = await heldBatch(otherRegistrar, body.certificates[0].id);
    // The key leaked: the university's operator revokes it straight on chain.
    await (await chain.issuerRegistry.connect(compromised.operator).revokeSigner(compromised.signer.address, 0)).wait();

    const refused = await otherRegistrar(
      "POST",
      "/api/certificates",
      { subject: graduates[1] },
      { "accept-language": "en" },
    );
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal("SIGNER_KEY_INVALID");
    expect(refused.body.error.message).to.include(compromised.signer.address).and.include("rotate");

    expect((await otherApprover("POST", `/api/batches/${held.id}/approve`)).status).to.equal(200);
    const failed = await batchSettled(otherRegistrar, held.id);
    expect(failed).to.include({ status: "failed", signer: null });
    expect(failed.failure).to.include({ code: "SIGNER_KEY_INVALID", key: compromised.signer.address });
    expect(anchorTransactions(held.id)).to.equal(0);

    expect((await otherAdmin("POST", "/api/keys/rotate", {})).status).to.equal(202);
    await eventually(
      async () => ((await otherAdmin("GET", "/api/keys")).body.rotation?.status === "done" ? true : undefined),
      30_000,
      "rotation done",
    );
    expect((await otherRegistrar("POST", `/api/batches/${held.id}/reseal`)).status).to.equal(202);
    const next = await heldBatch(otherRegistrar, body.certificates[0].id);
    expect((await otherApprover("POST", `/api/batches/${next.id}/approve`)).status).to.equal(200);
    const anchored = await batchSettled(otherRegistrar, next.id);
    expect(anchored.status).to.equal("confirmed");
    expect(anchored.signer).to.not.equal(compromised.signer.address);
  });

  it("fails a batch the registry refuses for good, naming the error, never retries it, and re-seals it", async () => {
    const { body } = await registrar("POST", "/api/certificates/bulk", {
      certificates: issueRequests("REFUSED-BY-CHAIN", THRESHOLD + 1),
    });
    const held = await heldBatch(registrar, body.certificates[0].id);
    // An anchoring transaction the registry can only refuse (a batch of no certificates), queued as the worker would.
    await server.worker.stop();
    expect((await approver("POST", `/api/batches/${held.id}/approve`)).status).to.equal(200);
    const { db, deployment, keys } = server.context;
    await signAndQueueBatch(
      db,
      deployment,
      { id: held.id, universityId: suspended.id, root: held.root, count: held.count },
      keys!.ring.signer(suspended.id),
      new Date(),
    );
    db.prepare("UPDATE chain_transactions SET data = ? WHERE kind = 'anchor' AND ref_id = ?").run(
      certificateRegistry.encodeFunctionData("anchor", [held.root, 0]),
      held.id,
    );
    server.worker.start();

    const failed = await batchSettled(registrar, held.id);
    expect(failed.status).to.equal("failed");
    expect(failed.failure).to.include({ code: "CHAIN_REFUSED", error: "CertificateRegistryInvalidCount" });
    expect(failed.failure.message.fr).to.include("CertificateRegistryInvalidCount");
    expect((await recordOf(registrar, body.certificates[0].id)).status).to.equal("failed");
    const transaction = () =>
      db.prepare("SELECT status, attempts FROM chain_transactions WHERE kind = 'anchor' AND ref_id = ?").get(held.id);
    const settled = transaction();
    expect(settled).to.include({ status: "failed" });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(transaction()).to.deep.equal(settled);

    expect((await registrar("POST", `/api/batches/${held.id}/reseal`)).status).to.equal(202);
    const next = await heldBatch(registrar, body.certificates[0].id);
    expect(next.root).to.not.equal(held.root);
    expect((await approver("POST", `/api/batches/${next.id}/approve`)).status).to.equal(200);
    expect(await batchSettled(registrar, next.id)).to.include({ status: "confirmed" });
  });

  it("has the command line follow issuance to the end, naming failures, and give up after --timeout", async () => {
    const token = (await registrar("POST", "/api/tokens", { label: "cli", scopes: ["read", "issue"] })).body
      .token as string;
    const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-cli-"));
    const file = path.join(dir, "graduates.csv");
    writeFileSync(file, csvOf(THRESHOLD + 1, "CLI-HELD"));
    const run = (...args: string[]) => runCli(["--server", server.url, "--token", token, ...args]);

    const waiting = await run("issue", "--file", file, "--timeout", "4");
    expect(waiting.code, waiting.output).to.equal(3);
    expect(waiting.output).to.match(/awaiting approval/i);
    expect(waiting.output).to.match(/Stopped waiting after 4 s/);

    const heldNow = async () =>
      (
        (await registrar("GET", "/api/batches")).body.batches as {
          id: number;
          status: string;
          needsApproval: number;
          approvedAt: number | null;
        }[]
      ).find((b) => b.status === "batched" && b.needsApproval === 1 && b.approvedAt === null);
    const left = await heldNow();
    expect(
      (await approver("POST", `/api/batches/${left!.id}/refuse`, { reason: "left by the first run" })).status,
    ).to.equal(200);

    const following = run("issue", "--file", file, "--timeout", "60");
    const batch = await eventually(heldNow, 30_000, "the second held batch");
    expect((await approver("POST", `/api/batches/${batch.id}/refuse`, { reason: "duplicate upload" })).status).to.equal(
      200,
    );
    const ended = await following;
    expect(ended.code, ended.output).to.equal(1);
    expect(ended.output).to.match(/failed/);
    expect(ended.output).to.include("duplicate upload");
  }, 120_000);
});
