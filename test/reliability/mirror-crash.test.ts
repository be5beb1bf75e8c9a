import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { decodeVerifierUrl } from "../../core";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { startTestMirror } from "../helpers/mirror";
import type { TestMirror } from "../helpers/mirror";
import { apiCall, eventually, signIn } from "../helpers/server";
import { prepareServerProcess } from "../helpers/server-process";
import type { ServerProcess } from "../helpers/server-process";

const EMAIL = "registrar@ju.edu.jo";

describe("mirror pushes survive a crash: SIGKILL while the mirror is down, restart both", () => {
  let chain: TestChain;
  let university: TestUniversity;
  let mirror: TestMirror;
  let server: ServerProcess;

  beforeAll(async () => {
    chain = await startTestChain();
    university = await accreditUniversity(chain);
    mirror = await startTestMirror(chain, await chain.account(1), "JO");
    await mirror.halt();
    server = await prepareServerProcess(chain, university, EMAIL);
    await server.start();
  }, 120_000);
  afterAll(async () => {
    await server?.kill();
    await mirror?.stop();
    await chain?.stop();
  });

  it("pushes the certificate anchored before the kill once the mirror and the server are back", async () => {
    const auth = { authorization: `Bearer ${await signIn(server.url, EMAIL)}` };
    const issued = await apiCall(server.url, "POST", "/api/certificates", { subject: fixtureGraduates()[0] }, auth);
    expect(issued.status).to.equal(202);
    const record = await eventually(async () => {
      const { body } = await apiCall(server.url, "GET", `/api/certificates/${issued.body.id}`, undefined, auth);
      return body.status === "confirmed" ? body : undefined;
    }, 30_000);
    await server.kill("SIGKILL");
    await mirror.start();
    const { credentialId } = decodeVerifierUrl(record.verifierUrl as string);
    const path = `/universities/${university.id}/api/public/credentials/${credentialId}`;
    expect((await apiCall(mirror.url, "GET", path)).status).to.equal(404);
    await server.start();
    const copy = await eventually(async () => {
      const answer = await apiCall(mirror.url, "GET", path);
      return answer.status === 200 ? answer : undefined;
    }, 60_000);
    const own = await apiCall(server.url, "GET", `/api/public/credentials/${credentialId}`);
    expect(copy.body).to.deep.equal(own.body);
  }, 180_000);
});
