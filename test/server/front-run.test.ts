import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { apiCall, confirmedCertificate, eventually, startTestServer } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";

/**
 * A rival university sees a batch root before it is anchored (on a public chain, in the mempool; here,
 * while the batch waits for its approver) and anchors it first. The registry keeps batches per
 * university, so the real batch still anchors and its certificates verify.
 */
describe("a root anchored first by another university", () => {
  let chain: TestChain;
  let owner: TestUniversity;
  let rival: TestUniversity;
  let server: TestServer;
  let registrar: Api;
  let approver: Api;

  beforeAll(async () => {
    chain = await startTestChain();
    owner = await accreditUniversity(chain, { operatorIndex: 2 });
    rival = await accreditUniversity(chain, {
      operatorIndex: 3,
      name: { ar: "جامعة اليرموك", en: "Yarmouk University", fr: "Université du Yarmouk" },
    });
    server = await startTestServer(chain, [owner], {
      settings: { approvalThreshold: 1 },
      staff: [
        { universityId: owner.id, email: "registrar@ju.edu.jo", role: "registrar" },
        { universityId: owner.id, email: "approver@ju.edu.jo", role: "approver" },
      ],
    });
    [registrar, approver] = await Promise.all([
      server.login("registrar@ju.edu.jo"),
      server.login("approver@ju.edu.jo"),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await chain?.stop();
  });

  it("neither blocks the real batch nor makes its certificates invalid", async () => {
    const subjects = fixtureGraduates()
      .slice(0, 2)
      .map((subject) => ({ subject }));
    const { body } = await registrar("POST", "/api/certificates/bulk", { certificates: subjects });
    const ids = body.certificates.map((c: { id: string }) => c.id) as string[];
    const batch = await eventually(async () => {
      const { batchId } = (await registrar("GET", `/api/certificates/${ids[0]}`)).body;
      return batchId === null ? undefined : (await registrar("GET", `/api/batches/${batchId}`)).body;
    });

    await (await chain.certificateRegistry.connect(rival.operator).anchor(batch.root, batch.count)).wait();
    expect((await approver("POST", `/api/batches/${batch.id}/approve`)).status).to.equal(200);

    for (const id of ids) {
      const certificate = await confirmedCertificate(registrar, id);
      const { body: verification } = await apiCall(server.url, "POST", "/api/verify", {
        credential: certificate.credential,
      });
      expect(verification.verdict).to.equal("VALID");
      expect(verification.issuer.university.id).to.equal(owner.id);
    }
    expect((await registrar("GET", `/api/batches/${batch.id}`)).body).to.include({ status: "confirmed" });
    const rivalBatch = await chain.certificateRegistry.batch(rival.id, batch.root);
    expect(Number(rivalBatch.count)).to.equal(batch.count);
  });
});
