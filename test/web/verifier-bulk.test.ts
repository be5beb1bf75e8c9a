import { readFileSync } from "node:fs";
import { expect } from "chai";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { beforeAll, describe, it } from "vitest";
import { REASON_MESSAGES, decodeVerifierUrl, encodeVerifierUrl, verdictOf, verifyCredential } from "../../core";
import { adjacentTranspositions } from "../helpers/codes";
import { fixtureGraduates } from "../helpers/graduates";
import { qrPng } from "../helpers/qr";
import { eventually } from "../helpers/server";
import { useVerifierSuite } from "../helpers/verifier-suite";
import type { IssuedCertificate } from "../helpers/verifier-world";

interface ShownRow {
  status: string;
  problem: string | null;
  failed: string;
  cells: string[];
}

interface FileToDrop {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const HEADERS = {
  en: ["File or code", "Verdict", "Failed check", "Reason", "Graduate", "University"],
  ar: ["الملف أو الرمز", "النتيجة", "الفحص الذي لم ينجح", "السبب", "الخريج", "الجامعة"],
  fr: ["Fichier ou code", "Verdict", "Contrôle en échec", "Motif", "Diplômé", "Université"],
};

/** Many certificates at once, as an employer checks a pile of applications, on the verifier page. */
describe("verifier page bulk verification, in headless Chromium against a real node and issuance server", () => {
  const suite = useVerifierSuite();
  const graduates = fixtureGraduates();
  let valid: IssuedCertificate[];
  let revoked: IssuedCertificate;
  const pdfs = new Map<string, Buffer>();

  const link = (fragment: string): string => `${suite.world.pageUrl}#${fragment}`;

  /** The certificate PDF as the issuance server hands it to the graduate. */
  async function pdfOf(certificate: IssuedCertificate): Promise<Buffer> {
    const response = await fetch(`${suite.world.server.url}/api/certificates/${certificate.id}/pdf`, {
      headers: { authorization: `Bearer ${suite.world.registrar.token}` },
    });
    expect(response.status).to.equal(200);
    return Buffer.from(await response.arrayBuffer());
  }

  beforeAll(async () => {
    const issued = await Promise.all([0, 1, 2].map((i) => suite.world.issue(graduates[i]!)));
    valid = issued.slice(0, 2);
    revoked = issued[2]!;
    const revocation = await suite.world.registrar("POST", `/api/certificates/${revoked.id}/revoke`, { reason: 2 });
    expect(revocation.status).to.equal(202);
    await eventually(
      async () =>
        verdictOf(await verifyCredential(revoked.credential, suite.world.chain.verifyOptions())) === "REVOKED" ||
        undefined,
      20_000,
      "revocation on chain",
    );
    for (const certificate of issued) pdfs.set(certificate.id, await pdfOf(certificate));
  });

  /** Drops files on a drop zone (the bulk one unless told), as a file manager does. */
  async function drop(page: Page, files: FileToDrop[], zone = "#bulk-drop-zone"): Promise<void> {
    const dataTransfer = await page.evaluateHandle(
      (list) => {
        const transfer = new DataTransfer();
        for (const { name, mimeType, base64 } of list) {
          const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
          transfer.items.add(new File([bytes], name, { type: mimeType }));
        }
        return transfer;
      },
      files.map(({ name, mimeType, buffer }) => ({ name, mimeType, base64: buffer.toString("base64") })),
    );
    await page.locator(zone).dispatchEvent("drop", { dataTransfer });
  }

  async function paste(page: Page, label: string, button: string, lines: string[]): Promise<void> {
    await page.getByLabel(label).fill(lines.join("\n"));
    await page.getByRole("button", { name: button }).click();
  }

  async function waitForTable(page: Page, progress: string): Promise<ShownRow[]> {
    await page.waitForFunction((text) => document.getElementById("bulk-progress")?.textContent === text, progress, {
      timeout: 40_000,
    });
    return page.locator("#bulk-results tbody tr").evaluateAll((rows) =>
      rows.map((row) => ({
        status: row.getAttribute("data-status") ?? "",
        problem: row.getAttribute("data-problem"),
        failed: row.getAttribute("data-failed") ?? "",
        cells: Array.from(row.children, (cell) => cell.textContent ?? ""),
      })),
    );
  }

  const headers = (page: Page): Promise<string[]> => page.locator("#bulk-results thead th").allTextContents();

  /** Downloads the table as CSV: its raw bytes and its rows, parsed. */
  async function downloadCsv(page: Page, button: string): Promise<{ bytes: Buffer; rows: string[][] }> {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: button }).click(),
    ]);
    expect(download.suggestedFilename()).to.match(/^tasdiq-verdicts-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync(await download.path());
    return { bytes, rows: parse(bytes, { bom: true }) as string[][] };
  }

  it("verifies a drop of files and a paste of codes into one table of verdicts, downloadable as CSV", async () => {
    const { page } = await suite.open(suite.world.pageUrl, { locale: "en-GB" });
    // The files stay in the browser: the server is only asked for credentials (GET), the node for chain reads.
    const posted: string[] = [];
    page.on("request", (request) => {
      if (request.method() !== "GET" && !request.url().startsWith(suite.world.chain.node.url))
        posted.push(request.url());
    });
    const tampered = {
      ...valid[1]!.credential,
      credentialSubject: { ...valid[1]!.credential.credentialSubject, grade: "امتياز مع مرتبة الشرف الأولى" },
    };
    await drop(page, [
      { name: "first.pdf", mimeType: "application/pdf", buffer: pdfs.get(valid[0]!.id)! },
      { name: "second.pdf", mimeType: "application/pdf", buffer: pdfs.get(valid[1]!.id)! },
      { name: "revoked.pdf", mimeType: "application/pdf", buffer: pdfs.get(revoked.id)! },
      { name: "tampered.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(tampered)) },
      { name: "photo of QR.png", mimeType: "image/png", buffer: await qrPng(link(valid[0]!.fragment)) },
      { name: "cover letter.txt", mimeType: "text/plain", buffer: Buffer.from("Dear hiring manager") },
    ]);
    const [swap] = adjacentTranspositions(valid[1]!.shortCode);
    const parts = decodeVerifierUrl(valid[1]!.verifierUrl);
    const unknown = encodeVerifierUrl(suite.world.pageUrl.replace(/\/v$/, ""), {
      ...parts,
      credentialId: "00000000000000ff",
    });
    const typed = [valid[1]!.shortCode.toLowerCase(), link(valid[0]!.fragment), swap!.typed, unknown, "hello"];
    // Blank lines and spaces around a code are not inputs.
    await paste(page, "Verification codes or links, one per line", "Verify these codes", [
      ...typed.slice(0, 2),
      "",
      ...typed.slice(2).map((line) => `  ${line}`),
    ]);
    const rows = await waitForTable(page, "11 of 11 checked");

    const university = suite.world.university.identity.name.en;
    const validRow = (input: string, graduate: number) => ({
      status: "VALID",
      problem: null,
      failed: "",
      cells: [input, "Valid certificate", "", "", graduates[graduate]!.nameLatin, university],
    });
    const problemRow = (input: string, problem: string, title: string) => ({
      status: "PROBLEM",
      problem,
      failed: "",
      cells: [input, "Not checked", title],
    });
    const shown = rows.map((row) => (row.status === "PROBLEM" ? { ...row, cells: row.cells.slice(0, 3) } : row));
    expect(shown.map((row) => row.cells[0])).to.deep.equal([
      "first.pdf",
      "second.pdf",
      "revoked.pdf",
      "tampered.json",
      "photo of QR.png",
      "cover letter.txt",
      ...typed,
    ]);
    expect(shown[0]).to.deep.equal(validRow("first.pdf", 0));
    expect(shown[1]).to.deep.equal(validRow("second.pdf", 1));
    expect(shown[2]).to.deep.include({ status: "REVOKED", failed: "NOT_REVOKED" });
    expect(shown[2]!.cells.slice(0, 3)).to.deep.equal(["revoked.pdf", "Revoked certificate", "Not revoked"]);
    expect(shown[2]!.cells[3]).to.match(/^Revoked on .+ \d{4}.*\. Reason: Fraud\.$/);
    expect(shown[2]!.cells.slice(4)).to.deep.equal([graduates[2]!.nameLatin, university]);
    expect(shown[3]).to.deep.include({ status: "INVALID", failed: "INTEGRITY" });
    expect(shown[3]!.cells).to.deep.equal([
      "tampered.json",
      "Not a valid certificate",
      "Data unaltered",
      REASON_MESSAGES.INTEGRITY_MISMATCH.en,
      "",
      "",
    ]);
    expect(shown[4]).to.deep.equal(validRow("photo of QR.png", 0));
    expect(shown[5]).to.deep.equal(problemRow("cover letter.txt", "FILE_UNREADABLE", "File not recognised"));
    expect(rows[5]!.cells[3]).to.include("could not be read");
    expect(shown[6]).to.deep.equal(validRow(typed[0]!, 1));
    expect(shown[7]).to.deep.equal(validRow(typed[1]!, 0));
    expect(shown[8]).to.deep.equal(problemRow(typed[2]!, "CODE_TYPO", "Typing mistake in the code"));
    expect(shown[9]).to.deep.equal(problemRow(typed[3]!, "NOT_FOUND", "Certificate not found"));
    expect(shown[10]).to.deep.equal(problemRow(typed[4]!, "CODE_INVALID", "Not a verification code"));

    expect(posted, "requests other than GETs and chain reads").to.deep.equal([]);
    expect(await page.locator("#bulk-results caption").textContent()).to.equal("Verdicts");
    expect(await headers(page)).to.deep.equal(HEADERS.en);
    expect(await page.getByRole("button", { name: "Cancel" }).isHidden(), "nothing left to cancel").to.equal(true);

    const csv = await downloadCsv(page, "Download the table (CSV)");
    expect([...csv.bytes.subarray(0, 3)], "UTF-8 byte order mark").to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(csv.bytes.toString("utf8")).to.include("\r\n");
    expect(csv.rows).to.deep.equal([HEADERS.en, ...rows.map((row) => row.cells)]);
  });

  it("speaks Arabic right to left and French, in the table and in the CSV, and fits a phone", async () => {
    const { page } = await suite.open(suite.world.pageUrl, { locale: "ar-JO", viewport: { width: 360, height: 740 } });
    await page
      .getByLabel("اختيار ملفات")
      .setInputFiles([{ name: "شهادة أحمد.pdf", mimeType: "application/pdf", buffer: pdfs.get(valid[0]!.id)! }]);
    await paste(page, "رموز التحقق أو روابطها، واحد في كل سطر", "تحقَّق من هذه الرموز", ["hello"]);
    const rows = await waitForTable(page, "فُحص 2 من 2");
    expect(rows.map((row) => row.cells)).to.deep.equal([
      ["شهادة أحمد.pdf", "شهادة صحيحة", "", "", graduates[0]!.nameAr, suite.world.university.identity.name.ar],
      [
        "hello",
        "لم يُتحقَّق منه",
        "ليس رمز تحقق",
        "هذا ليس رمز تحقق من منظومة تصديق. اكتب الرمز المطبوع تحت رمز QR، وهو نحو 40 حرفًا ورقمًا.",
        "",
        "",
      ],
    ]);
    expect(await headers(page)).to.deep.equal(HEADERS.ar);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, "no sideways scrolling on a phone").to.equal(0);
    expect((await downloadCsv(page, "تنزيل الجدول (CSV)")).rows).to.deep.equal([
      HEADERS.ar,
      ...rows.map((row) => row.cells),
    ]);

    // On a wide screen the table reads from the right: the file's name first, then its verdict.
    await page.setViewportSize({ width: 1100, height: 900 });
    const [input, verdict] = await Promise.all(
      ["th", "td"].map((cell) => page.locator(`#bulk-results tbody tr >> nth=0 >> ${cell} >> nth=0`).boundingBox()),
    );
    expect(input!.x).to.be.greaterThan(verdict!.x);

    await page.getByRole("button", { name: "Français" }).click();
    expect(await headers(page)).to.deep.equal(HEADERS.fr);
    expect(await page.locator("#bulk-progress").textContent()).to.equal("2 sur 2 vérifiés");
    const french = await downloadCsv(page, "Télécharger le tableau (CSV)");
    expect(french.rows[0]).to.deep.equal(HEADERS.fr);
    expect(french.rows[1]!.slice(1, 2)).to.deep.equal(["Certificat authentique"]);
  });

  it("stops on Cancel: what has not been checked says so, and the table can be cleared", async () => {
    const { page } = await suite.open(suite.world.pageUrl, { locale: "en-GB" });
    await paste(
      page,
      "Verification codes or links, one per line",
      "Verify these codes",
      Array.from({ length: 40 }, () => valid[0]!.shortCode),
    );
    await page.getByRole("button", { name: "Cancel" }).click();
    const rows = await waitForTable(page, "40 of 40 checked");
    const statuses = rows.map((row) => row.status);
    expect(statuses).to.include("CANCELLED");
    expect(statuses.filter((status) => status !== "CANCELLED" && status !== "VALID")).to.deep.equal([]);
    expect(rows.find((row) => row.status === "CANCELLED")!.cells.slice(1, 3)).to.deep.equal(["Cancelled", ""]);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("bulk-download");
    await page.getByRole("button", { name: "Clear the table" }).click();
    expect(await page.locator("#bulk-run").isHidden()).to.equal(true);
    expect(await page.locator("#bulk-results tbody tr").count()).to.equal(0);
  });

  it("takes several files dropped on the single-certificate card into the bulk table", async () => {
    const { page } = await suite.open(suite.world.pageUrl, { locale: "en-GB" });
    const files = valid.map((certificate, i) => ({
      name: `candidate-${i + 1}.pdf`,
      mimeType: "application/pdf",
      buffer: pdfs.get(certificate.id)!,
    }));
    await drop(page, files, "#drop-zone");
    const rows = await waitForTable(page, "2 of 2 checked");
    expect(rows.map((row) => [row.cells[0], row.status])).to.deep.equal([
      ["candidate-1.pdf", "VALID"],
      ["candidate-2.pdf", "VALID"],
    ]);
    expect(await page.locator("#outcome").textContent(), "no single verdict").to.equal("");
  });
});
