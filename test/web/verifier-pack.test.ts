import { readFileSync } from "node:fs";
import { expect } from "chai";
import type { Page } from "playwright-core";
import { afterEach, beforeAll, describe, it } from "vitest";
import {
  REASON_MESSAGES,
  VerificationPack,
  createVerificationPack,
  httpChainEndpoint,
  packBlock,
  verdictOf,
  verifyCredential,
} from "../../core";
import { waitForOutcome } from "../helpers/browser";
import type { ShownOutcome } from "../helpers/browser";
import { freePort } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { eventually } from "../helpers/server";
import { useVerifierSuite } from "../helpers/verifier-suite";
import { serveVerifierStatically } from "../helpers/web";
import type { StaticSite } from "../helpers/web";

/** The holder keeps a verification pack; anyone checks it later, with no network against a checkpoint. */
describe("verification packs on the verifier page, in headless Chromium against a real node and issuance server", () => {
  const suite = useVerifierSuite();
  const graduates = fixtureGraduates();
  const sites: StaticSite[] = [];
  /** Where the page served by the issuance server reads the chain. */
  let rpcOrigin: string;

  beforeAll(async () => {
    const config = (await (await fetch(`${suite.world.pageUrl}/config.json`)).json()) as { rpcUrl: string };
    rpcOrigin = new URL(config.rpcUrl).origin;
  });

  afterEach(async () => {
    for (const site of sites.splice(0)) await site.stop();
  });

  /** The hash the chain's node gives for block `number`: the checkpoint a ministry would publish. */
  async function blockHash(number: number): Promise<string> {
    const response = await fetch(suite.world.chain.node.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_getBlockByNumber",
        params: [`0x${number.toString(16)}`, false],
      }),
    });
    return ((await response.json()) as { result: { hash: string } }).result.hash;
  }

  async function uploadPack(page: Page, pack: unknown): Promise<ShownOutcome> {
    await page.getByLabel("Choose a file").setInputFiles({
      name: "pack.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(pack)),
    });
    return waitForOutcome(page);
  }

  /** Enters a checkpoint in the pack's form and waits for the verification it starts. */
  async function checkAgainst(page: Page, checkpoint: string): Promise<ShownOutcome> {
    await page.getByLabel(/^Trusted hash of block \d+/).fill(checkpoint);
    await page.getByRole("button", { name: "Check offline" }).click();
    return waitForOutcome(page);
  }

  it("downloads a pack of a valid certificate, then checks it while the chain cannot be reached: a checkpoint is asked for, a wrong one named, the right one gives VALID as of the pack's block", async () => {
    const issued = await suite.world.issue(graduates[0]!);
    const holder = (await suite.open(`${suite.world.pageUrl}#${issued.fragment}`)).page;
    expect((await waitForOutcome(holder)).verdict).to.equal("VALID");
    const [saved] = await Promise.all([
      holder.waitForEvent("download"),
      holder.getByRole("button", { name: "Download verification pack" }).click(),
    ]);
    expect(saved.suggestedFilename()).to.equal(
      `${issued.credential.id.replace(/^urn:tasdiq:credential:/, "")}-pack.json`,
    );
    const pack = VerificationPack.parse(JSON.parse(readFileSync(await saved.path(), "utf8")));
    expect(pack.credential).to.deep.equal(issued.credential);
    const { number } = packBlock(pack);
    const checkpoint = await blockHash(number);

    const { page } = await suite.open(suite.world.pageUrl);
    await page.route(
      (url) => url.origin === rpcOrigin,
      (route) => route.abort(),
    );
    const unconfirmed = await uploadPack(page, pack);
    expect(unconfirmed.problem).to.equal("PACK_NEEDS_CHECKPOINT");
    expect(unconfirmed.title).to.equal("A checkpoint is needed to check this pack offline");
    expect(unconfirmed.text).to.include(`could not confirm block ${number}`);

    // A malformed hash is refused on the spot, saying what is expected.
    await page.getByLabel(/^Trusted hash of block/).fill("0x1234");
    await page.getByRole("button", { name: "Check offline" }).click();
    expect(await page.getByText("This is not a block hash").isVisible()).to.equal(true);
    expect(await page.getByLabel(/^Trusted hash of block/).getAttribute("aria-invalid")).to.equal("true");

    const wrong = await checkAgainst(page, `0x${"ab".repeat(32)}`);
    expect(wrong.verdict).to.equal("CANNOT_CHECK");
    expect(wrong.text).to.include(REASON_MESSAGES.CHAIN_PROOF_INVALID.en);

    const offline = await checkAgainst(page, checkpoint.toUpperCase().replace("0X", "0x"));
    expect(offline.verdict).to.equal("VALID");
    expect(offline.title).to.equal("Valid certificate");
    expect(offline.text).to.match(
      new RegExp(`As of block ${number} \\(.+\\), from the verification pack, with no network`),
    );
    expect(Object.values(offline.checks).every((status) => status === "VALID")).to.equal(true);
    expect(offline.text).to.include(`whether anything changed since block ${number} (a revocation) is not known`);
  });

  it("says a pack whose block header cannot be read is no usable file", async () => {
    const { page } = await suite.open(suite.world.pageUrl);
    const broken = {
      type: "TasdiqVerificationPack",
      version: 1,
      credential: {},
      chain: { chainId: 31337, block: {}, accounts: [] },
    };
    expect((await uploadPack(page, broken)).problem).to.equal("FILE_UNREADABLE");
  });

  it("with the chain reachable, checks a pack at its block and says the certificate was revoked since; a published checkpoint needs no typing", async () => {
    const issued = await suite.world.issue(graduates[1]!);
    const { chain } = suite.world;
    const { pack } = await createVerificationPack(issued.credential, [httpChainEndpoint(chain.node.url, fetch)], {
      trustedDeployments: [chain.deployment],
    });
    const { number } = packBlock(pack);
    const checkpoint = await blockHash(number);
    expect(
      (await suite.world.registrar("POST", `/api/certificates/${issued.id}/revoke`, { reason: 2 })).status,
    ).to.equal(202);
    await eventually(
      async () =>
        verdictOf(await verifyCredential(issued.credential, chain.verifyOptions())) === "REVOKED" ? true : undefined,
      20_000,
      "revocation on chain",
    );

    const { page } = await suite.open(suite.world.pageUrl);
    const online = await uploadPack(page, pack);
    expect(online.verdict).to.equal("REVOKED");
    expect(online.text).to.include(`At block ${number}, the pack's, the verdict was: Valid certificate.`);

    const atPack = await checkAgainst(page, checkpoint);
    expect(atPack.verdict).to.equal("VALID");
    expect(atPack.checks.NOT_REVOKED).to.equal("VALID");
    expect(atPack.text).to.include(`As of block ${number}`);
    expect(atPack.text).to.match(/Changed since the pack was made: Revoked certificate.*Revoked on .+ Reason: Fraud\./);

    // The ministries' checkpoint of that block in the page's settings; no chain at all.
    const site = await serveVerifierStatically({
      rpcUrl: `http://127.0.0.1:${await freePort()}`,
      deployments: [chain.deployment],
      checkpoints: [{ number, hash: checkpoint }],
    });
    sites.push(site);
    const published = await uploadPack((await suite.open(site.url)).page, pack);
    expect(published.verdict).to.equal("VALID");
    expect(published.text).to.include(
      `Checked with no network against the hash of block ${number} published in this verifier's settings.`,
    );
  });
});
