import { expect } from "chai";
import type { Page } from "playwright-core";
import { beforeAll, describe, it } from "vitest";
import { waitForOutcome } from "../helpers/browser";
import type { Tab, TabOptions } from "../helpers/browser";
import { fixtureGraduates } from "../helpers/graduates";
import { useVerifierSuite } from "../helpers/verifier-suite";
import type { IssuedCertificate } from "../helpers/verifier-world";

/** Languages, right-to-left layout, small screens and keyboard use of the verifier page. */
describe("verifier page for people, in headless Chromium", () => {
  const suite = useVerifierSuite();
  let certificate: IssuedCertificate;

  beforeAll(async () => {
    certificate = await suite.world.issue(fixtureGraduates()[0]!);
  });

  const open = (options: TabOptions, hash = ""): Promise<Tab> => suite.open(`${suite.world.pageUrl}${hash}`, options);

  const documentLanguage = (page: Page) =>
    page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

  it("speaks Arabic right to left to an Arabic browser, with Gregorian and Hijri dates", async () => {
    const { page } = await open({ locale: "ar-JO" }, `#${certificate.fragment}`);
    const outcome = await waitForOutcome(page);
    expect(await documentLanguage(page)).to.deep.equal({ lang: "ar", dir: "rtl" });
    expect(outcome.title).to.equal("شهادة صحيحة");
    expect(outcome.text).to.include("بكالوريوس").and.include("الجامعة الأردنية").and.include("هـ");
    // The verdict's icon sits at the start of the line, which in Arabic is the right.
    const icon = await page.locator(".verdict__icon").boundingBox();
    const title = await page.locator(".verdict__title").boundingBox();
    expect(icon!.x).to.be.greaterThan(title!.x);
  });

  it("switches language on request and remembers the choice", async () => {
    const { page } = await open({ locale: "en-US" }, `#${certificate.fragment}`);
    expect((await waitForOutcome(page)).title).to.equal("Valid certificate");
    await page.getByRole("button", { name: "Français" }).click();
    expect(await documentLanguage(page)).to.deep.equal({ lang: "fr", dir: "ltr" });
    expect(await page.locator(".verdict__title").textContent()).to.equal("Certificat authentique");
    expect(await page.locator("[data-check=INTEGRITY]").textContent()).to.include("Données non modifiées");
    await page.getByRole("button", { name: "العربية" }).click();
    expect(await documentLanguage(page)).to.deep.equal({ lang: "ar", dir: "rtl" });
    await page.reload();
    expect((await waitForOutcome(page)).title).to.equal("شهادة صحيحة");
    expect(await page.getByRole("button", { name: "العربية" }).getAttribute("aria-pressed")).to.equal("true");
  });

  it("falls back to English for a browser in none of the three languages", async () => {
    const { page } = await open({ locale: "de-DE" });
    expect(await documentLanguage(page)).to.deep.equal({ lang: "en", dir: "ltr" });
  });

  for (const locale of ["ar", "en", "fr"]) {
    it(`fits a 360 px wide phone screen without sideways scrolling (${locale})`, async () => {
      const { page } = await open({ locale, viewport: { width: 360, height: 740 } });
      const overflow = () =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow(), "start screen").to.equal(0);
      await page.evaluate((hash) => (location.hash = hash), certificate.fragment);
      await waitForOutcome(page);
      expect(await overflow(), "result screen").to.equal(0);
    });
  }

  it("can be used with the keyboard alone, and moves focus to the verdict", async () => {
    const { page } = await open({ locale: "en-GB" });
    let focused = "";
    for (let presses = 0; presses < 10 && focused !== "code-input"; presses++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.id ?? "");
    }
    expect(focused, "the code field is reachable with Tab").to.equal("code-input");
    await page.keyboard.type(certificate.shortCode);
    await page.keyboard.press("Enter");
    const outcome = await waitForOutcome(page);
    expect(outcome.verdict).to.equal("VALID");
    expect(await page.evaluate(() => document.activeElement?.className)).to.equal("verdict__title");
    await page.getByRole("button", { name: "Check another certificate" }).press("Enter");
    expect(await page.locator("#outcome").textContent()).to.equal("");
    expect(await page.evaluate(() => location.hash)).to.equal("");
  });

  it("labels every control and announces the verdict politely", async () => {
    const { page } = await open({ locale: "en-GB" });
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll("input, button, video"))
        .filter((element) => {
          const labelled = element.getAttribute("aria-label") || (element as HTMLInputElement).labels?.length;
          return !labelled && !element.textContent?.trim();
        })
        .map((element) => element.outerHTML),
    );
    expect(unlabelled).to.deep.equal([]);
    expect(await page.locator("#outcome").getAttribute("aria-live")).to.equal("polite");
  });
});
