import { expect } from "chai";
import type { z } from "zod";
import { afterAll, beforeAll, describe, it } from "vitest";
import { decodeVerifierUrl, encryptCredential, holderProof, newCredentialId } from "../../core";
import { API_ERROR_MESSAGES } from "../../server/http/error-messages";
import { apiPaths } from "../../server/openapi/document";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { PASSWORD, apiCall, confirmedCertificate, startTestServer } from "../helpers/server";
import type { TestServer } from "../helpers/server";

type Method = "get" | "post" | "put" | "patch" | "delete";
interface Declared {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> } | undefined>;
}

// Literal paths before templated ones, so /api/certificates/bulk is not taken for /api/certificates/{id}.
const declared = Object.entries(apiPaths())
  .map(([template, item]) => ({
    template,
    item: item as Partial<Record<Method, Declared>>,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+").replace(/\./g, "\\.")}$`),
  }))
  .sort((a, b) => a.template.split("{").length - b.template.split("{").length);

/** The schema a route declares for its answers with `status`; fails when it declares none. */
function declaredSchema(method: string, pathname: string, status: number): z.ZodType {
  const route = declared.find(({ pattern, item }) => pattern.test(pathname) && item[method.toLowerCase() as Method]);
  expect(route, `${method} ${pathname} is declared`).to.not.equal(undefined);
  const response = route?.item[method.toLowerCase() as Method]?.responses?.[String(status)];
  expect(response, `${method} ${route?.template} declares its ${status} answer`).to.not.equal(undefined);
  const schema = response?.content?.["application/json"]?.schema;
  expect(schema, `${method} ${route?.template} declares a JSON schema for ${status}`).to.not.equal(undefined);
  return schema as z.ZodType;
}

describe("every answer matches the schema its route declares (the OpenAPI document's source)", () => {
  let chain: TestChain;
  let server: TestServer;
  const checked = new Set<string>();

  /** A call whose answer, whatever its status, must validate against the route's declaration. */
  const contract =
    (api: (method: string, pathname: string, body?: unknown) => Promise<{ status: number; body: any }>) =>
    async (method: string, pathname: string, body?: unknown) => {
      const answer = await api(method, pathname, body);
      if (answer.status === 204) return answer;
      const parsed = declaredSchema(method, pathname.split("?")[0] as string, answer.status).safeParse(answer.body);
      expect(parsed.error?.issues ?? [], `${method} ${pathname} ${answer.status}`).to.deep.equal([]);
      if (answer.status >= 400)
        expect(API_ERROR_MESSAGES, "a registered error code").to.have.property(answer.body.error.code);
      checked.add(`${method} ${pathname.replace(/\/[0-9a-f]{16}\b|\/\d+\b/g, "/{id}").split("?")[0]} ${answer.status}`);
      return answer;
    };

  beforeAll(async () => {
    chain = await startTestChain();
    const university = await accreditUniversity(chain);
    server = await startTestServer(chain, [university], {
      staff: [
        { universityId: university.id, email: "admin@ju.edu.jo", role: "admin" },
        { universityId: university.id, email: "registrar@ju.edu.jo", role: "registrar" },
      ],
    });
  });
  afterAll(async () => {
    await server?.stop();
    await chain?.stop();
  });

  it("answers of accounts, staff, tokens, keys, certificates, batches, public routes and errors", async () => {
    const anonymous = contract((method, pathname, body) => apiCall(server.url, method, pathname, body));
    const login = await anonymous("POST", "/api/auth/login", { email: "admin@ju.edu.jo", password: PASSWORD });
    const admin = contract(await server.login("admin@ju.edu.jo"));
    const registrarApi = await server.login("registrar@ju.edu.jo");
    const registrar = contract(registrarApi);
    expect(login.status).to.equal(200);
    await anonymous("POST", "/api/auth/login", { email: "admin@ju.edu.jo", password: "wrong password" });

    await admin("GET", "/api/me");
    await admin("POST", "/api/tokens", { label: "registry sync", scopes: ["read"] });
    await admin("GET", "/api/tokens");
    const { body: created } = await admin("POST", "/api/staff", {
      email: "approver@ju.edu.jo",
      name: "Approver",
      role: "approver",
      password: PASSWORD,
    });
    await admin("PATCH", `/api/staff/${created.id}`, { role: "registrar" });
    await admin("POST", `/api/staff/${created.id}/password`, {});
    await admin("GET", "/api/staff");
    await admin("POST", "/api/staff", { email: "not an email" });
    await admin("GET", "/api/keys");
    await admin("GET", "/api/approval-policy");
    await admin("PUT", "/api/approval-policy", { threshold: 1000, windowHours: 24 });

    const [first, second, third] = fixtureGraduates();
    const { body: issued } = await registrar("POST", "/api/certificates", { subject: first });
    await registrar("POST", "/api/certificates", { subject: first });
    await registrar("POST", "/api/certificates/bulk", {
      certificates: [{ subject: second }, { subject: third }],
    });
    await registrar("GET", `/api/certificates/${issued.id}`);
    await registrar("GET", "/api/certificates/0123456789abcdef");
    const confirmed = await confirmedCertificate(registrarApi, issued.id);
    await registrar("GET", `/api/certificates/${issued.id}`);
    await registrar("GET", "/api/certificates?limit=10");
    await registrar("GET", "/api/batches");
    await registrar("GET", `/api/batches/${confirmed.batchId}`);

    await anonymous("GET", "/api/health");
    await anonymous("GET", `/api/public/credentials/${issued.id}`);
    await anonymous("POST", "/api/verify", { code: confirmed.shortCode });
    await anonymous("POST", "/api/verify", { url: confirmed.verifierUrl });
    await anonymous("POST", "/api/verify", { code: "not a code" });
    await anonymous("GET", "/api/audit/overview");
    // The holder stores a derived credential (a stand-in ciphertext: the server never reads it).
    const derivedId = newCredentialId();
    const encrypted = await encryptCredential("{}", new Uint8Array(16), derivedId);
    const { secret } = decodeVerifierUrl(confirmed.verifierUrl);
    const proof = await holderProof(secret, issued.id, { purpose: "derive", derivedId, encrypted });
    const derivedPath = `/api/public/credentials/${issued.id}/derived`;
    await anonymous("POST", derivedPath, { id: derivedId, encrypted, proof: `0x${"0".repeat(64)}` });
    await anonymous("POST", derivedPath, { id: derivedId, encrypted, proof });
    await anonymous("POST", derivedPath, { id: derivedId });

    await registrar("POST", `/api/certificates/${issued.id}/revoke`, { reason: 1 });
    await registrar("POST", `/api/certificates/${issued.id}/revoke`, { reason: 1 });

    // A sample wide enough to mean something: most routes, successes and refusals alike.
    expect(checked.size, [...checked].join("\n")).to.be.at.least(25);
  });
});
