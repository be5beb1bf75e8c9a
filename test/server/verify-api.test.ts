import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { VerifierConfig, encodeVerifierUrl } from "../../core";
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
    server = await startTestServer(chain, [university], {
      staff: [{ universityId: university.id, email: "registrar@ju.edu.jo", role: "registrar" }],
    });
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
        "FORMAT",
        "INTEGRITY",
        "MERKLE_PROOF",
        "ANCHORED",
        "ISSUER_SIGNATURE",
        "ISSUER_ACCREDITED",
        "NOT_REVOKED",
        "NOT_EXPIRED",
      ]);
      expect(response.body.credential).to.deep.equal(credential);
      expect(response.body.issuer.university).to.deep.include({
        id: university.id,
        country: "JO",
        names: university.identity.name,
      });
      expect(response.body.issuer.suspendedSince).to.equal(undefined);
    }
  });

  it("refuses a batch a university signed and anchored under another university's identity, and never echoes the claim", async () => {
    const cairo = { ar: "جامعة القاهرة", en: "Cairo University", fr: "Université du Caire" };
    const { credentials } = await issueBatch(
      chain,
      { ...university, identity: { ...university.identity, name: cairo } },
      fixtureGraduates().slice(0, 1),
    );
    const response = await verify({ credential: credentials[0] });
    expect(response.body.verdict).to.equal("INVALID");
    expect(response.body.checks.find((c: { name: string }) => c.name === "ISSUER_ACCREDITED").reason.code).to.equal(
      "ACCREDITED_WRONG_NAME",
    );
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
    const typo = await verify({
      code: `${issued.shortCode.slice(0, -1)}${issued.shortCode.endsWith("0") ? "1" : "0"}`,
    });
    expect(typo.status).to.equal(400);
    expect(typo.body.error.code).to.equal("CODE_CHECK_FAILED");
    expect((await verify({ url: "https://example.org/v#nonsense" })).status).to.equal(400);
    const unknown = issued.verifierUrl.replace(/#.*/, "#AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE");
    expect([400, 404]).to.include((await verify({ url: unknown })).status);
  });

  it("serves the verifier configuration: the RPC browsers use, the nodes they cross-check with and the trusted deployment", async () => {
    const { status, body } = await apiCall(server.url, "GET", "/v/config.json");
    expect(status).to.equal(200);
    expect(VerifierConfig.parse(body)).to.deep.equal({ rpcUrl: chain.node.url, deployments: [chain.deployment] });
    const nodes = ["https://rpc.ministry.example.jo", "https://rpc.alecso.example.org"];
    const crossChecked = await startTestServer(chain, [], { publicCrossCheckRpcUrls: nodes });
    try {
      const answer = await apiCall(crossChecked.url, "GET", "/v/config.json");
      expect(VerifierConfig.parse(answer.body).crossCheckRpcUrls).to.deep.equal(nodes);
    } finally {
      await crossChecked.stop();
    }
  });
});

describe("POST /api/verify cannot be turned against anyone", () => {
  let chain: TestChain;
  let server: TestServer;
  let elsewhere: TestUniversity;
  let hostile: Server;
  let requestsSeen = 0;
  /** A QR link of the university hosted elsewhere; the credential id tells the hostile server how to answer. */
  const link = (behaviour: string): string =>
    encodeVerifierUrl("http://127.0.0.1:1", {
      chainId: chain.deployment.chainId,
      universityId: elsewhere.id,
      credentialId: behaviour.padEnd(16, "0"),
      secret: new Uint8Array(16),
    });
  const verify = (body: unknown, headers?: Record<string, string>) =>
    apiCall(server.url, "POST", "/api/verify", body, headers);

  beforeAll(async () => {
    chain = await startTestChain();
    const hosted = await accreditUniversity(chain);
    elsewhere = await accreditUniversity(chain, {
      operatorIndex: 3,
      name: { ar: "جامعة اليرموك", en: "Yarmouk University", fr: "Université de Yarmouk" },
    });
    // The university's server on chain answers each credential id its own way: huge, endless, slow, or redirecting inwards.
    hostile = createServer((request, response) => {
      requestsSeen++;
      const id = request.url?.split("/").pop() ?? "";
      if (id.startsWith("b1"))
        return response.writeHead(200, { "content-type": "application/json" }).end(Buffer.alloc(1024 * 1024, " "));
      if (id.startsWith("b2")) {
        response.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, " ");
        const pump = (): void => void (response.write(chunk) ? setImmediate(pump) : response.once("drain", pump));
        return pump();
      }
      if (id.startsWith("b3")) return response.writeHead(200).write("{");
      if (id.startsWith("b4")) return response.writeHead(302, { location: "http://10.0.0.1/" }).end();
      if (id.startsWith("b5")) return response.writeHead(302, { location: request.url ?? "/" }).end();
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    const port = (hostile.address() as AddressInfo).port;
    await (await chain.issuerRegistry.connect(elsewhere.operator).setUniversityUrl(`http://127.0.0.1:${port}`)).wait();
    server = await startTestServer(chain, [hosted], { outboundTimeoutMs: 1000 });
  });
  afterAll(async () => {
    hostile?.closeAllConnections();
    hostile?.close();
    await server?.stop();
    await chain?.stop();
  });

  it("stops reading a university server's answer past 256 KiB or after the timeout, and follows no redirect inwards nor in circles", async () => {
    for (const behaviour of ["b1", "b2", "b3", "b4", "b5"]) {
      const started = performance.now();
      const response = await verify({ url: link(behaviour) });
      expect(response.status, behaviour).to.equal(502);
      expect(response.body.error.code, behaviour).to.equal("ISSUER_UNREACHABLE");
      expect(performance.now() - started, behaviour).to.be.below(3000);
    }
    // The redirect loop was followed twice, not twenty times.
    expect(requestsSeen).to.be.at.most(5 + 2);
  });

  it("answers 429 with Retry-After, in the caller's language, to an address past its rate", async () => {
    const limited = await startTestServer(chain, [], {
      anonymousLimits: { ratePerSecond: 1, burst: 2, verifyConcurrency: 1 },
    });
    try {
      const statuses = [];
      for (const path of [
        "/v/config.json",
        "/api/public/credentials/0123456789abcdef",
        "/api/public/credentials/0123456789abcdef",
      ]) {
        statuses.push((await apiCall(limited.url, "GET", path, undefined, { "accept-language": "ar" })).status);
      }
      expect(statuses.slice(0, 2)).to.not.include(429);
      const response = await fetch(`${limited.url}/api/verify`, {
        method: "POST",
        headers: { "content-type": "application/json", "accept-language": "ar" },
        body: "{}",
      });
      expect(response.status).to.equal(429);
      expect(response.headers.get("retry-after")).to.equal("1");
      expect(await response.json()).to.deep.equal({
        error: { code: "TOO_MANY_REQUESTS", message: "طلبات كثيرة جدًا من هذا العنوان. أعد المحاولة بعد قليل." },
      });
      // Health stays out of it, for monitoring.
      expect((await apiCall(limited.url, "GET", "/api/health")).status).to.equal(200);
    } finally {
      await limited.stop();
    }
  });

  it("refuses a body of 1 MB at once, without reading it", async () => {
    const started = performance.now();
    const response = await verify({ credential: { padding: "x".repeat(1024 * 1024) } });
    expect(response.status).to.equal(413);
    expect(response.body.error.code).to.equal("PAYLOAD_TOO_LARGE");
    expect(performance.now() - started).to.be.below(2000);
  });
});

describe("a chain that does not match the database", () => {
  it("is refused before the server starts issuing on it", async () => {
    const { checkChainMatchesDatabase } = await import("../../server/server");
    const { createEthersChainReader } = await import("../../core");
    const original = await startTestChain();
    const university = await accreditUniversity(original);
    const server = await startTestServer(original, [university], {
      staff: [{ universityId: university.id, email: "r@ju.edu.jo", role: "registrar" }],
    });
    const fresh = await startTestChain();
    try {
      const registrar = await server.login("r@ju.edu.jo");
      const { body } = await registrar("POST", "/api/certificates", { subject: fixtureGraduates()[0] });
      await eventually(async () =>
        (await registrar("GET", `/api/certificates/${body.id}`)).body.status === "confirmed" ? true : undefined,
      );
      await checkChainMatchesDatabase(
        server.context.db,
        createEthersChainReader(original.provider, original.deployment),
      );
      const error = await checkChainMatchesDatabase(
        server.context.db,
        createEthersChainReader(fresh.provider, fresh.deployment),
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as Error).message).to.match(/the chain does not match the database/);
    } finally {
      await server.stop();
      await fresh.stop();
      await original.stop();
    }
  });
});
