import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { VerificationPack, packBlock, verdictOf, verifyPack } from "../../core";
import { fixtureGraduates } from "../helpers/graduates";
import { startVerifierWorld } from "../helpers/verifier-world";
import type { VerifierWorld } from "../helpers/verifier-world";

describe("GET /api/certificates/:id/pack: a verification pack for the registrar", () => {
  let world: VerifierWorld;

  beforeAll(async () => {
    world = await startVerifierWorld();
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("gives a pack that verifies with no network against its block's hash", async () => {
    const issued = await world.issue(fixtureGraduates()[0]!);
    const response = await fetch(`${world.server.url}/api/certificates/${issued.id}/pack`, {
      headers: { authorization: `Bearer ${world.registrar.token}` },
    });
    expect(response.status, await response.clone().text()).to.equal(200);
    expect(response.headers.get("content-disposition")).to.include(`tasdiq-${issued.id}-pack.json`);
    const pack = VerificationPack.parse(await response.json());
    expect(pack.credential).to.deep.equal(issued.credential);
    const fragments = await verifyPack(pack, packBlock(pack).hash, { trustedDeployments: [world.chain.deployment] });
    expect(verdictOf(fragments)).to.equal("VALID");
  });

  it("answers 404 for a certificate of no one, and 401 without signing in", async () => {
    const unknown = await fetch(`${world.server.url}/api/certificates/${"0".repeat(32)}/pack`, {
      headers: { authorization: `Bearer ${world.registrar.token}` },
    });
    expect(unknown.status).to.be.oneOf([400, 404]);
    const anonymous = await fetch(`${world.server.url}/api/certificates/${"0".repeat(32)}/pack`);
    expect(anonymous.status).to.equal(401);
  });
});
