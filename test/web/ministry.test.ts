import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { encryptKeystoreJson } from "ethers";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { closeTabs, launchChromium, openTab } from "../helpers/browser";
import type { Tab } from "../helpers/browser";
import { accreditUniversity, developmentWallet, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { apiCall, eventually, startTestServer } from "../helpers/server";
import type { TestServer } from "../helpers/server";
import { buildWebPages } from "../helpers/web";

const KEYSTORE_PASSWORD = "ministry of jordan, test only";
const REASON = "Degrees sold without examinations (inspection 2026/114)";

/** The ministry flow of the dashboard in real Chromium, against a real node and a real issuance server. */
describe("ministry dashboard", () => {
  let chain: TestChain;
  let university: TestUniversity;
  let server: TestServer;
  let browser: Browser;
  let month: string;
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-ministry-"));
  const tabs: Tab[] = [];

  beforeAll(async () => {
    const webDist = await buildWebPages();
    chain = await startTestChain();
    // Account 1 is the ministry of Jordan, account 0 the ALECSO authority; their keys are handed to the browser as keystore files.
    university = await accreditUniversity(chain, { ministryIndex: 1, operatorIndex: 2 });
    server = await startTestServer(chain, [university], { webDist, audit: true });
    browser = await launchChromium();
    const latest = await chain.provider.getBlock("latest");
    month = new Date((latest?.timestamp ?? 0) * 1000).toISOString().slice(0, 7);
  });
  afterEach(() => closeTabs(tabs));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(options: Parameters<typeof openTab>[1] = {}): Promise<Page> {
    const tab = await openTab(browser, options);
    tabs.push(tab);
    await tab.page.goto(`${server.url}/ministry?country=JO`);
    await tab.page.locator(`[data-university-id="${university.id}"]`).waitFor();
    return tab.page;
  }

  /** The certificates the page shows for the university this month (0 when it shows none). */
  const shownThisMonth = (page: Page): Promise<number> =>
    page.evaluate(
      ([id, m]) => Number(document.querySelector(`[data-figures=anchoring] tr[data-university="${id}"][data-month="${m}"] [data-certificates]`)?.getAttribute("data-certificates") ?? 0),
      [String(university.id), month] as const,
    );

  /** Opens the dashboard with the keystore of development account `index`, and waits for the registry's answer. */
  async function openWithKey(index: number, expected: string): Promise<Page> {
    const page = await open();
    const wallet = developmentWallet(index);
    const file = path.join(dir, `account-${index}.json`);
    writeFileSync(file, await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, KEYSTORE_PASSWORD, { scrypt: { N: 1 << 12 } }));
    await page.getByLabel("Keystore file (.json)").setInputFiles(file);
    await page.getByLabel("Password").fill(KEYSTORE_PASSWORD);
    await page.getByRole("button", { name: "Open the key" }).click();
    await page.locator("#key-status", { hasText: expected }).waitFor();
    return page;
  }

  it("shows a freshly anchored batch in its university's figures of the month", async () => {
    const page = await open();
    // No suspension form without the ministry's key: reading is for anyone.
    expect(await page.locator("form[data-action=suspend]").count()).to.equal(0);
    const before = await shownThisMonth(page);
    await issueBatch(chain, university, fixtureGraduates().slice(0, 3));
    const after = await eventually(async () => {
      await page.getByRole("button", { name: "Show" }).click();
      await page.waitForFunction(() => !document.querySelector("#universities[aria-busy]"));
      const shown = await shownThisMonth(page);
      return shown === before + 3 ? shown : undefined;
    }, 20_000, "the new batch in the monthly figures");
    expect(after).to.equal(before + 3);
    expect(await page.locator(`rect.chart__bar[data-university="${university.id}"][data-month="${month}"]`).getAttribute("data-certificates")).to.equal(String(after));
    expect(await page.locator(`[data-university-id="${university.id}"]`).getAttribute("data-state")).to.equal("accredited");
  });

  it("suspends the university with a reason, signed in the browser with the ministry's keystore, and shows it in the history", async () => {
    const page = await openWithKey(1, "Signed in as the ministry of Jordan");
    expect(await page.locator("#password").inputValue()).to.equal("");

    const card = page.locator(`[data-university-id="${university.id}"]`);
    await card.getByLabel("Reason for the suspension").fill(REASON);
    await card.getByRole("button", { name: "Suspend" }).click();
    await page.locator("#message", { hasText: /^(Done|The transaction failed)/ }).waitFor({ timeout: 30_000 });
    expect(await page.locator("#message").textContent()).to.match(/^Done: the transaction is in block \d+\.$/);
    await page.locator(`[data-university-id="${university.id}"][data-state="suspended"]`).waitFor();
    const history = page.locator(`[data-university-id="${university.id}"] .history__item`);
    expect(await history.count()).to.equal(1);
    expect(await history.first().getAttribute("data-suspension-reason")).to.equal(REASON);
    expect(await history.first().textContent()).to.include(`suspended: “${REASON}”`);
    expect(await page.locator("#suspensions").textContent()).to.include(REASON).and.include("still suspended");
    // The chain itself says so: the transaction went from the browser to the node.
    expect((await chain.issuerRegistry.university(university.id)).accredited).to.equal(false);

    // Reinstating is offered at once, to the same ministry.
    await page.locator(`[data-university-id="${university.id}"] [data-action=reinstate]`).waitFor();
  });

  it("accredits a new university and reinstates the suspended one from the page", async () => {
    const page = await openWithKey(1, "Signed in as the ministry of Jordan");
    const operator = developmentWallet(7).address;
    await page.getByLabel("Operator account (0x…)").fill(operator);
    await page.getByLabel("Name in Arabic").fill("جامعة مؤتة");
    await page.getByLabel("Name in English").fill("Mutah University");
    await page.getByLabel("Name in French").fill("Université Mutah");
    await page.getByLabel("Address of its issuance server (https://…)").fill("https://registrar.mutah.example");
    await page.getByRole("button", { name: "Accredit" }).click();
    const id = Number(await eventually(async () => {
      const found = await chain.issuerRegistry.universityOf(operator);
      return found > 0n ? found : undefined;
    }, 20_000, "the accreditation on chain"));
    await page.locator(`[data-university-id="${id}"][data-state="accredited"]`, { hasText: "Mutah University" }).waitFor();

    await page.locator(`[data-university-id="${university.id}"] [data-action=reinstate]`).click();
    await page.locator(`[data-university-id="${university.id}"][data-state="accredited"]`).waitFor();
    expect(await page.locator(`[data-university-id="${university.id}"] .history__item`).count()).to.equal(2);
    expect((await chain.issuerRegistry.university(university.id)).accredited).to.equal(true);
  });

  it("says so when the keystore's password is wrong, and keeps no key open", async () => {
    const page = await openWithKey(1, "Signed in as the ministry of Jordan");
    await page.getByRole("button", { name: "Close the key" }).click();
    await page.getByLabel("Keystore file (.json)").setInputFiles(path.join(dir, "account-1.json"));
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Open the key" }).click();
    await page.locator("#message", { hasText: "The key could not be opened: wrong password or not a keystore file." }).waitFor();
    expect(await page.locator("form[data-action=suspend], [data-action=reinstate]").count()).to.equal(0);
  });

  it("lets the ALECSO authority read all countries, without accreditation actions", async () => {
    const page = await openWithKey(0, "Signed in as the ALECSO authority");
    expect(await page.locator("#country").inputValue()).to.equal("all");
    await page.locator("[data-university-id]").first().waitFor();
    expect(await page.locator("form[data-action=suspend], [data-action=reinstate]").count()).to.equal(0);
    expect(await page.locator("#accredit").isHidden()).to.equal(true);
  });

  it("answers the audit API with figures consistent with the chain", async () => {
    const { status, body } = await apiCall(server.url, "GET", "/api/audit/overview?country=jo");
    expect(status).to.equal(200);
    const anchored = await chain.certificateRegistry.queryFilter(chain.certificateRegistry.filters.Anchored(university.id));
    const onChain = anchored.reduce((sum, event) => sum + Number(event.args.count), 0);
    const [shown] = body.universities;
    expect(shown.id).to.equal(university.id);
    expect(shown.certificates).to.equal(onChain);
    expect(shown.batches).to.equal(anchored.length);
    expect(shown.state).to.equal((await chain.issuerRegistry.university(university.id)).accredited ? "accredited" : "suspended");
    const history = await chain.issuerRegistry.accreditationHistory(university.id);
    expect(shown.accreditation.map((i: { from: number; until: number }) => [i.from, i.until])).to.deep.equal(history.map((i) => [Number(i.from), Number(i.until)]));
    expect(body.suspensions.map((s: { reason: string; reinstatedAt: number }) => [s.reason, s.reinstatedAt === Number(history[1]?.from)])).to.deep.equal([[REASON, true]]);

    expect((await apiCall(server.url, "GET", "/api/audit/overview?country=EG")).body.universities).to.deep.equal([]);
    expect((await apiCall(server.url, "GET", "/api/audit/overview?country=all")).body.universities).to.have.length(2);
    expect((await apiCall(server.url, "GET", "/api/audit/overview?country=XX")).status).to.equal(400);
    expect((await apiCall(server.url, "GET", "/api/audit/overview?from=2026-13-01")).status).to.equal(400);
    const period = await apiCall(server.url, "GET", "/api/audit/overview?country=JO&from=2000-01-01&to=2000-12-31");
    expect(period.body.universities[0].certificates).to.equal(0);
  });

  it("speaks Arabic right to left and fits a 360 px screen", async () => {
    const page = await open({ locale: "ar-JO", viewport: { width: 360, height: 780 } });
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).to.deep.equal(["ar", "rtl"]);
    expect(await page.locator("h1").textContent()).to.equal("لوحة الوزارة");
    expect(await page.locator(`[data-university-id="${university.id}"] .badge`).textContent()).to.equal("معتمدة");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(360);
  });
});
