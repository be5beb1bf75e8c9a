import path from "node:path";
import { openTab, waitForOutcome } from "../test/helpers/browser";
import { withIssuedCertificate } from "../test/helpers/verifier-world";

/**
 * Screenshots of the verifier's result screen for a freshly issued, valid certificate, in Arabic,
 * English and French, kept under docs/ for the README. Everything is real: a local Hardhat node, the
 * issuance server serving the built page, headless Chromium.
 * Run: npm run screenshots:verifier
 */
const LANGUAGES = ["ar", "en", "fr"] as const;
const WIDTH = 820;
const DOCS = path.join(__dirname, "..", "docs");

withIssuedCertificate(async ({ world, browser, certificate }) => {
  for (const language of LANGUAGES) {
    const tab = await openTab(browser, { locale: language, viewport: { width: WIDTH, height: 900 } });
    try {
      await tab.page.goto(`${world.pageUrl}#${certificate.fragment}`);
      await waitForOutcome(tab.page);
      await tab.page.evaluate(() => document.fonts.ready);
      // From the header down to the last check: the whole result, without the input forms below it.
      const result = await tab.page.locator("#outcome .result").boundingBox();
      if (!result) throw new Error("no result shown");
      const file = path.join(DOCS, `verifier-${language}.png`);
      await tab.page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: 0, width: WIDTH, height: Math.ceil(result.y + result.height + 16) },
      });
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    } finally {
      await tab.close();
    }
  }
}).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
