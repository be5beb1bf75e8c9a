import Database from "better-sqlite3";
import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { decodeVerifierUrl } from "../../core";
import { waitForOutcome } from "../helpers/browser";
import { fixtureGraduates } from "../helpers/graduates";
import { startTestMirror } from "../helpers/mirror";
import type { TestMirror } from "../helpers/mirror";
import { apiCall, eventually } from "../helpers/server";
import { useVerifierSuite } from "../helpers/verifier-suite";
import type { IssuedCertificate } from "../helpers/verifier-world";

/** Nothing listens there: a university server that is gone. */
const GONE = "http://127.0.0.1:1";

/** The QR link of a certificate verified on the page once its university's server is gone. */
describe("verifier page, in headless Chromium, when the university's server is gone", () => {
  const suite = useVerifierSuite({ mirrors: { retryMaxMs: 300 } });
  let mirror: TestMirror;
  let certificate: IssuedCertificate;

  beforeAll(async () => {
    const { world } = suite;
    mirror = await startTestMirror(world.chain, await world.chain.account(1), "JO");
    certificate = await world.issue(fixtureGraduates()[3]!);
    const { universityId, credentialId } = decodeVerifierUrl(certificate.verifierUrl);
    await eventually(async () => {
      const copy = await apiCall(
        mirror.url,
        "GET",
        `/universities/${universityId}/api/public/credentials/${credentialId}`,
      );
      return copy.status === 200 ? true : undefined;
    });
    const { chain, university } = world;
    await (await chain.issuerRegistry.connect(university.operator).setUniversityUrl(GONE)).wait();
  }, 120_000);

  afterAll(async () => {
    await mirror?.stop();
  });

  it("verifies the QR link VALID through the ministry's mirror, and says the mirror answered", async () => {
    const tab = await suite.open(`${suite.world.pageUrl}#${certificate.fragment}`);
    const outcome = await waitForOutcome(tab.page);
    expect(outcome.verdict).to.equal("VALID");
    const note = tab.page.locator('#outcome [data-source="mirror"]');
    expect(await note.textContent())
      .to.include("the mirror of the ministry of Jordan")
      .and.include(mirror.url);
  });

  it("never shows VALID for a mirror copy that was tampered with", async () => {
    const db = new Database(mirror.dbFile);
    const { credentialId } = decodeVerifierUrl(certificate.verifierUrl);
    const row = db.prepare("SELECT envelope FROM mirrored_credentials WHERE credential_id = ?").get(credentialId) as {
      envelope: string;
    };
    const envelope = JSON.parse(row.envelope) as { ciphertext: string };
    envelope.ciphertext = envelope.ciphertext.startsWith("A")
      ? `B${envelope.ciphertext.slice(1)}`
      : `A${envelope.ciphertext.slice(1)}`;
    db.prepare("UPDATE mirrored_credentials SET envelope = ? WHERE credential_id = ?").run(
      JSON.stringify(envelope),
      credentialId,
    );
    db.close();
    const tab = await suite.open(`${suite.world.pageUrl}#${certificate.fragment}`);
    const outcome = await waitForOutcome(tab.page);
    expect(outcome.verdict).to.equal(null);
    // The university's server is named: the mirror only failed to make up for it.
    expect(outcome.problem).to.equal("ISSUER_UNREACHABLE");
  });
});
