import { expect } from "chai";
import { PDFDocument } from "pdf-lib";
import { afterEach, describe, it } from "vitest";
import {
  Deployment,
  REASON_MESSAGES,
  createVerificationPack,
  httpChainEndpoint,
  verdictOf,
  verifyCredential,
} from "../../core";
import type { VerifierConfig } from "../../core";
import { blockHashOf } from "../../core/chain/proof";
import { deployRegistries } from "../../scripts/lib/registries";
import { waitForOutcome } from "../helpers/browser";
import type { ShownOutcome } from "../helpers/browser";
import { accreditUniversity, freePort } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { qrPng } from "../helpers/qr";
import { startLyingRpc } from "../helpers/lying-rpc";
import { startRpcProxy } from "../helpers/rpc-proxy";
import { eventually } from "../helpers/server";
import { useVerifierSuite } from "../helpers/verifier-suite";
import { serveVerifierStatically } from "../helpers/web";
import type { StaticSite } from "../helpers/web";

/** What the page concludes, and says, for certificates that are not simply valid. */
describe("verifier page verdicts, in headless Chromium against a real node and issuance server", () => {
  const suite = useVerifierSuite();
  const sites: StaticSite[] = [];
  const graduates = fixtureGraduates();

  afterEach(async () => {
    for (const site of sites.splice(0)) await site.stop();
  });

  async function uploadJson(pageUrl: string, credential: unknown): Promise<ShownOutcome> {
    const tab = await suite.open(pageUrl);
    await tab.page.getByLabel("Choose a file").setInputFiles({
      name: "credential.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(credential)),
    });
    return waitForOutcome(tab.page);
  }

  /** The verifier hosted elsewhere as static files, with a configuration (and policy) of our choosing. */
  async function staticVerifier(config: VerifierConfig, policy?: string): Promise<string> {
    const site = await serveVerifierStatically(config, { policy });
    sites.push(site);
    return site.url;
  }

  it("finds a tampered certificate invalid and names the failed check in plain words", async () => {
    const { credential } = await suite.world.issue(graduates[2]!);
    const tampered = { ...credential, credentialSubject: { ...credential.credentialSubject, grade: "ممتاز" } };
    const outcome = await uploadJson(suite.world.pageUrl, tampered);
    expect(outcome.verdict).to.equal("INVALID");
    expect(outcome.title).to.equal("Not a valid certificate");
    expect(outcome.checks.INTEGRITY).to.equal("INVALID");
    expect(outcome.text).to.include("Data unaltered: ").and.include(REASON_MESSAGES.INTEGRITY_MISMATCH.en);
    expect(outcome.text).to.include("These details cannot be trusted");
  });

  it("shows a revoked certificate as revoked, with the reason and the date", async () => {
    const issued = await suite.world.issue(graduates[3]!);
    const revoked = await suite.world.registrar("POST", `/api/certificates/${issued.id}/revoke`, { reason: 2 });
    expect(revoked.status).to.equal(202);
    await eventually(
      async () =>
        verdictOf(await verifyCredential(issued.credential, suite.world.chain.verifyOptions())) === "REVOKED"
          ? true
          : undefined,
      20_000,
      "revocation on chain",
    );
    const tab = await suite.open(`${suite.world.pageUrl}#${issued.fragment}`);
    const outcome = await waitForOutcome(tab.page);
    expect(outcome.verdict).to.equal("REVOKED");
    expect(outcome.title).to.equal("Revoked certificate");
    expect(outcome.checks.NOT_REVOKED).to.equal("INVALID");
    expect(outcome.text).to.match(/Revoked on .+ \d{4}.*\. Reason: Fraud\./);
  });

  it("keeps a certificate valid when its university is suspended after issuing it", async () => {
    const issued = await suite.world.issue(graduates[4]!);
    const ministry = suite.world.chain.issuerRegistry.connect(await suite.world.chain.account(1));
    await (await ministry.suspendUniversity(suite.world.university.id, "audit")).wait();
    try {
      const tab = await suite.open(`${suite.world.pageUrl}#${issued.fragment}`);
      const outcome = await waitForOutcome(tab.page);
      expect(outcome.verdict).to.equal("VALID");
      expect(outcome.checks.ISSUER_ACCREDITED).to.equal("VALID");
      expect(outcome.text).to.match(
        /Standing todaySuspended since \d+ \w+ \d{4} at [^;]+; certificates recorded before then remain valid/,
      );
    } finally {
      await (await ministry.reinstateUniversity(suite.world.university.id)).wait();
    }
  });

  it("names the issuer only as the registry records it: a batch anchored under another university's name shows the real one", async () => {
    const cairo = { ar: "جامعة القاهرة", en: "Cairo University", fr: "Université du Caire" };
    const { university } = suite.world;
    const { credentials } = await issueBatch(
      suite.world.chain,
      { ...university, identity: { ...university.identity, name: cairo } },
      [graduates[1]!],
    );
    const outcome = await uploadJson(suite.world.pageUrl, credentials[0]);
    expect(outcome.verdict).to.equal("INVALID");
    expect(outcome.checks.ISSUER_ACCREDITED).to.equal("INVALID");
    expect(outcome.text).to.include(REASON_MESSAGES.ACCREDITED_WRONG_NAME.en).and.include(university.identity.name.en);
    expect(outcome.text).to.not.include("Cairo University");
  });

  it("finds a certificate from a registry it does not trust invalid, even one anchored and signed", async () => {
    // Someone deploys registries of their own and issues a "University of Jordan" certificate there.
    const rogue = await deployRegistries(suite.world.chain.authority);
    const deployment = Deployment.parse({
      ...suite.world.chain.deployment,
      issuerRegistry: await rogue.issuerRegistry.getAddress(),
      certificateRegistry: await rogue.certificateRegistry.getAddress(),
      deploymentBlock: rogue.deploymentBlock,
    });
    const rogueChain: TestChain = { ...suite.world.chain, ...rogue, deployment };
    const impostor = await accreditUniversity(rogueChain, { operatorIndex: 5 });
    const { credentials } = await issueBatch(rogueChain, impostor, [graduates[5]!]);
    const outcome = await uploadJson(suite.world.pageUrl, credentials[0]);
    expect(outcome.verdict).to.equal("INVALID");
    expect(outcome.checks.ANCHORED).to.equal("INVALID");
    expect(outcome.text).to.include(REASON_MESSAGES.ANCHORED_UNTRUSTED_REGISTRY.en);
  });

  it("says it cannot check, never that the certificate is invalid, when the chain is unreachable", async () => {
    const issued = await suite.world.issue(graduates[6]!);
    const pageUrl = await staticVerifier({
      rpcUrl: `http://127.0.0.1:${await freePort()}`,
      deployments: [suite.world.chain.deployment],
    });

    const fromLink = await waitForOutcome((await suite.open(`${pageUrl}#${issued.fragment}`)).page);
    expect(fromLink.verdict).to.equal("CANNOT_CHECK");
    expect(fromLink.title).to.equal("Cannot check right now");
    expect(fromLink.text)
      .to.include(REASON_MESSAGES.CHAIN_UNREACHABLE.en)
      .and.include("does not mean the certificate is fake");

    const fromFile = await uploadJson(pageUrl, issued.credential);
    expect(fromFile.verdict).to.equal("CANNOT_CHECK");
    expect(fromFile.checks).to.include({
      FORMAT: "VALID",
      INTEGRITY: "VALID",
      MERKLE_PROOF: "VALID",
      ANCHORED: "ERROR",
    });
    expect(fromFile.text).to.not.include("Not a valid certificate");
  });

  it("does not believe a node that serves another chain than the configured one", async () => {
    const issued = await suite.world.issue(graduates[8]!);
    const pageUrl = await staticVerifier({
      rpcUrl: suite.world.chain.node.url,
      deployments: [{ ...suite.world.chain.deployment, chainId: 4242 }],
    });
    const outcome = await uploadJson(pageUrl, issued.credential);
    expect(outcome.verdict).to.equal("CANNOT_CHECK");
    expect(outcome.text).to.include(REASON_MESSAGES.CHAIN_MISMATCH.en);
  });

  it("works as static files hosted away from the issuance server, fetching across origins", async () => {
    const issued = await suite.world.issue(graduates[7]!);
    const pageUrl = await staticVerifier({
      rpcUrl: suite.world.chain.node.url,
      deployments: [suite.world.chain.deployment],
    });
    const outcome = await waitForOutcome((await suite.open(`${pageUrl}/#${issued.fragment}`)).page);
    expect(outcome.verdict).to.equal("VALID");
  });

  it("proves the chain facts at a block a second node agrees on, and cannot check when that node serves another block", async () => {
    const issued = await suite.world.issue(graduates[0]!);
    const { chain } = suite.world;
    const relay = await startRpcProxy(chain.node.url);
    // A node whose block carries another state root, its hash recomputed to match: a consistent lie.
    const liar = await startLyingRpc(chain.node.url, (method, _params, result) => {
      if (method !== "eth_getBlockByNumber" || result === null) return result;
      const forged = { ...(result as Record<string, unknown>), stateRoot: `0x${"11".repeat(32)}` };
      return { ...forged, hash: blockHashOf(forged) };
    });
    try {
      const agreeing = await staticVerifier({
        rpcUrl: chain.node.url,
        crossCheckRpcUrls: [relay.url],
        deployments: [chain.deployment],
      });
      expect((await waitForOutcome((await suite.open(`${agreeing}#${issued.fragment}`)).page)).verdict).to.equal(
        "VALID",
      );
      // A verification pack of the certificate, uploaded as a file: checked at its block and now.
      const { pack } = await createVerificationPack(issued.credential, [httpChainEndpoint(chain.node.url, fetch)], {
        trustedDeployments: [chain.deployment],
      });
      const fromPack = await uploadJson(agreeing, pack);
      expect(fromPack.verdict).to.equal("VALID");
      const disagreeing = await staticVerifier({
        rpcUrl: chain.node.url,
        crossCheckRpcUrls: [liar.url],
        deployments: [chain.deployment],
      });
      const outcome = await uploadJson(disagreeing, issued.credential);
      expect(outcome.verdict).to.equal("CANNOT_CHECK");
      expect(outcome.text).to.include(REASON_MESSAGES.CHAIN_NODES_DISAGREE.en);
    } finally {
      await Promise.all([relay.stop(), liar.stop()]);
    }
  });

  it("needs no more than a strict Content-Security-Policy: own scripts and WebAssembly, own workers, the RPC and the issuer", async () => {
    const issued = await suite.world.issue(graduates[9]!);
    const link = `${suite.world.pageUrl}#${issued.fragment}`;
    const policy = [
      "default-src 'none'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      `connect-src 'self' ${suite.world.chain.node.url} ${suite.world.server.url}`,
      "worker-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join("; ");
    const pageUrl = await staticVerifier(
      { rpcUrl: suite.world.chain.node.url, deployments: [suite.world.chain.deployment] },
      policy,
    );
    const scan = await PDFDocument.create();
    scan
      .addPage([595.28, 841.89])
      .drawImage(await scan.embedPng(await qrPng(link)), { x: 400, y: 60, width: 85, height: 85 });
    // A link (fetch, decrypt, chain), a PDF without attachment (pdf.js worker, rendering, zxing-wasm).
    expect((await waitForOutcome((await suite.open(`${pageUrl}#${issued.fragment}`)).page)).verdict).to.equal("VALID");
    const tab = await suite.open(pageUrl);
    await tab.page
      .getByLabel("Choose a file")
      .setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.from(await scan.save()) });
    expect((await waitForOutcome(tab.page)).verdict).to.equal("VALID");
  });

  it("says the verifier is not set up when its configuration is missing", async () => {
    const tab = await suite.open("about:blank");
    await tab.page.route("**/v/config.json", (route) => route.fulfill({ status: 404, body: "" }));
    await tab.page.goto(suite.world.pageUrl);
    await tab.page.getByLabel("Verification code printed under the QR code").fill("0000-0000");
    await tab.page.getByRole("button", { name: "Verify", exact: true }).click();
    expect((await waitForOutcome(tab.page)).problem).to.equal("CONFIG_UNAVAILABLE");
  });
});
