import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { Credential, decodeVerifierUrl, decryptCredential, verdictOf, verifyCredential } from "../../core";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { apiCall, confirmedCertificate, eventually } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";
import { startServerWorld } from "../helpers/server-world";
import type { ServerWorld } from "../helpers/server-world";

describe("issuance server against a real Hardhat node and SQLite file", () => {
  let world: ServerWorld;
  let chain: TestChain;
  let jordan: TestUniversity;
  let server: TestServer;
  let registrar: Api;
  let otherRegistrar: Api;
  let approver: Api;
  let admin: Api;
  const graduates = fixtureGraduates();

  beforeAll(async () => {
    world = await startServerWorld({
      universities: 2,
      staff: [
        { university: 0, email: "registrar@ju.edu.jo", role: "registrar" },
        { university: 0, email: "approver@ju.edu.jo", role: "approver" },
        { university: 0, email: "admin@ju.edu.jo", role: "admin" },
        { university: 1, email: "registrar@yu.edu.jo", role: "registrar" },
      ],
    });
    ({ chain, server } = world);
    [jordan] = world.universities as [TestUniversity];
    [registrar, approver, admin, otherRegistrar] = world.staff as [Api, Api, Api, Api];
  });
  afterAll(() => world?.stop());

  const confirmed = (id: string, api: Api = registrar) => confirmedCertificate(api, id);

  it("issues one certificate that ends anchored and verifies with core against the chain", async () => {
    const issued = await registrar("POST", "/api/certificates", { subject: graduates[3] });
    expect(issued.status).to.equal(202);
    expect(issued.body.status).to.equal("pending");
    const record = await confirmed(issued.body.id);
    const credential = Credential.parse(record.credential);
    expect(credential.credentialSubject).to.deep.equal(graduates[3]);
    expect(credential.issuer.universityId).to.equal(jordan.id);
    expect(verdictOf(await verifyCredential(credential, chain.verifyOptions()))).to.equal("VALID");

    expect(issued.body).to.not.have.any.keys("verifierUrl", "shortCode");
    const locator = decodeVerifierUrl(record.verifierUrl);
    const published = await apiCall(server.url, "GET", `/api/public/credentials/${locator.credentialId}`);
    expect(published.status).to.equal(200);
    expect(JSON.stringify(published.body)).to.not.include(graduates[3]!.nameLatin);
    const decrypted = JSON.parse(
      await decryptCredential(published.body.encrypted, locator.secret, locator.credentialId),
    );
    expect(decrypted).to.deep.equal(record.credential);
  });

  it("revokes a certificate on chain, after which it verifies as revoked with the reason", async () => {
    const issued = await registrar("POST", "/api/certificates", { subject: graduates[0] });
    await confirmed(issued.body.id);
    const revoked = await registrar("POST", `/api/certificates/${issued.body.id}/revoke`, { reason: "data-error" });
    expect(revoked.status).to.equal(202);
    const record = (await registrar("GET", `/api/certificates/${issued.body.id}`)).body;
    expect(record.revocation.reason, "the reason answered by name").to.equal("data-error");
    const credential = Credential.parse(record.credential);
    const fragments = await eventually(
      async () => {
        const result = await verifyCredential(credential, chain.verifyOptions());
        return verdictOf(result) === "REVOKED" ? result : undefined;
      },
      20_000,
      "revocation on chain",
    );
    expect(fragments.find((f) => f.name === "NOT_REVOKED")?.data?.reason, "its code on chain").to.equal(1);
    // The code on chain is still accepted, as requests sent before the names did.
    const again = await registrar("POST", `/api/certificates/${issued.body.id}/revoke`, { reason: 2 });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal("ALREADY_REVOKED");
  });

  it("issues a JSON list in one batch, anchored by one transaction", async () => {
    const response = await registrar("POST", "/api/certificates/bulk", {
      certificates: graduates.map((subject, i) => ({ subject: { ...subject, identifier: `LIST-${i}` } })),
    });
    expect(response.status).to.equal(202);
    expect(response.body.accepted).to.equal(graduates.length);
    const records = await Promise.all(response.body.certificates.map((c: { id: string }) => confirmed(c.id)));
    expect(new Set(records.map((r) => r.batchId)).size).to.equal(1);
    const { body: batch } = await registrar("GET", `/api/batches/${records[0].batchId}`);
    expect(batch).to.include({ status: "confirmed", count: graduates.length });
    expect(batch.txHash).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("issues a CSV upload, reporting every bad cell and issuing nothing unless asked for the valid rows", async () => {
    const header = "name_ar,name_latin,identifier,degree,programme_ar,programme_en,programme_fr,graduation_date,grade";
    const row = (i: number, overrides: Partial<Record<string, string>> = {}) => {
      const g = graduates[i]!;
      const cells = {
        name_ar: g.nameAr,
        name_latin: g.nameLatin,
        identifier: `CSV-${i}`,
        degree: g.degree,
        programme_ar: g.programme.ar,
        programme_en: g.programme.en,
        programme_fr: g.programme.fr,
        graduation_date: g.graduationDate,
        grade: g.grade,
        ...overrides,
      };
      return Object.values(cells)
        .map((v) => `"${v}"`)
        .join(",");
    };
    const csv = [
      header,
      row(0),
      row(1, { name_ar: "Ahmad", graduation_date: "2025-02-30" }),
      row(2),
      row(3, { degree: "phd" }),
    ].join("\r\n");
    const upload = (validOnly?: boolean) => {
      const form = new FormData();
      form.set("file", new Blob([csv], { type: "text/csv" }), "graduates.csv");
      if (validOnly) form.set("validOnly", "true");
      return registrar("POST", "/api/certificates/bulk", form);
    };
    const before = server.context.db.prepare("SELECT COUNT(*) FROM certificates").pluck().get();
    const rejected = await upload();
    expect(rejected.status).to.equal(422);
    expect(rejected.body.error.code).to.equal("IMPORT_INVALID");
    expect(
      rejected.body.error.details.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`),
    ).to.have.members(["3:name_ar", "3:graduation_date", "5:degree"]);
    expect(server.context.db.prepare("SELECT COUNT(*) FROM certificates").pluck().get()).to.equal(before);

    const partial = await upload(true);
    expect(partial.status).to.equal(202);
    expect(partial.body.accepted).to.equal(2);
    expect(partial.body.certificates.map((c: { row: number }) => c.row)).to.deep.equal([2, 4]);
    await Promise.all(partial.body.certificates.map((c: { id: string }) => confirmed(c.id)));
  });

  it("refuses an oversized upload early", async () => {
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(6 * 1024 * 1024)]), "huge.csv");
    const response = await registrar("POST", "/api/certificates/bulk", form);
    expect(response.status).to.equal(413);
    expect(response.body.error.code).to.equal("PAYLOAD_TOO_LARGE");
  });

  it("returns the first answer to a retried request with the same idempotency key, issuing once", async () => {
    const headers = { "idempotency-key": "retry-test-0001" };
    const subject = { ...graduates[1], identifier: "IDEMPOTENT-1" };
    const first = await registrar("POST", "/api/certificates", { subject }, headers);
    const second = await registrar("POST", "/api/certificates", { subject }, headers);
    expect(second.status).to.equal(202);
    expect(second.body.id).to.equal(first.body.id);
    const count = server.context.db
      .prepare("SELECT COUNT(*) FROM certificates WHERE identifier = ?")
      .pluck()
      .get("IDEMPOTENT-1");
    expect(count).to.equal(1);
    const different = await registrar("POST", "/api/certificates", { subject: graduates[2] }, headers);
    expect(different.status).to.equal(409);
    expect(different.body.error.code).to.equal("IDEMPOTENCY_KEY_REUSED");
  });

  it("answers every kind of bad input with a 4xx, a code, the field path and a message", async () => {
    const malformed = await registrar("POST", "/api/certificates", "{not json");
    expect(malformed.status).to.equal(400);
    expect(malformed.body.error.code).to.equal("MALFORMED_JSON");

    const invalid = await registrar("POST", "/api/certificates", {
      subject: { ...graduates[0], nameAr: "Ahmad", graduationDate: "2025-13-01", degree: "phd" },
    });
    expect(invalid.status).to.equal(400);
    expect(invalid.body.error.code).to.equal("VALIDATION_FAILED");
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).to.have.members([
      "subject.nameAr",
      "subject.graduationDate",
      "subject.degree",
    ]);

    const extra = await registrar("POST", "/api/certificates", { subject: graduates[0], secretField: 1 });
    expect(extra.status).to.equal(400);

    const badBulk = await registrar("POST", "/api/certificates/bulk", {
      certificates: [{ subject: graduates[0] }, { subject: { ...graduates[1], grade: "" } }],
    });
    expect(badBulk.status).to.equal(400);
    expect(badBulk.body.error.details[0].path).to.equal("certificates.1.subject.grade");

    const badQuery = await registrar("GET", "/api/certificates?limit=100000&status=lost");
    expect(badQuery.status).to.equal(400);
    expect(badQuery.body.error.details.map((d: { path: string }) => d.path)).to.have.members(["limit", "status"]);

    expect((await registrar("GET", "/api/certificates/not-an-id")).status).to.equal(400);
    expect((await registrar("GET", "/api/certificates/0123456789abcdef")).status).to.equal(404);
    expect((await registrar("POST", "/api/certificates/0123456789abcdef/revoke", { reason: 9 })).status).to.equal(400);
    const unnamed = await registrar("POST", "/api/certificates/0123456789abcdef/revoke", { reason: "mistake" });
    expect(unnamed.status).to.equal(400);
    expect(unnamed.body.error.details[0].message).to.match(/data-error.*fraud.*withdrawn.*replaced/);
    expect((await registrar("POST", "/api/certificates", "x".repeat(25 * 1024 * 1024))).status).to.equal(413);
    expect((await apiCall(server.url, "GET", "/api/public/credentials/zz")).status).to.equal(400);
    expect((await apiCall(server.url, "GET", "/api/public/credentials/0123456789abcdef")).status).to.equal(404);
  });

  it("speaks the registrar's language in error messages", async () => {
    const arabic = await registrar("POST", "/api/certificates", "{", { "accept-language": "ar" });
    expect(arabic.body.error.message).to.equal("نص الطلب ليس JSON صالحًا.");
    const french = await registrar("POST", "/api/certificates", "{", { "accept-language": "fr-FR,fr;q=0.9" });
    expect(french.body.error.message).to.equal("Le corps de la requête n'est pas un JSON valide.");
  });

  it("requires a valid token for every non-public endpoint", async () => {
    expect((await apiCall(server.url, "GET", "/api/certificates")).status).to.equal(401);
    expect((await apiCall(server.url, "POST", "/api/certificates", { subject: graduates[0] })).status).to.equal(401);
    expect(
      (await apiCall(server.url, "GET", "/api/certificates", undefined, { authorization: "Bearer tsq_forged" })).status,
    ).to.equal(401);
    const wrong = await apiCall(server.url, "POST", "/api/auth/login", {
      email: "registrar@ju.edu.jo",
      password: "wrong password",
    });
    expect(wrong.status).to.equal(401);
    expect(wrong.body.error.code).to.equal("INVALID_LOGIN");
  });

  it("keeps each university's certificates to itself", async () => {
    const issued = await registrar("POST", "/api/certificates", { subject: graduates[4] });
    expect((await otherRegistrar("GET", `/api/certificates/${issued.body.id}`)).status).to.equal(404);
    expect((await otherRegistrar("POST", `/api/certificates/${issued.body.id}/revoke`, { reason: 2 })).status).to.equal(
      404,
    );
    expect(
      (await otherRegistrar("POST", "/api/certificates/revoke", { ids: [issued.body.id], reason: 2 })).status,
    ).to.equal(404);
    const listed = await otherRegistrar("GET", `/api/certificates?q=${issued.body.id}`);
    expect(listed.body.total).to.equal(0);
    const { body: own } = await registrar("GET", `/api/certificates?q=${encodeURIComponent(graduates[4]!.nameAr)}`);
    expect(own.certificates.map((c: { id: string }) => c.id)).to.include(issued.body.id);
    const { body: batches } = await otherRegistrar("GET", "/api/batches");
    const jordanBatches = server.context.db
      .prepare("SELECT id FROM batches WHERE university_id = ?")
      .pluck()
      .all(jordan.id);
    expect(batches.batches.map((b: { id: number }) => b.id)).to.not.include.members(jordanBatches);
  });

  it("lets each role do only its own work", async () => {
    expect((await approver("POST", "/api/certificates", { subject: graduates[0] })).status).to.equal(403);
    expect((await registrar("GET", "/api/staff")).status).to.equal(403);
    expect(
      (
        await registrar("POST", "/api/staff", {
          email: "x@ju.edu.jo",
          name: "X",
          role: "admin",
          password: "long enough password",
        })
      ).status,
    ).to.equal(403);
    const created = await admin("POST", "/api/staff", {
      email: "new.registrar@ju.edu.jo",
      name: "New Registrar",
      role: "registrar",
      password: "another long password",
    });
    expect(created.status).to.equal(201);
    expect(created.body).to.not.have.any.keys("password", "passwordHash", "password_hash");
    const { body: staff } = await admin("GET", "/api/staff");
    expect(staff.staff.map((s: { email: string }) => s.email)).to.include("new.registrar@ju.edu.jo");
    expect(staff.staff.map((s: { email: string }) => s.email)).to.not.include("registrar@yu.edu.jo");
  });

  it("records who did what in the audit log", () => {
    const actions = server.context.db
      .prepare("SELECT action FROM audit_log WHERE university_id = ?")
      .pluck()
      .all(jordan.id);
    expect(actions).to.include.members(["login", "certificates.issue", "certificates.revoke", "staff.create"]);
  });
});
