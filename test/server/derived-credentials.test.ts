import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { Credential, decodeVerifierUrl, encodeVerifierUrl, holderProof } from "../../core";
import type { HideableFieldPath, HolderRequest } from "../../core";
import { createApp } from "../../server/app";
import { DERIVED_CREDENTIALS_PER_CERTIFICATE } from "../../server/public/holder-routes";
import { fixtureGraduates } from "../helpers/graduates";
import { derive as deriveWith, heldCertificate } from "../helpers/holder";
import type { Derivation, Held } from "../helpers/holder";
import { apiCall, confirmedCertificate, eventually } from "../helpers/server";
import type { Api } from "../helpers/server";
import { startServerWorld } from "../helpers/server-world";
import type { ServerWorld } from "../helpers/server-world";

const HIDDEN: HideableFieldPath[] = ["credentialSubject.identifier", "credentialSubject.grade"];

const derive = (held: Held, hide = HIDDEN, secret = held.locator.secret): Promise<Derivation> =>
  deriveWith(held, hide, { secret });

describe("derived credentials: a holder shares the certificate with subject fields hidden", () => {
  let world: ServerWorld;
  let jordan: Held;
  let yarmouk: Held;
  let revokedLater: Held;
  const call = (method: string, pathname: string, body?: unknown) => apiCall(world.server.url, method, pathname, body);
  const upload = (certificateId: string, body: unknown) =>
    call("POST", `/api/public/credentials/${certificateId}/derived`, body);

  async function issue(registrar: Api, graduate: number): Promise<Held> {
    const { body } = await registrar("POST", "/api/certificates", { subject: fixtureGraduates()[graduate] });
    const record = await confirmedCertificate(registrar, body.id);
    return heldCertificate(body.id, Credential.parse(record.credential), record.verifierUrl);
  }

  beforeAll(async () => {
    world = await startServerWorld({
      universities: 2,
      staff: [
        { university: 0, email: "registrar@ju.edu.jo", role: "registrar" },
        { university: 1, email: "registrar@yu.edu.jo", role: "registrar" },
      ],
    });
    const [ju, yu] = world.staff as [Api, Api];
    [jordan, revokedLater, yarmouk] = await Promise.all([issue(ju, 0), issue(ju, 1), issue(yu, 2)]);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("stores only the ciphertext, serves it like a QR link's, and the new link verifies VALID with the fields hidden", async () => {
    const { body, link } = await derive(jordan);
    const stored = await upload(jordan.id, body);
    expect(stored.status, JSON.stringify(stored.body)).to.equal(201);
    expect(stored.body).to.deep.equal({ id: body.id, remaining: DERIVED_CREDENTIALS_PER_CERTIFICATE - 1 });

    const served = await call("GET", `/api/public/credentials/${body.id}`);
    expect(served).to.deep.equal({ status: 200, body: { id: body.id, encrypted: body.encrypted } });

    const verified = await call("POST", "/api/verify", { url: link });
    expect(verified.body.verdict).to.equal("VALID");
    expect(verified.body.hidden).to.deep.equal(HIDDEN);
    expect(verified.body.credential.credentialSubject).to.not.have.any.keys("identifier", "grade");
    expect(verified.body.credential.credentialSubject.nameLatin).to.equal(
      jordan.credential.credentialSubject.nameLatin,
    );
    expect(verified.body.credential.proof.hidden).to.have.all.keys(HIDDEN);

    // The original link still discloses everything.
    const original = await call("POST", "/api/verify", { url: encodeVerifierUrl("https://v.example", jordan.locator) });
    expect(original.body.verdict).to.equal("VALID");
    expect(original.body.hidden).to.deep.equal([]);
  });

  it("refuses a proof not made with the certificate's secret (403), and says so in three languages", async () => {
    const wrongSecret = await derive(jordan, HIDDEN, crypto.getRandomValues(new Uint8Array(16)));
    const refused = await upload(jordan.id, wrongSecret.body);
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal("HOLDER_PROOF_INVALID");
    expect(refused.body.error.message).to.match(/holder/);
    for (const [language, word] of [
      ["ar", "حامل"],
      ["fr", "titulaire"],
    ] as const) {
      const answer = await apiCall(
        world.server.url,
        "POST",
        `/api/public/credentials/${jordan.id}/derived`,
        wrongSecret.body,
        { "accept-language": language },
      );
      expect(answer.body.error.message).to.contain(word);
    }
    expect((await call("GET", `/api/public/credentials/${wrongSecret.body.id}`)).status).to.equal(404);
  });

  it("refuses a rival's upload for someone else's certificate, another university's included", async () => {
    // The holder of Yarmouk's certificate proves with their own secret, naming Jordan's certificate.
    const rival = await derive({ ...yarmouk, id: jordan.id });
    expect((await upload(jordan.id, rival.body)).status).to.equal(403);
    // A proof that holds for Yarmouk's certificate is worth nothing for Jordan's.
    const genuine = await derive(yarmouk);
    expect((await upload(jordan.id, genuine.body)).status).to.equal(403);
    expect((await upload(yarmouk.id, genuine.body)).status).to.equal(201);
    // Yarmouk's derived credential is not found under Jordan's university, whatever the link says.
    const wrongUniversity = encodeVerifierUrl("https://v.example", {
      ...decodeVerifierUrl(genuine.link),
      universityId: jordan.locator.universityId,
    });
    expect((await call("POST", "/api/verify", { url: wrongUniversity })).status).to.equal(404);
  });

  it("refuses a proof replayed for another payload, another id or another purpose", async () => {
    const first = await derive(jordan);
    const second = await derive(jordan, ["credentialSubject.honours"]);
    expect((await upload(jordan.id, { ...second.body, proof: first.body.proof })).status).to.equal(403);
    expect((await upload(jordan.id, { ...first.body, id: second.body.id })).status).to.equal(403);
    const pdfProof = await holderProof(jordan.locator.secret, jordan.id, { purpose: "pdf", at: 0 });
    expect((await upload(jordan.id, { ...first.body, proof: pdfProof })).status).to.equal(403);
    // The very request seen once, sent again, stores nothing more.
    expect((await upload(jordan.id, first.body)).status).to.equal(201);
    const replayed = await upload(jordan.id, first.body);
    expect(replayed.status).to.equal(409);
    expect(replayed.body.error.code).to.equal("DERIVED_ID_TAKEN");
  });

  it("never lets a derived credential take a certificate's id", async () => {
    const derivation = await derive(jordan);
    const request: HolderRequest = { purpose: "derive", derivedId: yarmouk.id, encrypted: derivation.body.encrypted };
    const proof = await holderProof(jordan.locator.secret, jordan.id, request);
    const taken = await upload(jordan.id, { id: yarmouk.id, encrypted: derivation.body.encrypted, proof });
    expect(taken.status).to.equal(409);
    expect(taken.body.error.code).to.equal("DERIVED_ID_TAKEN");
  });

  it("answers malformed requests 400 with the field at fault, unknown certificates 404", async () => {
    const { body } = await derive(jordan);
    const missing = await upload(jordan.id, { id: body.id, encrypted: body.encrypted });
    expect(missing.status).to.equal(400);
    expect(missing.body.error.code).to.equal("VALIDATION_FAILED");
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(["proof"]);
    expect(missing.body.error.message).to.be.a("string").with.length.above(0);
    const badId = await upload(jordan.id, { ...body, id: "ZZ" });
    expect(badId.status).to.equal(400);
    expect(badId.body.error.details[0].path).to.equal("id");
    expect((await upload("not-an-id", body)).status).to.equal(400);
    expect((await upload(jordan.id, "{not json")).body.error.code).to.equal("MALFORMED_JSON");
    expect((await upload("0123456789abcdef", body)).status).to.equal(404);
  });

  it("refuses an oversized ciphertext (413) before checking anything else", async () => {
    const { body } = await derive(jordan);
    const large = { ...body, encrypted: { ...body.encrypted, ciphertext: "A".repeat(20_000) } };
    const refused = await upload(jordan.id, large);
    expect(refused.status).to.equal(413);
    expect(refused.body.error.code).to.equal("DERIVED_CREDENTIAL_TOO_LARGE");
    const huge = { ...body, encrypted: { ...body.encrypted, ciphertext: "A".repeat(70_000) } };
    expect((await upload(jordan.id, huge)).body.error.code).to.equal("PAYLOAD_TOO_LARGE");
  });

  it(`keeps at most ${DERIVED_CREDENTIALS_PER_CERTIFICATE} derived credentials per certificate`, async () => {
    const held = await issue((world.staff as [Api])[0], 3);
    for (let i = 0; i < DERIVED_CREDENTIALS_PER_CERTIFICATE; i++)
      expect((await upload(held.id, (await derive(held)).body)).status).to.equal(201);
    const refused = await upload(held.id, (await derive(held)).body);
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal("DERIVED_CREDENTIAL_LIMIT");
    expect(refused.body.error.message).to.contain(String(DERIVED_CREDENTIALS_PER_CERTIFICATE));
  });

  it("limits the rate per address as on every anonymous route", async () => {
    const limits = { ratePerSecond: 0.01, burst: 2, verifyConcurrency: 4 };
    const app = createApp({
      ...world.server.context,
      config: { ...world.server.context.config, anonymousLimits: limits },
    });
    const server: Server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await apiCall(base, "POST", `/api/public/credentials/${jordan.id}/derived`, {})).status);
      expect(statuses).to.deep.equal([400, 400, 429]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("serves the holder the PDF on a fresh proof only", async () => {
    const pdf = (at: number, proof: string) =>
      fetch(`${world.server.url}/api/public/credentials/${jordan.id}/pdf`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ at, proof }),
      });
    const now = Math.floor(Date.now() / 1000);
    const answer = await pdf(now, await holderProof(jordan.locator.secret, jordan.id, { purpose: "pdf", at: now }));
    expect(answer.status).to.equal(200);
    expect(answer.headers.get("content-type")).to.equal("application/pdf");
    expect(answer.headers.get("content-disposition")).to.contain(jordan.id);
    expect(new TextDecoder().decode((await answer.arrayBuffer()).slice(0, 5))).to.equal("%PDF-");

    const old = now - 3600;
    const stale = await pdf(old, await holderProof(jordan.locator.secret, jordan.id, { purpose: "pdf", at: old }));
    expect(stale.status).to.equal(403);
    expect(((await stale.json()) as { error: { code: string } }).error.code).to.equal("HOLDER_PROOF_STALE");
    // A proof for the right time but another certificate's secret, or a derive proof, is refused.
    const others = await holderProof(yarmouk.locator.secret, jordan.id, { purpose: "pdf", at: now });
    expect((await pdf(now, others)).status).to.equal(403);
    expect((await pdf(now, (await derive(jordan)).body.proof)).status).to.equal(403);
  });

  it("answers a browser's preflight, so a verifier page served elsewhere can upload", async () => {
    const answer = await fetch(`${world.server.url}/api/public/credentials/${jordan.id}/derived`, {
      method: "OPTIONS",
      headers: { origin: "https://verify.example", "access-control-request-method": "POST" },
    });
    expect(answer.status).to.equal(204);
    expect(answer.headers.get("access-control-allow-origin")).to.equal("*");
    expect(answer.headers.get("access-control-allow-headers")).to.match(/content-type/i);
  });

  it("makes a revoked certificate's derived links verify REVOKED, and refuses new ones", async () => {
    const { body, link } = await derive(revokedLater);
    expect((await upload(revokedLater.id, body)).status).to.equal(201);
    const [registrar] = world.staff as [Api];
    expect(
      (await registrar("POST", `/api/certificates/${revokedLater.id}/revoke`, { reason: "withdrawn" })).status,
    ).to.be.oneOf([200, 202]);
    await eventually(
      async () => ((await call("POST", "/api/verify", { url: link })).body.verdict === "REVOKED" ? true : undefined),
      30_000,
      "the derived link verifies REVOKED",
    );
    const verified = await call("POST", "/api/verify", { url: link });
    expect(verified.body.hidden).to.deep.equal(HIDDEN);
    expect(verified.body.checks.find((c: { name: string }) => c.name === "NOT_REVOKED").reason.code).to.equal(
      "REVOKED_CERTIFICATE",
    );
    const refused = await upload(revokedLater.id, (await derive(revokedLater)).body);
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal("CERTIFICATE_REVOKED");
  });
});
