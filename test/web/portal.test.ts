import { expect } from "chai";
import { unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { launchChromium, openTab } from "../helpers/browser";
import type { Tab } from "../helpers/browser";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { PASSWORD, apiCall, eventually, startTestServer } from "../helpers/server";
import type { TestServer } from "../helpers/server";
import { buildWebPages } from "../helpers/web";
import { failBatch } from "../../server/anchoring/failures";

const REGISTRAR = "registrar@ju.edu.jo";
const ADMIN = "admin@ju.edu.jo";
const APPROVER = "approver@ju.edu.jo";
/** Batches above this many certificates wait for an approver. */
const APPROVAL_THRESHOLD = 5;
const SCREENSHOT = "docs/portal-en.png";

/** Three good graduates and, as spreadsheet row 3, one whose Arabic name is in Latin letters. */
function graduatesCsv(): string {
  const header = "name_ar,name_latin,identifier,degree,programme_ar,programme_en,programme_fr,graduation_date,grade";
  const rows = fixtureGraduates()
    .slice(0, 4)
    .map((g, i) => [
      i === 1 ? "Ahmad" : g.nameAr,
      g.nameLatin,
      `PORTAL-${i}`,
      g.degree,
      g.programme.ar,
      g.programme.en,
      g.programme.fr,
      g.graduationDate,
      g.grade,
    ]);
  return [header, ...rows.map((cells) => cells.map((cell) => `"${cell}"`).join(","))].join("\r\n");
}

async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/portal`);
  const form = page.locator("#login");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#account-name").waitFor();
}

/** The registrar portal in headless Chromium against a real server anchoring on a real Hardhat node. */
describe("registrar portal", () => {
  let chain: TestChain;
  let server: TestServer;
  let browser: Browser;
  const tabs: Tab[] = [];

  beforeAll(async () => {
    const webDist = await buildWebPages();
    chain = await startTestChain();
    const university = await accreditUniversity(chain);
    const staff = [
      { universityId: university.id, email: REGISTRAR, role: "registrar" as const },
      { universityId: university.id, email: ADMIN, role: "admin" as const },
      { universityId: university.id, email: APPROVER, role: "approver" as const },
    ];
    server = await startTestServer(chain, [university], {
      staff,
      webDist,
      settings: { approvalThreshold: APPROVAL_THRESHOLD },
    });
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const tab of tabs.splice(0)) {
      expect(tab.violations, "CSP violations").to.deep.equal([]);
      expect(tab.errors, "uncaught errors").to.deep.equal([]);
      await tab.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await chain?.stop();
  });

  const open = async (options?: Parameters<typeof openTab>[1]): Promise<Page> => {
    const tab = await openTab(browser, options);
    tabs.push(tab);
    return tab.page;
  };

  it("signs in, uploads a CSV with a bad row, issues the valid rows, follows them to the chain and revokes one", async () => {
    const page = await open();
    await signIn(page, server.url, REGISTRAR);

    await page.getByRole("link", { name: "Upload a file" }).click();
    const [template] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download the template" }).click(),
    ]);
    expect(template.suggestedFilename()).to.equal("graduates-template.csv");
    await page
      .getByLabel("Graduates file (CSV or XLSX)")
      .setInputFiles({ name: "graduates.csv", mimeType: "text/csv", buffer: Buffer.from(graduatesCsv()) });
    await page.locator("#upload-preview tbody tr").nth(3).waitFor();
    expect(await page.locator("#upload-preview tbody tr").count()).to.equal(4);

    await page.getByRole("button", { name: "Issue the certificates" }).click();
    const errorRow = page.locator("#upload-errors tbody tr");
    await errorRow.first().waitFor();
    expect(await errorRow.count()).to.equal(1);
    expect(await errorRow.locator("td").allTextContents()).to.deep.include.members(["3", "name_ar"]);
    expect(await page.locator("#upload-errors").textContent()).to.contain("3 of 4 rows are valid");

    await page.getByLabel("Issue the valid rows only (skip the rows with errors)").check();
    await page.getByRole("button", { name: "Issue the certificates" }).click();
    await page.locator("#notice", { hasText: "3 certificates accepted." }).waitFor();
    await page.locator("#progress-text", { hasText: "3 of 3 anchored (100%)" }).waitFor({ timeout: 30_000 });
    expect(await page.locator("#progress-bar").getAttribute("value")).to.equal("100");

    await page.getByRole("link", { name: "Certificates" }).click();
    const batch = page.locator("#batches tbody tr").first();
    await batch.locator("[data-status=confirmed]").waitFor();
    expect(await batch.textContent()).to.match(/Anchored\s*block \d+/);
    expect(await batch.locator("code").getAttribute("title")).to.match(/^0x[0-9a-f]{64}$/);
    await page.locator("#auto-refresh").waitFor({ state: "hidden" });
    // The README's picture of the portal, redrawn on request only: tests leave the tree as they found it.
    if (process.env.TASDIQ_SCREENSHOTS) await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const first = page.locator("#certificates tbody tr").first();
    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      first.getByRole("button", { name: /^Download the PDF of/ }).click(),
    ]);
    // Saved under the graduate's identifier and Latin name, as the server names it.
    expect(pdf.suggestedFilename()).to.match(/^[0-9A-Za-z.-]+_[A-Za-z.-]+_[0-9a-f]{16}\.pdf$/);
    await first.getByRole("button", { name: /^Revoke the certificate of/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").selectOption({ label: "Fraud" });
    await dialog.getByRole("button", { name: "Revoke" }).click();
    await page.locator("#notice", { hasText: "Revocation recorded" }).waitFor();
    await first.locator("[data-status=revoked]").waitFor();
    const revoked = await server.context.db
      .prepare("SELECT COUNT(*) FROM certificates WHERE revocation_reason = 2")
      .pluck()
      .get();
    expect(revoked).to.equal(1);
  });

  it("shows the API's validation messages next to the fields, in the page's language", async () => {
    const page = await open({ locale: "fr-FR" });
    // The page opens in French for a French browser.
    await page.goto(`${server.url}/portal`);
    await page.locator("#login").getByLabel("Adresse e-mail").fill(REGISTRAR);
    await page.locator("#login").getByLabel("Mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("link", { name: "Émettre un certificat" }).click();
    await page.getByLabel("Nom en arabe").fill("Ahmad");
    await page.getByRole("button", { name: "Émettre", exact: true }).click();
    await page.locator("#f-nameAr-error").waitFor();
    expect(await page.locator("#f-nameAr-error").textContent()).to.equal("Écrivez le nom en lettres arabes.");
    expect(await page.locator("#f-nameLatin-error").textContent()).to.equal("Champ obligatoire.");
    expect(await page.locator("#f-nameAr").getAttribute("aria-invalid")).to.equal("true");
  });

  it("speaks Arabic right to left and fits a 360 px screen", async () => {
    const page = await open({ locale: "ar", viewport: { width: 360, height: 800 } });
    await page.goto(`${server.url}/portal`);
    await page.getByRole("button", { name: "دخول" }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).to.deep.equal([
      "rtl",
      "ar",
    ]);
    await page.locator("#login").getByLabel("البريد الإلكتروني").fill(REGISTRAR);
    await page.locator("#login").getByLabel("كلمة المرور").fill(PASSWORD);
    await page.keyboard.press("Enter");
    await page.locator("#batches > *").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(360);
  });

  it("lets an admin add a staff member, who can then sign in, and create and revoke an API token", async () => {
    const page = await open();
    await signIn(page, server.url, ADMIN);
    await page.getByRole("link", { name: "Staff" }).click();
    const form = page.locator("#staff-form");
    await form.getByLabel("Name").fill("Layla Haddad");
    await form.getByLabel("Email").fill("layla@ju.edu.jo");
    await form.getByLabel("Role").selectOption("approver");
    await form.getByLabel("Initial password").fill("a long initial password");
    await form.getByRole("button", { name: "Add" }).click();
    await page.locator("#staff-list tr", { hasText: "layla@ju.edu.jo" }).waitFor();
    expect(await page.getByLabel("Role of Layla Haddad").inputValue()).to.equal("approver");
    const login = await apiCall(server.url, "POST", "/api/auth/login", {
      email: "layla@ju.edu.jo",
      password: "a long initial password",
    });
    expect(login.status).to.equal(200);
    expect(login.body.staff.role).to.equal("approver");

    await page.getByRole("link", { name: "API tokens" }).click();
    await page.locator("#token-form").getByLabel("Label").fill("student information system");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await page.locator("#token-secret").waitFor();
    const secret = await page.locator("#token-secret code").textContent();
    expect(
      (await apiCall(server.url, "GET", "/api/me", undefined, { authorization: `Bearer ${secret}` })).status,
    ).to.equal(200);
    await page.getByRole("button", { name: "Revoke the token student information system" }).click();
    await page.locator("#token-list", { hasText: "Nothing to show." }).waitFor();
    expect(
      (await apiCall(server.url, "GET", "/api/me", undefined, { authorization: `Bearer ${secret}` })).status,
    ).to.equal(401);
  });

  it("lets an admin give a colleague a one-time password, which the colleague must replace before anything else", async () => {
    const admin = await server.login(ADMIN);
    expect(
      (
        await admin("POST", "/api/staff", {
          email: "omar@ju.edu.jo",
          name: "Omar Saleh",
          role: "registrar",
          password: "Omar's first passphrase",
        })
      ).status,
    ).to.equal(201);
    const page = await open();
    await signIn(page, server.url, ADMIN);
    await page.getByRole("link", { name: "Staff" }).click();
    await page.getByRole("button", { name: "Reset the password of Omar Saleh" }).click();
    await page.locator("#confirm-dialog").getByRole("button", { name: "Reset", exact: true }).click();
    await page.locator("#staff-secret", { hasText: "One-time password for Omar Saleh" }).waitFor();
    const oneTime = (await page.locator("#staff-secret code").textContent()) ?? "";
    expect(oneTime).to.have.length.of.at.least(12);

    const omar = await open();
    await omar.goto(`${server.url}/portal`);
    await omar.locator("#login").getByLabel("Email").fill("omar@ju.edu.jo");
    await omar.locator("#login").getByLabel("Password").fill(oneTime);
    await omar.getByRole("button", { name: "Sign in" }).click();
    await omar.locator("#account-must-change").waitFor();
    expect(await omar.getByRole("link", { name: "Certificates" }).isHidden()).to.equal(true);
    const form = omar.locator("#password-form");
    await form.getByLabel("Current password").fill(oneTime);
    await form.getByLabel("New password").fill("omar@ju.edu.jo");
    await form.getByRole("button", { name: "Change password" }).click();
    await form.locator(".form-error", { hasText: "easy to guess" }).waitFor();
    await form.getByLabel("New password").fill("Omar's own long passphrase");
    await form.getByRole("button", { name: "Change password" }).click();
    await omar.locator("#notice", { hasText: "Password changed" }).waitFor();
    await omar.locator("#view-dashboard").waitFor();
    expect(
      (
        await apiCall(server.url, "POST", "/api/auth/login", {
          email: "omar@ju.edu.jo",
          password: "Omar's own long passphrase",
        })
      ).status,
    ).to.equal(200);
  });

  it("zips a batch's PDFs, one per certificate, for its own university only", async () => {
    const registrar = await server.login(REGISTRAR);
    const certificates = fixtureGraduates()
      .slice(4, 6)
      .map((subject) => ({ subject }));
    const { body: issued } = await registrar("POST", "/api/certificates/bulk", { certificates });
    const batch = {
      id: await eventually(
        async () =>
          (await registrar("GET", `/api/certificates/${issued.certificates[0].id}`)).body.batchId ?? undefined,
      ),
    };
    // PDFs are given out once the batch is anchored: before, it may still fail and they would never verify.
    await eventually(
      async () => (await registrar("GET", `/api/batches/${batch.id}`)).body.status === "confirmed" || undefined,
      20_000,
      "batch anchored",
    );
    const { body: list } = await registrar("GET", `/api/certificates?batch=${batch.id}`);
    const response = await fetch(`${server.url}/api/batches/${batch.id}/pdfs.zip`, {
      headers: { authorization: `Bearer ${registrar.token}` },
    });
    expect(response.status).to.equal(200);
    expect(response.headers.get("content-type")).to.equal("application/zip");
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    // Named after the graduate (identifier, Latin name with its spaces as hyphens), then the certificate id.
    type Listed = { id: string; subject: { identifier: string; nameLatin: string } };
    const named = (c: Listed) => `${c.subject.identifier}_${c.subject.nameLatin.replace(/ +/g, "-")}_${c.id}.pdf`;
    expect(Object.keys(files)).to.have.members(list.certificates.map(named));
    expect(Object.keys(files)).to.deep.equal([...Object.keys(files)].sort(), "in identifier order");
    for (const pdf of Object.values(files))
      expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).to.equal("%PDF-");
    expect((await registrar("GET", "/api/batches/999999/pdfs.zip")).status).to.equal(404);
    expect((await apiCall(server.url, "GET", `/api/batches/${batch.id}/pdfs.zip`)).status).to.equal(401);
  });

  it("holds a large batch as awaiting approval until an approver approves it in the portal, then anchors it", async () => {
    const registrar = await server.login(REGISTRAR);
    const certificates = fixtureGraduates()
      .slice(0, APPROVAL_THRESHOLD + 1)
      .map((subject, i) => ({ subject: { ...subject, identifier: `HELD-${i}` } }));
    const { body: issued } = await registrar("POST", "/api/certificates/bulk", { certificates });
    const batchId = await eventually(
      async () => (await registrar("GET", `/api/certificates/${issued.certificates[0].id}`)).body.batchId ?? undefined,
    );
    const heldRow = (page: Page) =>
      page.locator("#batches tbody tr", { has: page.locator(`td:first-child:text-is("${batchId}")`) });

    const registrarPage = await open();
    await signIn(registrarPage, server.url, REGISTRAR);
    await heldRow(registrarPage).locator("[data-status=awaitingApproval]", { hasText: "Awaiting approval" }).waitFor();
    expect(
      await heldRow(registrarPage)
        .getByRole("button", { name: /^Approve/ })
        .count(),
    ).to.equal(0);

    const page = await open();
    await signIn(page, server.url, APPROVER);
    await heldRow(page)
      .getByRole("button", { name: `Approve batch ${batchId} for anchoring` })
      .click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.textContent()).to.contain(
      `Approve batch ${batchId} of ${APPROVAL_THRESHOLD + 1} certificates?`,
    );
    await dialog.getByRole("button", { name: "Approve" }).click();
    await page.locator("#notice", { hasText: `Batch ${batchId} approved` }).waitFor();
    await heldRow(page).locator("[data-status=confirmed]").waitFor({ timeout: 30_000 });
    await heldRow(registrarPage)
      .locator("[data-batch-note]", { hasText: `Approved by approver (${APPROVER})` })
      .waitFor();
    // An approver neither issues nor revokes: the portal offers neither.
    expect(await page.locator("#certificates tbody tr").count()).to.be.above(0);
    expect(await page.getByRole("button", { name: /^Revoke/ }).count()).to.equal(0);
    for (const tab of ["Issue one", "Upload a file", "Staff"])
      expect(await page.getByRole("link", { name: tab }).isVisible(), tab).to.equal(false);
    expect(await registrarPage.getByRole("link", { name: "Upload a file" }).isVisible()).to.equal(true);
    const approvedBy = server.context.db
      .prepare("SELECT s.email FROM batches b JOIN staff s ON s.id = b.approved_by WHERE b.id = ?")
      .pluck()
      .get(batchId);
    expect(approvedBy).to.equal(APPROVER);
  });

  it("lets an approver refuse a batch with a reason, shows a failed batch's reason with re-seal, and offers no PDF before anchoring", async () => {
    const registrar = await server.login(REGISTRAR);
    // Both held: the registrar has created more than the threshold within the window already.
    const issue = async (tag: string) => {
      const certificates = fixtureGraduates()
        .slice(0, 2)
        .map((subject, i) => ({ subject: { ...subject, identifier: `${tag}-${i}` } }));
      const { body } = await registrar("POST", "/api/certificates/bulk", { certificates });
      return eventually(
        async () => (await registrar("GET", `/api/certificates/${body.certificates[0].id}`)).body.batchId ?? undefined,
      ) as Promise<number>;
    };
    const toRefuse = await issue("TO-REFUSE");
    const refusedByChain = await issue("CHAIN-REFUSED");
    failBatch(
      server.context.db,
      refusedByChain,
      { code: "CHAIN_REFUSED", error: "CertificateRegistryInvalidCount" },
      new Date(),
    );
    const row = (page: Page, id: number) =>
      page.locator("#batches tbody tr", { has: page.locator(`td:first-child:text-is("${id}")`) });

    const page = await open();
    await signIn(page, server.url, APPROVER);
    await row(page, toRefuse)
      .getByRole("button", { name: `Refuse batch ${toRefuse}` })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").fill("Wrong graduation list");
    await dialog.getByRole("button", { name: "Refuse" }).click();
    await page.locator("#notice", { hasText: `Batch ${toRefuse} refused` }).waitFor();
    await row(page, toRefuse).locator("[data-status=failed]").waitFor();
    expect(await row(page, toRefuse).locator("[data-batch-note]").textContent())
      .to.include(`Refused by approver (${APPROVER})`)
      .and.include("Wrong graduation list");

    const registrarPage = await open();
    await signIn(registrarPage, server.url, REGISTRAR);
    expect(await row(registrarPage, refusedByChain).locator("[data-batch-note]").textContent()).to.include(
      "CertificateRegistryInvalidCount",
    );
    expect(
      await row(registrarPage, toRefuse)
        .getByRole("button", { name: /^Put the certificates/ })
        .count(),
    ).to.equal(0);
    for (const id of [toRefuse, refusedByChain])
      expect(await row(registrarPage, id).getByRole("button", { name: /PDFs/ }).count()).to.equal(0);
    const failedCertificate = registrarPage.locator("#certificates tbody tr", { hasText: "CHAIN-REFUSED-0" });
    await failedCertificate.locator("[data-status=failed]").waitFor();
    expect(await failedCertificate.getByRole("button", { name: /^Download the PDF of/ }).count()).to.equal(0);
    await row(registrarPage, refusedByChain)
      .getByRole("button", { name: `Put the certificates of batch ${refusedByChain} into a new batch` })
      .click();
    await registrarPage
      .locator("#notice", { hasText: `The certificates of batch ${refusedByChain} go into a new batch` })
      .waitFor();
    await row(registrarPage, refusedByChain)
      .locator("[data-batch-note]", { hasText: "Its certificates went into a new batch." })
      .waitFor();
  });

  it("lets an admin rotate the signing key, and shows the new key in use and the old one revoked, in English and Arabic", async () => {
    const before = (await (await server.login(ADMIN))("GET", "/api/keys")).body;
    const page = await open();
    await signIn(page, server.url, ADMIN);
    await page.getByRole("link", { name: "Signing keys" }).click();
    const rows = page.locator("#key-list tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).to.equal(before.signers.length);
    expect(await page.locator("#key-list [data-state=current]").count()).to.equal(1);
    expect(await page.locator("#keys-operator code").textContent()).to.equal(before.operator);

    await page.getByRole("button", { name: "Rotate the key" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate", exact: true }).click();
    const notice = await page.locator("#notice", { hasText: "New key" }).textContent();
    const newKey = /0x[0-9a-fA-F]{40}/.exec(notice ?? "")?.[0];
    expect(newKey).to.be.a("string");
    await page.locator("#key-rotation", { hasText: "Last rotation complete" }).waitFor({ timeout: 30_000 });
    const current = page.locator("#key-list tr", { has: page.locator("[data-state=current]") });
    expect(await current.locator("code").textContent()).to.equal(newKey);
    expect(await current.locator("[data-state=current]").textContent()).to.equal("In use");
    const old = page.locator("#key-list tr", { hasText: before.currentSigner });
    expect(await old.locator("[data-state]").textContent()).to.equal("Revoked");

    await page.getByRole("button", { name: "العربية" }).click();
    expect(await page.evaluate(() => document.documentElement.dir)).to.equal("rtl");
    expect(await current.locator("[data-state=current]").textContent()).to.equal("قيد الاستخدام");
    expect(await page.getByRole("button", { name: "تبديل المفتاح" }).isEnabled()).to.equal(true);
  });
});
