import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { PDFDocument } from "pdf-lib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { REASON_MESSAGES, VerificationPack, packBlock, verdictOf, verifyCredential } from "../../core";
import { closeTabs, launchChromium, openTab, waitForOutcome } from "../helpers/browser";
import type { ShownOutcome, Tab } from "../helpers/browser";
import { freePort } from "../../scripts/lib/ports";
import { fixtureGraduates } from "../helpers/graduates";
import { qrPng } from "../helpers/qr";
import { derive, heldCertificate } from "../helpers/holder";
import { apiCall, eventually } from "../helpers/server";
import { startVerifierWorld } from "../helpers/verifier-world";
import type { IssuedCertificate, VerifierWorld } from "../helpers/verifier-world";
import { runCompiled } from "../helpers/cli";

/** The report `npm run verify -- --json` prints (docs/verify-cli.md). */
interface Report {
  verdict: string | null;
  problem: { code: string; message: string; detail: string | null } | null;
  checks: { name: string; status: string; code: string; message: string }[];
  issuer: { university: { id: number; names: Record<string, string>; country: string } } | null;
  source: { kind: string; file: string | null; universityServer: string | null } | null;
  language: string;
}

/** Runs the verifier command line as a person or another system would, and collects what it prints. */
async function runVerify(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // The settings come from the arguments alone, whatever the environment running the tests holds.
  const {
    TASDIQ_VERIFIER_CONFIG: _config,
    TASDIQ_LANG: _lang,
    TASDIQ_RPC_URL: _rpc,
    TASDIQ_DEPLOYMENT: _deployment,
    ...env
  } = process.env;
  const { code, stdout, stderr } = await runCompiled("server/cli/verify.ts", args, env);
  return { code, stdout, stderr };
}

/** The reason code of every check the verifier page lists, each shown as `NAME · CODE` under its message. */
async function pageCodes(page: Page): Promise<Record<string, string>> {
  return Object.fromEntries(
    (await page.locator("#outcome .check__code").allTextContents()).map((text) => text.split(" · ")),
  );
}

describe("npm run verify: the command-line verifier, against a real node and issuance server", () => {
  let world: VerifierWorld;
  let dir: string;
  let config: string;
  let certificate: IssuedCertificate;
  let revoked: IssuedCertificate;
  const file = (name: string, content: string | Uint8Array): string => {
    const where = path.join(dir, name);
    writeFileSync(where, content);
    return where;
  };
  /** The CLI's JSON report and exit status for `input`, with the page's configuration. */
  const verify = async (input: string, ...options: string[]): Promise<{ code: number | null; report: Report }> => {
    const { code, stdout, stderr } = await runVerify([input, "--config", config, "--json", ...options]);
    expect(stderr, "nothing on stderr").to.equal("");
    return { code, report: JSON.parse(stdout) as Report };
  };

  beforeAll(async () => {
    world = await startVerifierWorld();
    dir = mkdtempSync(path.join(tmpdir(), "tasdiq-verify-cli-"));
    // The very configuration the verifier page is served with.
    config = file("config.json", JSON.stringify(await (await fetch(`${world.pageUrl}/config.json`)).json()));
    const graduates = fixtureGraduates();
    [certificate, revoked] = await Promise.all([world.issue(graduates[1]!), world.issue(graduates[2]!)]);
    expect((await world.registrar("POST", `/api/certificates/${revoked.id}/revoke`, { reason: 2 })).status).to.equal(
      202,
    );
    await eventually(
      async () =>
        verdictOf(await verifyCredential(revoked.credential, world.chain.verifyOptions())) === "REVOKED"
          ? true
          : undefined,
      20_000,
      "revocation on chain",
    );
  });
  afterAll(async () => {
    await world?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("verifies the certificate PDF, a picture of its QR code, its JSON, its link and its typed code alike", async () => {
    const pdf = await fetch(`${world.server.url}/api/certificates/${certificate.id}/pdf`, {
      headers: { authorization: `Bearer ${world.registrar.token}` },
    });
    expect(pdf.status).to.equal(200);
    const inputs: [string, string][] = [
      ["pdf", file("certificate.pdf", new Uint8Array(await pdf.arrayBuffer()))],
      ["image", file("qr.png", await qrPng(certificate.verifierUrl))],
      ["json", file("credential.json", JSON.stringify(certificate.credential))],
      ["link", certificate.verifierUrl],
      ["code", certificate.shortCode.toLowerCase()],
    ];
    const results = await Promise.all(inputs.map(([, input]) => verify(input)));
    for (const [[kind], { code, report }] of inputs.map((input, i) => [input, results[i]!] as const)) {
      expect(code, kind).to.equal(0);
      expect(report.verdict, kind).to.equal("VALID");
      expect(report.problem).to.equal(null);
      expect(report.checks.map((c) => [c.name, c.status])).to.deep.equal(
        [
          "FORMAT",
          "INTEGRITY",
          "MERKLE_PROOF",
          "ANCHORED",
          "ISSUER_SIGNATURE",
          "ISSUER_ACCREDITED",
          "NOT_REVOKED",
          "NOT_EXPIRED",
        ].map((name) => [name, "VALID"]),
      );
      expect(report.checks[0]).to.deep.equal({
        name: "FORMAT",
        status: "VALID",
        code: "FORMAT_OK",
        message: REASON_MESSAGES.FORMAT_OK.en,
      });
      expect(report.issuer?.university).to.deep.include({
        id: world.university.id,
        country: "JO",
        names: world.university.identity.name,
      });
      expect(report.source?.kind).to.equal(kind);
      // Fetched from the university's server the chain names, when the input only points at the credential.
      expect(report.source?.universityServer).to.equal(
        ["image", "link", "code"].includes(kind) ? world.server.url : null,
      );
    }
  });

  it("verifies a holder's link with fields hidden (docs/sharing.md) as it verifies the certificate's own", async () => {
    const held = heldCertificate(certificate.id, certificate.credential, certificate.verifierUrl);
    const { body, link } = await derive(held, ["credentialSubject.grade"], { verifierBase: world.server.url });
    const stored = await apiCall(world.server.url, "POST", `/api/public/credentials/${certificate.id}/derived`, body);
    expect(stored.status).to.equal(201);
    const { code, report } = await verify(link);
    expect(code).to.equal(0);
    expect(report.verdict).to.equal("VALID");
    expect(report.checks.every((check) => check.status === "VALID")).to.equal(true);
  });

  it("tells a tampered credential (1), a revoked one (2) and an unreachable chain (3) apart", async () => {
    const tampered = file(
      "tampered.json",
      JSON.stringify({
        ...certificate.credential,
        credentialSubject: { ...certificate.credential.credentialSubject, nameLatin: "Someone Else" },
      }),
    );
    const deployment = file("deployment.json", JSON.stringify(world.chain.deployment));
    const down = `http://127.0.0.1:${await freePort()}`;
    const [invalid, revocation, unreachableJson, unreachableLink] = await Promise.all([
      verify(tampered),
      verify(revoked.verifierUrl),
      runVerify([
        file("again.json", JSON.stringify(certificate.credential)),
        "--rpc",
        down,
        "--deployment",
        deployment,
        "--json",
      ]),
      runVerify([certificate.verifierUrl, "--rpc", down, "--deployment", deployment, "--json"]),
    ]);
    expect(invalid.code).to.equal(1);
    expect(invalid.report.verdict).to.equal("INVALID");
    expect(invalid.report.checks.find((c) => c.name === "INTEGRITY")).to.include({
      status: "INVALID",
      code: "INTEGRITY_MISMATCH",
    });
    expect(revocation.code).to.equal(2);
    expect(revocation.report.verdict).to.equal("REVOKED");
    expect(revocation.report.checks.find((c) => c.name === "NOT_REVOKED")).to.include({
      status: "INVALID",
      code: "REVOKED_CERTIFICATE",
    });
    for (const { code, stdout } of [unreachableJson, unreachableLink]) {
      expect(code).to.equal(3);
      expect((JSON.parse(stdout) as Report).verdict).to.equal("CANNOT_CHECK");
    }
    const fromFile = JSON.parse(unreachableJson.stdout) as Report;
    expect(fromFile.checks.find((c) => c.name === "ANCHORED")).to.include({
      status: "ERROR",
      code: "CHAIN_UNREACHABLE",
    });
    expect(fromFile.issuer).to.equal(null);
    expect((JSON.parse(unreachableLink.stdout) as Report).problem?.code).to.equal("CHAIN_UNREACHABLE");
  });

  it("prints the checks, verdict and issuer for people, in Arabic as logical text", async () => {
    const { code, stdout } = await runVerify([certificate.verifierUrl, "--config", config, "--lang", "ar"]);
    expect(code).to.equal(0);
    expect(stdout).to.include("شهادة صحيحة");
    for (const reason of [
      "FORMAT_OK",
      "INTEGRITY_OK",
      "MERKLE_OK",
      "ANCHORED_OK",
      "SIGNATURE_OK",
      "ACCREDITED_OK",
      "NOT_REVOKED_OK",
    ] as const) {
      expect(stdout).to.include(REASON_MESSAGES[reason].ar);
    }
    expect(stdout).to.include(world.university.identity.name.ar).and.include("الأردن");
  });

  it("answers bad input with a clear message in the chosen language and status 4, never a stack trace", async () => {
    const plain = await PDFDocument.create();
    plain.addPage();
    const typo = `${certificate.shortCode.slice(0, -1)}${certificate.shortCode.endsWith("0") ? "1" : "0"}`;
    const cases: [string, string, string][] = [
      [path.join(dir, "missing.pdf"), "FILE_NOT_FOUND", "Aucun fichier de ce nom."],
      [file("broken.pdf", "%PDF-1.7\nnot really a PDF"), "FILE_UNREADABLE", "Ce fichier est illisible."],
      [file("plain.pdf", await plain.save()), "PDF_WITHOUT_CREDENTIAL", "Ce PDF ne contient pas de justificatif joint"],
      [file("garbage.bin", new Uint8Array([1, 2, 3, 4, 5])), "FILE_UNREADABLE", "Ce fichier est illisible."],
      ["hello world", "CODE_INVALID", "Ce n'est ni un code de vérification Tasdiq ni un fichier existant."],
      ["https://example.org/v#nonsense", "NOT_TASDIQ", "ne provient pas d'un certificat Tasdiq"],
      [typo, "CODE_TYPO", "faute de frappe"],
    ];
    const results = await Promise.all(
      cases.map(([input]) => runVerify([input, "--config", config, "--lang", "fr", "--json"])),
    );
    for (const [[input, problem, message], { code, stdout, stderr }] of cases.map(
      (c, i) => [c, results[i]!] as const,
    )) {
      expect(code, input).to.equal(4);
      expect(stderr, input).to.equal("");
      const report = JSON.parse(stdout) as Report;
      expect([report.verdict, report.problem?.code], input).to.deep.equal([null, problem]);
      expect(report.problem?.message, input).to.include(message);
    }
    const person = await runVerify([path.join(dir, "missing.pdf"), "--config", config, "--lang", "ar"]);
    expect(person.code).to.equal(4);
    expect(person.stdout).to.include("لا يوجد ملف بهذا الاسم.");
    expect(person.stdout + person.stderr).to.not.match(/\n\s+at /);
    const usage = await runVerify([]);
    expect(usage.code).to.equal(4);
    expect(usage.stderr).to.include("missing required argument");
    const noDemo = await runVerify([certificate.verifierUrl, "--deployment", path.join(dir, "nowhere.json")]);
    expect(noDemo.code).to.equal(4);
    expect(noDemo.stdout).to.include("npm start");
  });

  it("gives the same checks, codes and verdict as the verifier page for the same input", async () => {
    const browser = await launchChromium();
    const tabs: Tab[] = [];
    try {
      const tampered = {
        ...certificate.credential,
        credentialSubject: { ...certificate.credential.credentialSubject, nameLatin: "Someone Else" },
      };
      const onPage = async (
        input: { link: string } | { upload: string },
      ): Promise<{ shown: ShownOutcome; codes: Record<string, string> }> => {
        const tab = await openTab(browser);
        tabs.push(tab);
        await tab.page.goto("link" in input ? input.link : world.pageUrl);
        if ("upload" in input)
          await tab.page.getByLabel("Choose a file").setInputFiles({
            name: "credential.json",
            mimeType: "application/json",
            buffer: Buffer.from(input.upload),
          });
        return { shown: await waitForOutcome(tab.page), codes: await pageCodes(tab.page) };
      };
      const pairs = [
        { page: { link: `${world.pageUrl}#${certificate.fragment}` }, cli: certificate.verifierUrl, verdict: "VALID" },
        {
          page: { upload: JSON.stringify(tampered) },
          cli: file("tampered-page.json", JSON.stringify(tampered)),
          verdict: "INVALID",
        },
        { page: { link: `${world.pageUrl}#${revoked.fragment}` }, cli: revoked.verifierUrl, verdict: "REVOKED" },
      ];
      for (const { page, cli, verdict } of pairs) {
        const [{ shown, codes }, { report }] = await Promise.all([onPage(page), verify(cli)]);
        expect(shown.verdict).to.equal(verdict);
        expect(report.verdict).to.equal(verdict);
        expect(Object.fromEntries(report.checks.map((c) => [c.name, c.status]))).to.deep.equal(shown.checks);
        expect(Object.fromEntries(report.checks.map((c) => [c.name, c.code]))).to.deep.equal(codes);
      }
    } finally {
      await closeTabs(tabs);
      await browser.close();
    }
  });

  it("exports a verification pack, verifies it with no network against its block's hash, and online shows a revocation since", async () => {
    const issued = await world.issue(fixtureGraduates()[3]!);
    const packFile = path.join(dir, "pack.json");
    const exported = await verify(issued.verifierUrl, "--export-pack", packFile);
    expect([exported.code, exported.report.verdict]).to.deep.equal([0, "VALID"]);
    const { hash, number } = packBlock(VerificationPack.parse(JSON.parse(readFileSync(packFile, "utf8"))));
    expect((await world.registrar("POST", `/api/certificates/${issued.id}/revoke`, { reason: 2 })).status).to.equal(
      202,
    );
    await eventually(
      async () =>
        verdictOf(await verifyCredential(issued.credential, world.chain.verifyOptions())) === "REVOKED"
          ? true
          : undefined,
      20_000,
      "revocation on chain",
    );
    // No network: the configured node does not even exist.
    const offlineConfig = file(
      "offline.json",
      JSON.stringify({ rpcUrl: `http://127.0.0.1:${await freePort()}`, deployments: [world.chain.deployment] }),
    );
    const offline = await runVerify([packFile, "--config", offlineConfig, "--checkpoint", hash, "--json"]);
    const offlineReport = JSON.parse(offline.stdout) as Report & { pack: { offline: boolean; verdictAtBlock: string } };
    expect([offline.code, offlineReport.verdict, offlineReport.pack.offline]).to.deep.equal([0, "VALID", true]);
    const wrong = await runVerify([
      packFile,
      "--config",
      offlineConfig,
      "--checkpoint",
      `0x${"ab".repeat(32)}`,
      "--json",
    ]);
    expect([wrong.code, (JSON.parse(wrong.stdout) as Report).verdict]).to.deep.equal([3, "CANNOT_CHECK"]);
    // A checkpoint the configuration publishes for the pack's block stands for --checkpoint.
    const publishedConfig = file(
      "published.json",
      JSON.stringify({
        rpcUrl: `http://127.0.0.1:${await freePort()}`,
        deployments: [world.chain.deployment],
        checkpoints: [{ number, hash }],
      }),
    );
    const published = await runVerify([packFile, "--config", publishedConfig, "--json"]);
    const publishedReport = JSON.parse(published.stdout) as Report & { pack: { offline: boolean } };
    expect([published.code, publishedReport.verdict, publishedReport.pack.offline]).to.deep.equal([0, "VALID", true]);
    const online = await verify(packFile);
    expect([online.code, online.report.verdict]).to.deep.equal([2, "REVOKED"]);
    expect((online.report as Report & { pack: { verdictAtBlock: string } }).pack.verdictAtBlock).to.equal("VALID");
  });
});
