import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, it } from "vitest";
import { decodeVerifierUrl, encodeVerifierUrl } from "../../core";
import { renderCertificatePdf } from "../../server/pdf";
import { JORDAN, accreditUniversity } from "../helpers/chain";
import { launchChromium, waitForOutcome } from "../helpers/browser";
import type { ShownOutcome } from "../helpers/browser";
import { adjacentTranspositions } from "../helpers/codes";
import { fixtureGraduates } from "../helpers/graduates";
import { renderPng } from "../helpers/pdf";
import { qrPng, writeQrVideo } from "../helpers/qr";
import { useVerifierSuite } from "../helpers/verifier-suite";
import type { IssuedCertificate } from "../helpers/verifier-world";

/** Every way of presenting a certificate to the verifier page, and what it says when one fails. */
describe("verifier page inputs, in headless Chromium against a real node and issuance server", () => {
  // Whatever the input, the page stays within its Content-Security-Policy and talks to no third party.
  const suite = useVerifierSuite();
  let certificate: IssuedCertificate;
  let pdf: Uint8Array;
  const graduates = fixtureGraduates();

  /** The QR code's link to the verifier page, by default that of the certificate issued for these tests. */
  const link = (fragment = certificate.fragment): string => `${suite.world.pageUrl}#${fragment}`;

  beforeAll(async () => {
    certificate = await suite.world.issue(graduates[1]!);
    pdf = await renderCertificatePdf({
      credential: certificate.credential,
      university: { name: suite.world.university.identity.name, country: "JO" },
      ministry: { name: JORDAN.names },
      verification: { url: link(), shortCode: certificate.shortCode, address: suite.world.pageUrl },
    });
  });

  async function upload(name: string, mimeType: string, content: Uint8Array | string): Promise<ShownOutcome> {
    const tab = await suite.open(suite.world.pageUrl);
    await tab.page.getByLabel("Choose a file").setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
    return waitForOutcome(tab.page);
  }

  async function typeCode(code: string): Promise<ShownOutcome> {
    const tab = await suite.open(suite.world.pageUrl);
    await tab.page.getByLabel("Verification code printed under the QR code").fill(code);
    await tab.page.getByRole("button", { name: "Verify", exact: true }).click();
    return waitForOutcome(tab.page);
  }

  function expectValid(outcome: ShownOutcome): void {
    expect(outcome.verdict).to.equal("VALID");
    expect(outcome.title).to.equal("Valid certificate");
    expect(Object.values(outcome.checks)).to.deep.equal(Array(8).fill("VALID"));
    expect(outcome.text).to.include(graduates[1]!.nameLatin).and.include(graduates[1]!.nameAr);
  }

  it("verifies a freshly issued certificate from its QR link at once, fetching and decrypting it in the browser", async () => {
    const tab = await suite.open(link());
    const outcome = await waitForOutcome(tab.page);
    expectValid(outcome);
    // Names from the chain, the batch's anchoring, the graduation date in both calendars.
    expect(outcome.text).to.include("The University of Jordan").and.include(JORDAN.names.en).and.include("Jordan");
    expect(outcome.text)
      .to.match(/0x[0-9a-f]{64}/)
      .and.include("AH");
  });

  it("reads its configuration beside the page whether opened as /v or /v/", async () => {
    const tab = await suite.open(`${suite.world.pageUrl}/#${certificate.fragment}`);
    expectValid(await waitForOutcome(tab.page));
  });

  it("verifies an uploaded credential JSON", async () => {
    expectValid(await upload("credential.json", "application/json", JSON.stringify(certificate.credential)));
  });

  it("verifies the short code typed by hand, in lower case with spaces instead of hyphens", async () => {
    expectValid(await typeCode(certificate.shortCode.toLowerCase().replaceAll("-", " ")));
  });

  it("verifies a pasted QR link typed into the code field", async () => {
    expectValid(await typeCode(link()));
  });

  it("verifies an uploaded picture of the QR code", async () => {
    expectValid(await upload("qr.png", "image/png", await qrPng(link())));
  });

  it("verifies an uploaded image of the rendered certificate PDF page", async () => {
    expectValid(await upload("certificate.png", "image/png", renderPng(pdf, 150)));
  });

  it("verifies an uploaded certificate PDF from the credential attached inside it", async () => {
    expectValid(await upload("certificate.pdf", "application/pdf", pdf));
  });

  it("verifies a PDF without attachment (a scan) from the QR code on its first page", async () => {
    const scan = await PDFDocument.create();
    const page = scan.addPage([595.28, 841.89]);
    const image = await scan.embedPng(await qrPng(link()));
    page.drawImage(image, { x: 400, y: 60, width: 85, height: 85 });
    expectValid(await upload("scan.pdf", "application/pdf", await scan.save()));
  });

  it("scans the QR code with the camera", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-camera-"));
    const video = path.join(dir, "qr.y4m");
    writeQrVideo(video, link());
    const cameraBrowser = await launchChromium([
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ]);
    try {
      const tab = await suite.open(suite.world.pageUrl, {}, cameraBrowser);
      await tab.page.getByRole("button", { name: "Start the camera" }).click();
      expectValid(await waitForOutcome(tab.page));
      expect(await tab.page.locator("#camera").isHidden(), "camera released").to.equal(true);
    } finally {
      await cameraBrowser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("explains a refused camera and offers the upload instead", async () => {
    const tab = await suite.open(suite.world.pageUrl);
    await tab.context.grantPermissions([]);
    await tab.page.getByRole("button", { name: "Start the camera" }).click();
    const outcome = await waitForOutcome(tab.page);
    expect(outcome.problem).to.be.oneOf(["CAMERA_DENIED", "CAMERA_NOT_FOUND", "CAMERA_UNSUPPORTED"]);
    expect(outcome.text).to.include("Upload a photo of the QR code");
  });

  it("says when a typed code has a typing mistake", async () => {
    // The first two different neighbouring symbols swapped: equal ones would leave the code unchanged.
    const [swap] = adjacentTranspositions(certificate.shortCode);
    const outcome = await typeCode(swap!.typed);
    expect(outcome.problem).to.equal("CODE_TYPO");
    expect(outcome.text).to.include("typing mistake");
  });

  it("says when a typed text is no verification code at all", async () => {
    const outcome = await typeCode("hello");
    expect(outcome.problem).to.equal("CODE_INVALID");
  });

  it("says when a QR code is not a Tasdiq code", async () => {
    const outcome = await upload("other.png", "image/png", await qrPng("https://example.com/menu"));
    expect(outcome.problem).to.equal("NOT_TASDIQ");
    expect(outcome.title).to.equal("Not a Tasdiq code");
  });

  it("says when no QR code can be read in a picture", async () => {
    const blank = await PDFDocument.create();
    blank.addPage([300, 300]);
    const outcome = await upload("photo.png", "image/png", renderPng(await blank.save(), 72));
    expect(outcome.problem).to.equal("QR_NOT_FOUND");
    expect(outcome.text).to.include("sharp, well-lit photo");
  });

  it("says when a file is neither a certificate nor a picture", async () => {
    const outcome = await upload("notes.txt", "text/plain", "not a certificate");
    expect(outcome.problem).to.equal("FILE_UNREADABLE");
  });

  it("says when the university's server does not answer, suggesting the PDF", async () => {
    // accreditUniversity registers http://127.0.0.1:1 as this university's server: nothing listens there.
    const offline = await accreditUniversity(suite.world.chain, { operatorIndex: 4 });
    const link = encodeVerifierUrl(suite.world.pageUrl.replace(/\/v$/, ""), {
      chainId: suite.world.chain.deployment.chainId,
      universityId: offline.id,
      credentialId: "0123456789abcdef",
      secret: new Uint8Array(16).fill(7),
    });
    const tab = await suite.open(link);
    const outcome = await waitForOutcome(tab.page);
    expect(outcome.problem).to.equal("ISSUER_UNREACHABLE");
    expect(outcome.text).to.include("upload the certificate PDF");
  });

  it("says when the university has no certificate with that code", async () => {
    const tab = await suite.open(link(fragmentWith(certificate, { credentialId: "00000000000000ff" })));
    expect((await waitForOutcome(tab.page)).problem).to.equal("NOT_FOUND");
  });

  it("says when the code does not unlock the stored certificate", async () => {
    const tab = await suite.open(link(fragmentWith(certificate, { secret: new Uint8Array(16).fill(9) })));
    expect((await waitForOutcome(tab.page)).problem).to.equal("WRONG_SECRET");
  });

  /** The fragment of `issued`'s QR link with its credential id or secret replaced. */
  function fragmentWith(issued: IssuedCertificate, change: { credentialId?: string; secret?: Uint8Array }): string {
    const link = encodeVerifierUrl("http://verifier", { ...decodeVerifierUrl(issued.verifierUrl), ...change });
    return link.slice(link.indexOf("#") + 1);
  }
});
