import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import axe from "axe-core";
import { expect } from "chai";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { verdictOf, verifyCredential } from "../../core";
import { buildMinistryDashboard } from "../../scripts/lib/ministry-dashboard";
import { headersFile, serveStaticFolder } from "../../scripts/lib/static-site";
import type { StaticSite } from "../../scripts/lib/static-site";
import { waitForOutcome } from "../helpers/browser";
import { developmentWallet, freePort } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { PASSWORD, eventually } from "../helpers/server";
import { useVerifierSuite } from "../helpers/verifier-suite";
import type { IssuedCertificate } from "../helpers/verifier-world";
import { injectWallet } from "../helpers/wallet";
import type { TestWallet } from "../helpers/wallet";

const LANGUAGES = ["ar", "en", "fr"] as const;
const ADMIN = "admin@ju.edu.jo";
/** Development account 1 is the ministry of Jordan, which accredited the world's university. */
const MINISTRY = 1;

/**
 * axe-core's serious and critical violations on the page as it is now, one line each naming the
 * state, the rule and the elements; only within `part` when given (a state that changes only that part
 * of a page already audited whole). axe is evaluated through the browser's debugging protocol, which
 * the pages' Content-Security-Policy does not restrict (a script tag would be refused).
 */
async function violations(page: Page, state: string, part?: string): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const found = await page.evaluate(async (part) => {
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(
      part ? { include: [part] } : window.document,
      { resultTypes: ["violations"] },
    );
    return violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  }, part);
  return found.map((violation) => `${new URL(page.url()).pathname} ${state}: ${violation}`);
}

/** Audits the page (or its `part`) in each language in turn, switching with the page's own language buttons. */
async function auditInEachLanguage(page: Page, state: string, part?: string): Promise<string[]> {
  const found: string[] = [];
  for (const language of LANGUAGES) {
    await page.locator(`[data-language=${language}]`).click();
    await page.waitForFunction((lang) => window.document.documentElement.lang === lang, language);
    found.push(...(await violations(page, `${state} (${language})`, part)));
  }
  return found;
}

/** Where keyboard focus is, and whether it can be seen: a ring (outline or shadow) on the element, or on the label standing in for a visually hidden control. */
const focusStop = (page: Page): Promise<{ element: string; visible: boolean }> =>
  page.evaluate(() => {
    const element = window.document.activeElement;
    if (!(element instanceof HTMLElement) || element === window.document.body)
      return { element: "body", visible: false };
    const shown =
      element instanceof HTMLInputElement && element.classList.contains("visually-hidden")
        ? (element.labels?.[0] ?? element)
        : element;
    const style = getComputedStyle(shown);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
    const { width, height } = shown.getBoundingClientRect();
    return {
      element: `${element.outerHTML.slice(0, 120)} (outline ${style.outline}, shadow ${style.boxShadow}, ${width}×${height})`,
      visible: ring && width > 0 && height > 0,
    };
  });

/**
 * Presses Tab (or Shift+Tab) until the element matching `selector` has focus, failing if any element
 * focus lands on on the way shows no focus ring.
 */
async function tabTo(page: Page, selector: string, { backwards = false, max = 60 } = {}): Promise<void> {
  const reached = (): Promise<boolean> =>
    page.evaluate((wanted) => window.document.activeElement?.matches(wanted) ?? false, selector);
  // Where focus starts may be a heading the page moved it to, not a stop of the Tab order.
  let arrived = await reached();
  for (let presses = 0; presses <= max; presses++) {
    if (presses > 0 || arrived) {
      const stop = await focusStop(page);
      expect(stop.visible, `focus ring on ${stop.element}`).to.equal(true);
      if (arrived) return;
    }
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    arrived = await reached();
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The accessibility tree's view of an element: its role, name and what a screen reader reads in it. */
const spoken = (page: Page, selector: string): Promise<string> => page.locator(selector).ariaSnapshot();

/**
 * The three pages in headless Chromium, against a real node and issuance server: axe-core finds no
 * serious or critical violation in any state and language, the main tasks can be done with Tab,
 * Shift+Tab, Enter and Space alone with focus always visible, and outcomes are announced.
 */
describe("accessibility of the verifier, the portal and the ministry dashboard", () => {
  const suite = useVerifierSuite({ audit: true, staff: [{ university: 0, email: ADMIN, role: "admin" }] });
  let valid: IssuedCertificate;
  let revoked: IssuedCertificate;
  let ministrySite: StaticSite;
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-accessibility-"));
  const graduates = fixtureGraduates();

  beforeAll(async () => {
    const { world } = suite;
    const issueAndRevoke = async (): Promise<void> => {
      [valid, revoked] = [await world.issue(graduates[0]!), await world.issue(graduates[1]!)];
      const revocation = await world.registrar("POST", `/api/certificates/${revoked.id}/revoke`, { reason: "fraud" });
      expect(revocation.status).to.equal(202);
      await eventually(
        async () =>
          verdictOf(await verifyCredential(revoked.credential, world.chain.verifyOptions())) === "REVOKED" || undefined,
        20_000,
        "revocation on chain",
      );
    };
    const buildDashboard = async (): Promise<void> => {
      const port = await freePort();
      const built = await buildMinistryDashboard(path.join(dir, "dashboard"), {
        origin: `http://127.0.0.1:${port}`,
        rpcUrl: world.chain.node.url,
        deployment: world.chain.deployment,
        auditUrl: `${world.server.url}/api/audit/overview`,
        keystore: true,
      });
      ministrySite = await serveStaticFolder(built.dir, { headers: headersFile(built.dir), port });
    };
    // An empty bulk request starts the server's intake threads, which the portal's upload needs, meanwhile.
    const startIntake = () => world.registrar("POST", "/api/certificates/bulk", { certificates: [] });
    await Promise.all([issueAndRevoke(), buildDashboard(), startIntake()]);
  });
  afterAll(async () => {
    await ministrySite?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The portal signed in as the university's admin, who may open every view. */
  async function portal(locale: string): Promise<Page> {
    const { page } = await suite.open(`${suite.world.server.url}/portal`, { locale });
    await page.locator("#login-email").fill(ADMIN);
    await page.locator("#login-password").fill(PASSWORD);
    await page.locator("#login button[type=submit]").click();
    await page.locator("#batches table").waitFor();
    return page;
  }

  /** The ministry's own dashboard with the ministry's account in an injected wallet, not yet connected. */
  async function ministry(locale: string): Promise<{ page: Page; wallet: TestWallet }> {
    const { page } = await suite.open("about:blank", { locale });
    const wallet = await injectWallet(page, suite.world.chain, developmentWallet(MINISTRY));
    await page.goto(`${ministrySite.origin}/?country=JO`);
    await page.locator(`[data-university-id="${suite.world.university.id}"]`).waitFor();
    return { page, wallet };
  }

  it("finds no serious or critical violation on the verifier page: start, each verdict and problem, sharing, bulk", async () => {
    const { page } = await suite.open(suite.world.pageUrl, { locale: "ar" });
    const rpc = new URL(suite.world.chain.node.url).origin;
    const found = await auditInEachLanguage(page, "start");
    const upload = (name: string, mimeType: string, content: string) =>
      page.locator("#file-input").setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
    let shared = "";
    const states: [string, () => Promise<unknown>][] = [
      [
        "valid, its holder's link to share made",
        async () => {
          await page.evaluate((hash) => (location.hash = hash), valid.fragment);
          const holder = page.locator("#outcome .holder");
          await holder.locator("input[name=hide]").first().check();
          await holder.locator("[data-focus=share]").click();
          shared = await page.locator("#holder-link").inputValue();
        },
      ],
      ["shared with a field hidden", () => page.evaluate((hash) => (location.hash = hash), new URL(shared).hash)],
      ["revoked", () => page.evaluate((hash) => (location.hash = hash), revoked.fragment)],
      [
        "tampered",
        () => {
          const { credential } = valid;
          const tampered = { ...credential, credentialSubject: { ...credential.credentialSubject, grade: "ممتاز" } };
          return upload("credential.json", "application/json", JSON.stringify(tampered));
        },
      ],
      [
        "chain unreachable",
        async () => {
          // The node answers nothing for a while, then fails: the working state is audited meanwhile.
          let release = (): void => undefined;
          const held = new Promise<void>((resolve) => (release = resolve));
          await page.route(
            (url) => url.origin === rpc,
            (route) => held.then(() => route.abort()),
          );
          await upload("credential.json", "application/json", JSON.stringify(valid.credential));
          const working = page.locator("#outcome .working");
          await working.waitFor();
          // What the page is busy with is said in the live region, as the verdict will be.
          expect(await spoken(page, "#outcome")).to.include(((await working.textContent()) ?? "").trim());
          found.push(...(await auditInEachLanguage(page, "working", "#outcome")));
          release();
          await waitForOutcome(page);
          await page.unrouteAll();
        },
      ],
      ["unreadable file", () => upload("notes.txt", "text/plain", "not a certificate")],
      [
        "not a code",
        async () => {
          await page.locator("#code-input").fill("hello");
          await page.locator("#code-form button[type=submit]").click();
        },
      ],
    ];
    const verdicts: string[] = [];
    for (const [state, show] of states) {
      await show();
      const outcome = await waitForOutcome(page);
      verdicts.push(outcome.verdict ?? outcome.problem ?? "");
      found.push(...(await auditInEachLanguage(page, state, "#outcome")));
      await page.locator("#outcome .again").click();
    }
    expect(verdicts).to.deep.equal([
      "VALID",
      "VALID",
      "REVOKED",
      "INVALID",
      "CANNOT_CHECK",
      "FILE_UNREADABLE",
      "CODE_INVALID",
    ]);

    // Many certificates at once: a table of verdicts, its progress in a status region.
    await page.locator("[data-language=en]").click();
    await page.locator("#bulk-codes").fill([valid.shortCode, revoked.verifierUrl, "hello"].join("\n"));
    await page.locator("#bulk-code-form button[type=submit]").click();
    await page.locator("#bulk-progress", { hasText: "3 of 3 checked" }).waitFor();
    expect(await page.locator("#bulk-progress").getAttribute("role")).to.equal("status");
    found.push(...(await auditInEachLanguage(page, "bulk verdicts", ".bulk")));
    expect(found).to.deep.equal([]);
  });

  it("finds no serious or critical violation in the portal: sign-in, batches, forms with errors, upload, staff, tokens, keys, account", async () => {
    const { page: signIn } = await suite.open(`${suite.world.server.url}/portal`, { locale: "ar" });
    const found = await auditInEachLanguage(signIn, "sign-in");
    await signIn.locator("#login-email").fill(ADMIN);
    await signIn.locator("#login-password").fill("not the password");
    await signIn.locator("#login button[type=submit]").click();
    await signIn.locator("#login-error:not(:empty)").waitFor();
    found.push(...(await auditInEachLanguage(signIn, "sign-in refused", "#login")));

    const page = await portal("ar");
    found.push(...(await auditInEachLanguage(page, "batches and certificates")));
    await page.locator("#certificates [data-revoke]").first().click();
    await page.locator("#revoke-dialog[open]").waitFor();
    found.push(...(await violations(page, "revocation dialog")));
    await page.locator("#revoke-dialog button[value=cancel]").click();

    await page.evaluate(() => (location.hash = "#issue"));
    await page.locator("#f-nameAr").fill("Ahmad");
    await page.locator("#issue-form button[type=submit]").click();
    await page.locator("#f-nameAr-error").waitFor();
    found.push(...(await auditInEachLanguage(page, "issue form with field errors", "#view-issue")));

    await page.evaluate(() => (location.hash = "#upload"));
    const header = "name_ar,name_latin,identifier,degree,programme_ar,programme_en,programme_fr,graduation_date,grade";
    const rows = graduates.slice(2, 4).map((g, i) =>
      [i === 1 ? "Ahmad" : g.nameAr, g.nameLatin, `A11Y-${i}`, g.degree, g.programme.ar, g.programme.en, g.programme.fr]
        .concat([g.graduationDate, g.grade])
        .map((cell) => `"${cell}"`)
        .join(","),
    );
    await page.locator("#upload-file").setInputFiles({
      name: "graduates.csv",
      mimeType: "text/csv",
      buffer: Buffer.from([header, ...rows].join("\r\n")),
    });
    await page.locator("#upload-preview table").waitFor();
    await page.locator("#upload-form button[type=submit]").click();
    await page.locator("#upload-errors table").waitFor();
    found.push(...(await auditInEachLanguage(page, "upload with row errors", "#view-upload")));
    await page.locator("#upload-valid-only").check();
    await page.locator("#upload-form button[type=submit]").click();
    await page.locator("#upload-progress:not([hidden])").waitFor();
    expect(await page.locator("#progress-text").getAttribute("aria-live")).to.equal("polite");
    found.push(...(await auditInEachLanguage(page, "upload progress", "#view-upload")));

    for (const view of ["staff", "tokens", "keys", "account"]) {
      await page.evaluate((hash) => (location.hash = hash), `#${view}`);
      await page.locator(`#view-${view}:not([hidden])`).waitFor();
      await page.waitForLoadState("networkidle");
      found.push(...(await auditInEachLanguage(page, view, `#view-${view}`)));
    }
    expect(found).to.deep.equal([]);
  });

  it("finds no serious or critical violation on the ministry dashboard: overview, chart, university actions, confirmation", async () => {
    const { page } = await ministry("ar");
    await page.locator("#wallet-connect").click();
    await page.locator(`#reason-${suite.world.university.id}`).waitFor();
    await page.locator("#chart svg, #chart table").first().waitFor();
    const found = await auditInEachLanguage(page, "overview with actions");
    await page.locator(`#reason-${suite.world.university.id}`).fill("Inspection pending");
    await page.locator(`[data-university-id="${suite.world.university.id}"] form[data-action=suspend] button`).click();
    await page.locator("#confirm[open]").waitFor();
    found.push(...(await violations(page, "confirmation")));
    await page.locator("#confirm-cancel").click();
    expect(found).to.deep.equal([]);
  });

  it("verifies a typed code, and pasted codes in bulk, with the keyboard alone, announcing the verdict and showing focus", async () => {
    // Right to left, where a lost focus ring or a jumbled Tab order would show first.
    const { page } = await suite.open(suite.world.pageUrl, { locale: "ar" });
    expect(await page.locator("#outcome").getAttribute("aria-live")).to.equal("polite");
    await tabTo(page, "#code-input");
    await page.keyboard.type(valid.shortCode);
    await page.keyboard.press("Enter");
    const outcome = await waitForOutcome(page);
    expect(outcome.verdict).to.equal("VALID");
    // Focus moves to the verdict, which the live region also announces.
    expect(await page.evaluate(() => window.document.activeElement?.className)).to.equal("verdict__title");
    expect(await spoken(page, "#outcome")).to.include(`heading "${outcome.title}"`);
    await tabTo(page, "#outcome .again");
    await page.keyboard.press("Space");
    expect(await page.locator("#outcome").textContent()).to.equal("");
    // Back to the inputs; Shift+Tab from the code field reaches the file upload.
    await tabTo(page, "#code-input");
    await tabTo(page, "#file-input", { backwards: true });

    await tabTo(page, "#bulk-codes");
    await page.keyboard.type(valid.shortCode);
    await tabTo(page, "#bulk-code-form button[type=submit]");
    await page.keyboard.press("Enter");
    await page.locator("#bulk-results tbody tr").waitFor();
    await page.locator("#bulk-cancel").waitFor({ state: "hidden" });
    expect(await page.locator("#bulk-results tbody tr").getAttribute("data-status")).to.equal("VALID");
    await tabTo(page, "#bulk-download");
  });

  it("signs in to the portal and acts on a batch with the keyboard alone", async () => {
    const { page } = await suite.open(`${suite.world.server.url}/portal`, { locale: "ar" });
    await tabTo(page, "#login-email");
    await page.keyboard.type(ADMIN);
    await tabTo(page, "#login-password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.locator("#batches table").waitFor();
    expect(await page.evaluate(() => window.document.activeElement?.id)).to.equal("batches-title");

    // A batch's PDFs, downloaded from its row.
    await tabTo(page, "#batches button[aria-label]");
    const [zip] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    expect(zip.suggestedFilename()).to.match(/\.zip$/);

    // A certificate's revocation asks in a dialog, which keeps focus inside and gives it back.
    await tabTo(page, "#certificates [data-revoke]");
    const revoke = await page.evaluate(() => window.document.activeElement?.getAttribute("data-revoke"));
    await page.keyboard.press("Enter");
    await page.locator("#revoke-dialog[open]").waitFor();
    expect(await page.evaluate(() => window.document.activeElement?.closest("dialog")?.id)).to.equal("revoke-dialog");
    await tabTo(page, "#revoke-dialog button[value=cancel]");
    await page.keyboard.press("Enter");
    expect(await page.locator("#revoke-dialog").getAttribute("open")).to.equal(null);
    expect(await page.evaluate(() => window.document.activeElement?.getAttribute("data-revoke"))).to.equal(revoke);

    // The tabs of the portal are links: Enter opens a view and moves focus to its heading.
    await tabTo(page, "a[href='#upload']", { backwards: true });
    await page.keyboard.press("Enter");
    await page.locator("#view-upload:not([hidden])").waitFor();
    expect(await page.evaluate(() => window.document.activeElement?.id)).to.equal("upload-title");
    await tabTo(page, "#upload-file");
    expect(await page.locator("#notice").getAttribute("role")).to.equal("status");
  });

  it("asks for a suspension's confirmation on the ministry dashboard with the keyboard alone, and says what happened", async () => {
    const { page, wallet } = await ministry("ar");
    await tabTo(page, "#wallet-connect");
    await page.keyboard.press("Enter");
    await page.locator("#key-status:not(:empty)").waitFor();
    expect(await page.locator("#key-status").getAttribute("role")).to.equal("status");

    await tabTo(page, `#reason-${suite.world.university.id}`);
    await page.keyboard.type("Inspection pending");
    await page.keyboard.press("Enter");
    await page.locator("#confirm[open]").waitFor();
    expect(await page.evaluate(() => window.document.activeElement?.closest("dialog")?.id)).to.equal("confirm");
    await tabTo(page, "#confirm-cancel");
    await page.keyboard.press("Space");
    await page.locator("#message:not(:empty)").waitFor();
    expect(await page.locator("#message").getAttribute("role")).to.equal("status");
    expect(wallet.requests).not.to.include("eth_sendTransaction");
  });
});
