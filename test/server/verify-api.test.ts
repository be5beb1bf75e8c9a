import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { VerifierConfig } from "../../core";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { issueBatch } from "../helpers/issue";
import { fixtureGraduates } from "../helpers/graduates";
import { apiCall, eventually, startTestServer } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";

describe("POST /api/verify for employers' systems", () => {
  let chain: TestChain;
  let server: TestServer;
  let registrar: Api;
  let university: TestUniversity;
  let issued: { id: string; verifierUrl: string; shortCode: string; credential: Record<string, any> };
  let credential: Record<string, any>;
  const verify = (body: unknown) => apiCall(server.url, "POST", "/api/verify", body);

  beforeAll(async () => {
    chain = await startTestChain();
    university = await accreditUniversity(chain);
    server = await startTestServer(chain, [university], { staff: [{ universityId: university.id, email: "registrar@ju.edu.jo", role: "registrar" }] });
    registrar = await server.login("registrar@ju.edu.jo");
    const { id } = (await registrar("POST", "/api/certificates", { subject: fixtureGraduates()[5] })).body;
    // The QR link and typed code are given once the certificate is anchored, with its credential.
    issued = await eventually(async () => {
      const { body } = await registrar("GET", `/api/certificates/${id}`);
      return body.status === "confirmed" ? body : undefined;
    });
    credential = issued.credential;
  });
  afterAll(async () => {
    await server?.stop();
    await chain?.stop();
  });

  it("verifies a credential given as JSON, as a QR link and as a typed code, with the same checks", async () => {
    for (const body of [{ credential }, { url: issued.verifierUrl }, { code: issued.shortCode.toLowerCase() }]) {
      const response = await verify(body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).to.equal(200);
      expect(response.body.verdict).to.equal("VALID");
      expect(response.body.checks.map((c: { name: string }) => c.name)).to.deep.equal([
        "FORMAT", "INTEGRITY", "MERKLE_PROOF", "ANCHORED", "ISSUER_SIGNATURE", "ISSUER_ACCREDITED", "NOT_REVOKED", "NOT_EXPIRED",
      ]);
      expect(response.body.credential).to.deep.equal(credential);
      expect(response.body.issuer.university).to.deep.include({ id: university.id, country: "JO", names: university.identity.name });
      expect(response.body.issuer.suspendedSince).to.equal(undefined);
    }
  });

  it("refuses a batch a university signed and anchored under another university's identity, and never echoes the claim", async () => {
    const cairo = { ar: "جامعة القاهرة", en: "Cairo University", fr: "Université du Caire" };
    const { credentials } = await issueBatch(chain, { ...university, identity: { ...university.identity, name: cairo } }, fixtureGraduates().slice(0, 1));
    const response = await verify({ credential: credentials[0] });
    expect(response.body.verdict).to.equal("INVALID");
    expect(response.body.checks.find((c: { name: string }) => c.name === "ISSUER_ACCREDITED").reason.code).to.equal("ACCREDITED_WRONG_NAME");
    expect(response.body.credential).to.equal(null);
    expect(response.body.issuer.university.names).to.deep.equal(university.identity.name);
    expect(JSON.stringify(response.body)).to.not.contain("Cairo University");
  });

  it("reports a tampered credential as invalid, naming the check", async () => {
    const tampered = { ...credential, credentialSubject: { ...credential.credentialSubject, grade: "ممتاز" } };
    const response = await verify({ credential: tampered });
    expect(response.body.verdict).to.equal("INVALID");
    expect(response.body.checks.find((c: { name: string }) => c.name === "INTEGRITY").status).to.equal("INVALID");
    const garbage = await verify({ credential: { hello: "world" } });
    expect(garbage.status).to.equal(200);
    expect(garbage.body.checks[0]).to.include({ name: "FORMAT", status: "INVALID" });
  });

  it("answers bad requests with a 4xx and a code", async () => {
    expect((await verify({})).status).to.equal(400);
    expect((await verify({ url: 5 })).status).to.equal(400);
    const typo = await verify({ code: `${issued.shortCode.slice(0, -1)}${issued.shortCode.endsWith("0") ? "1" : "0"}` });
    expect(typo.status).to.equal(400);
    expect(typo.body.error.code).to.equal("CODE_CHECK_FAILED");
    expect((await verify({ url: "https://example.org/v#nonsense" })).status).to.equal(400);
    const unknown = issued.verifierUrl.replace(/#.*/, "#AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE");
    expect([400, 404]).to.include((await verify({ url: unknown })).status);
  });

  it("serves the verifier configuration: the RPC browsers use and the trusted deployment", async () => {
    const { status, body } = await apiCall(server.url, "GET", "/v/config.json");
    expect(status).to.equal(200);
    expect(VerifierConfig.parse(body)).to.deep.equal({ rpcUrl: chain.node.url, deployments: [chain.deployment] });
  });
});

describe("a chain that does not match the database", () => {
  it("is refused before the server starts issuing on it", async () => {
    const { checkChainMatchesDatabase } = await import("../../server/server");
    const { createEthersChainReader } = await import("../../core");
    const original = await startTestChain();
    const university = await accreditUniversity(original);
    const server = await startTestServer(original, [university], { staff: [{ universityId: university.id, email: "r@ju.edu.jo", role: "registrar" }] });
    const fresh = await startTestChain();
    try {
      const registrar = await server.login("r@ju.edu.jo");
      const { body } = await registrar("POST", "/api/certificates", { subject: fixtureGraduates()[0] });
      await eventually(async () => ((await registrar("GET", `/api/certificates/${body.id}`)).body.status === "confirmed" ? true : undefined));
      await checkChainMatchesDatabase(server.context.db, createEthersChainReader(original.provider, original.deployment));
      const error = await checkChainMatchesDatabase(server.context.db, createEthersChainReader(fresh.provider, fresh.deployment)).then(() => undefined, (e: unknown) => e);
      expect((error as Error).message).to.match(/the chain does not match the database/);
    } finally {
      await server.stop();
      await fresh.stop();
      await original.stop();
    }
  });
});
