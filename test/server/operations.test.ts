import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { Credential, verdictOf, verifyCredential } from "../../core";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { runCli } from "../helpers/cli";
import { apiRoutes } from "../helpers/routes";
import { METRICS_TOKEN, apiCall, eventually, startTestServer } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";

describe("issuance server operations: tokens, approval, batch revocation, CLI, headers, metrics, docs", () => {
  let chain: TestChain;
  let server: TestServer;
  let registrar: Api;
  let approver: Api;
  const graduates = fixtureGraduates();

  beforeAll(async () => {
    chain = await startTestChain();
    const university = await accreditUniversity(chain);
    server = await startTestServer(chain, [university], {
      settings: { approvalThreshold: 3 },
      staff: [
        { universityId: university.id, email: "registrar@ju.edu.jo", role: "registrar" },
        { universityId: university.id, email: "approver@ju.edu.jo", role: "approver" },
        { universityId: university.id, email: "graduation@ju.edu.jo", role: "registrar" },
      ],
    });
    registrar = await server.login("registrar@ju.edu.jo");
    approver = await server.login("approver@ju.edu.jo");
  });
  afterAll(async () => {
    await server?.stop();
    await chain?.stop();
  });

  const statusOf = async (id: string) => (await registrar("GET", `/api/certificates/${id}`)).body;

  it("holds a batch above the approval threshold until an approver approves it", async () => {
    // Another registrar: the policy counts per person, and this one's five would hold the later batches of the first.
    const graduation = await server.login("graduation@ju.edu.jo");
    const { body } = await graduation("POST", "/api/certificates/bulk", {
      certificates: graduates.slice(0, 5).map((subject) => ({ subject })),
    });
    const first = await eventually(async () =>
      (await statusOf(body.certificates[0].id)).status === "batched" ? statusOf(body.certificates[0].id) : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await statusOf(body.certificates[0].id)).status).to.equal("batched");
    const batch = (await registrar("GET", `/api/batches/${first.batchId}`)).body;
    expect(batch).to.include({ needsApproval: 1, approvedAt: null, count: 5 });
    expect((await registrar("POST", `/api/batches/${first.batchId}/approve`)).status).to.equal(403);
    expect((await approver("POST", `/api/batches/${first.batchId}/approve`)).status).to.equal(200);
    expect((await approver("POST", `/api/batches/${first.batchId}/approve`)).status).to.equal(409);
    await eventually(async () => ((await statusOf(body.certificates[0].id)).status === "confirmed" ? true : undefined));
  });

  it("revokes a whole batch on chain", async () => {
    const { body } = await registrar("POST", "/api/certificates/bulk", {
      certificates: graduates.slice(0, 2).map((subject, i) => ({ subject: { ...subject, identifier: `WHOLE-${i}` } })),
    });
    const record = await eventually(async () => {
      const r = await statusOf(body.certificates[1].id);
      return r.status === "confirmed" ? r : undefined;
    });
    const revoke = () => registrar("POST", `/api/batches/${record.batchId}/revoke`, { reason: "withdrawn" });
    expect((await revoke()).status).to.equal(202);
    expect((await revoke()).status).to.equal(409);
    expect((await registrar("GET", `/api/batches/${record.batchId}`)).body.revocationReason).to.equal("withdrawn");
    const credential = Credential.parse(record.credential);
    await eventually(async () =>
      verdictOf(await verifyCredential(credential, chain.verifyOptions())) === "REVOKED" ? true : undefined,
    );
  });

  it("issues API tokens for machine clients, usable until revoked", async () => {
    const created = await registrar("POST", "/api/tokens", { label: "student information system", scopes: ["read"] });
    expect(created.status).to.equal(201);
    const machine = { authorization: `Bearer ${created.body.token}` };
    expect((await apiCall(server.url, "GET", "/api/certificates", undefined, machine)).status).to.equal(200);
    const listed = await registrar("GET", "/api/tokens");
    expect(JSON.stringify(listed.body)).to.not.include(created.body.token);
    expect((await registrar("DELETE", `/api/tokens/${created.body.id}`)).status).to.equal(204);
    expect((await apiCall(server.url, "GET", "/api/certificates", undefined, machine)).status).to.equal(401);
    expect((await registrar("POST", "/api/auth/logout")).status).to.equal(204);
    expect((await registrar("GET", "/api/me")).status).to.equal(401);
    registrar = await server.login("registrar@ju.edu.jo");
  });

  it("slows down password guessing", async () => {
    const limited = await startTestServer(chain, [], { loginAttemptsPerWindow: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await apiCall(limited.url, "POST", "/api/auth/login", { email: "someone@ju.edu.jo", password: "guess" }))
            .status,
        );
      expect(statuses).to.deep.equal([401, 401, 401, 429, 429]);
    } finally {
      await limited.stop();
    }
  });

  it("drives issuance from the command line with a CSV file and a per-row error report", async () => {
    const token = (await registrar("POST", "/api/tokens", { label: "cli", scopes: ["read", "issue", "revoke"] })).body
      .token as string;
    const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-cli-"));
    const file = path.join(dir, "graduates.csv");
    const g = graduates[6]!;
    writeFileSync(
      file,
      [
        "name_ar,name_latin,identifier,degree,programme_ar,programme_en,programme_fr,graduation_date,grade",
        `${g.nameAr},${g.nameLatin},CLI-1,${g.degree},${g.programme.ar},${g.programme.en},${g.programme.fr},${g.graduationDate},${g.grade}`,
        `${g.nameAr},${g.nameLatin},CLI-2,phd,${g.programme.ar},${g.programme.en},${g.programme.fr},${g.graduationDate},${g.grade}`,
      ].join("\n"),
    );
    const run = (...args: string[]) => runCli(["--server", server.url, "--token", token, ...args]);
    const refused = await run("issue", "--file", file);
    expect(refused.code).to.equal(2);
    expect(refused.output).to.match(/IMPORT_UNKNOWN_DEGREE/);
    expect(refused.output).to.match(/Nothing was issued/);
    const partial = await run("issue", "--file", file, "--valid-only");
    expect(partial.code, partial.output).to.equal(0);
    expect(partial.output).to.match(/Accepted 1 certificate/);
    expect(partial.output).to.match(/confirmed/);
    const status = await run("status");
    expect(status.output).to.match(/confirmed/);
  }, 120_000);

  it("sends security headers, serves metrics and a browsable OpenAPI document", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.headers.get("x-content-type-options")).to.equal("nosniff");
    expect(response.headers.get("content-security-policy")).to.include("default-src 'self'");
    expect(response.headers.get("x-powered-by")).to.equal(null);
    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metrics).to.match(/tasdiq_certificates\{status="confirmed"\} \d+/);
    expect(metrics).to.match(/tasdiq_http_requests_total/);
    const openapi = await apiCall(server.url, "GET", "/api/openapi.json");
    expect(openapi.body.openapi).to.equal("3.1.0");
    expect(openapi.body.paths).to.include.keys(
      "/api/certificates",
      "/api/certificates/bulk",
      "/api/public/credentials/{id}",
    );
    const docs = await fetch(`${server.url}/api/docs/`);
    expect(await docs.text()).to.include("swagger-ui-bundle.js");
    expect((await fetch(`${server.url}/api/docs/swagger-ui-bundle.js`)).status).to.equal(200);
  });

  it("documents every route of the API in the OpenAPI document", async () => {
    const documented = (await apiCall(server.url, "GET", "/api/openapi.json")).body.paths as Record<
      string,
      Record<string, unknown>
    >;
    const routes = apiRoutes(server.context);
    expect(routes.length).to.be.above(20);
    const missing = routes.filter(
      ({ method, path: route }) =>
        !documented[route]?.[method] && !route.startsWith("/api/docs") && route !== "/api/openapi.json",
    );
    expect(missing).to.deep.equal([]);
  });
});

describe("certificate PDF download", () => {
  it("serves the signed certificate as a one-page PDF, and only to its university", async () => {
    const { PDFDocument } = await import("pdf-lib");
    const chain = await startTestChain();
    const [jordan, yarmouk] = [
      await accreditUniversity(chain, { operatorIndex: 2 }),
      await accreditUniversity(chain, { operatorIndex: 3 }),
    ];
    const server = await startTestServer(chain, [jordan, yarmouk], {
      staff: [
        { universityId: jordan.id, email: "registrar@ju.edu.jo", role: "registrar" },
        { universityId: yarmouk.id, email: "registrar@yu.edu.jo", role: "registrar" },
      ],
    });
    try {
      const registrar = await server.login("registrar@ju.edu.jo");
      const other = await server.login("registrar@yu.edu.jo");
      const { body } = await registrar("POST", "/api/certificates", { subject: fixtureGraduates()[7] });
      await eventually(async () =>
        (await registrar("GET", `/api/certificates/${body.id}`)).body.credential ? true : undefined,
      );
      const response = await fetch(`${server.url}/api/certificates/${body.id}/pdf`, {
        headers: { authorization: `Bearer ${registrar.token}` },
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.equal("application/pdf");
      const pdf = await PDFDocument.load(new Uint8Array(await response.arrayBuffer()));
      expect(pdf.getPageCount()).to.equal(1);
      expect(pdf.getTitle()).to.be.a("string");
      expect((await other("GET", `/api/certificates/${body.id}/pdf`)).status).to.equal(404);
    } finally {
      await server.stop();
      await chain.stop();
    }
  });
});
