import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchChromium, openTab } from "../test/helpers/browser";
import { accreditUniversity, developmentWallet, freePort, startTestChain } from "../test/helpers/chain";
import { fixtureGraduates } from "../test/helpers/graduates";
import { issueBatch } from "../test/helpers/issue";
import { startTestServer } from "../test/helpers/server";
import { injectWallet } from "../test/helpers/wallet";
import { buildMinistryDashboard } from "./lib/ministry-dashboard";
import { headersFile, serveStaticFolder } from "./lib/static-site";
import { buildWebPages } from "./lib/web-build";

/**
 * Screenshots of the ministry dashboard for the README (docs/ministry-{en,ar}.png): a real local
 * node whose clock starts in May 2026, three Jordanian universities anchoring for seven months, a
 * revoked batch, one suspension right after a batch; the issuance server with its audit index; the
 * dashboard built for its own origin, in headless Chromium with the ministry's wallet connected.
 * Run: npm run screenshots:ministry
 */
const DOCS = path.join(__dirname, "..", "docs");
const WIDTH = 1100;
const MONTH_SECONDS = 30 * 86_400;
/** Certificates per batch for each university, month after month: invented, but not flat. */
const VOLUMES = [
  [4, 6, 5, 8, 7, 9, 10],
  [2, 3, 3, 2, 5, 4, 6],
  [1, 2, 2, 3, 2, 9, 10],
];
/** The issuance server address the dashboard shows for the two universities added here. */
const SHOWN_URL = "https://registrar.example.jo";
const YARMOUK = { ar: "جامعة اليرموك", en: "Yarmouk University", fr: "Université de Yarmouk" };
const JUST = {
  ar: "جامعة العلوم والتكنولوجيا الأردنية",
  en: "Jordan University of Science and Technology",
  fr: "Université jordanienne des sciences et technologies",
};

async function main(): Promise<void> {
  process.env.TASDIQ_GENESIS_DATE = "2026-05-04T08:00:00.000Z";
  const webDist = await buildWebPages();
  const chain = await startTestChain();
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-ministry-shots-"));
  try {
    const jordan = await accreditUniversity(chain);
    const yarmouk = await accreditUniversity(chain, { operatorIndex: 3, name: YARMOUK, url: SHOWN_URL });
    const just = await accreditUniversity(chain, { operatorIndex: 4, name: JUST, url: SHOWN_URL });
    const universities = [jordan, yarmouk, just];
    const graduates = fixtureGraduates();
    const start = Date.parse(process.env.TASDIQ_GENESIS_DATE) / 1000 + 86_400;
    let revocable: string | undefined;
    for (let month = 0; month < 7; month++) {
      for (const [u, university] of universities.entries()) {
        await chain.provider.send("evm_setNextBlockTimestamp", [start + month * MONTH_SECONDS + u * 3600]);
        const { batch } = await issueBatch(chain, university, graduates.slice(0, VOLUMES[u]?.[month] ?? 1));
        if (university === jordan && month === 3) revocable = batch.root;
      }
    }
    if (revocable)
      await (await chain.certificateRegistry.connect(jordan.operator).revokeBatch(jordan.id, revocable, 1)).wait();
    await (
      await chain.issuerRegistry
        .connect(await chain.account(1))
        .suspendUniversity(just.id, "Inspection 2026/114: degrees issued without examinations")
    ).wait();

    const server = await startTestServer(chain, [], { webDist, audit: true });
    const port = await freePort();
    const dashboard = await buildMinistryDashboard(path.join(dir, "dashboard"), {
      origin: `http://127.0.0.1:${port}`,
      rpcUrl: chain.node.url,
      deployment: chain.deployment,
      auditUrl: `${server.url}/api/audit/overview`,
      keystore: true,
    });
    const site = await serveStaticFolder(dashboard.dir, { headers: headersFile(dashboard.dir), port });
    const browser = await launchChromium();
    try {
      for (const language of ["en", "ar"] as const) {
        const tab = await openTab(browser, { locale: language, viewport: { width: WIDTH, height: 900 } });
        await injectWallet(tab.page, chain, developmentWallet(1));
        await tab.page.goto(`${site.origin}/?country=JO`);
        await tab.page.locator("[data-university-id]").first().waitFor();
        await tab.page.locator("#wallet-connect").click();
        await tab.page.locator("form[data-action=suspend]").first().waitFor();
        await tab.page.evaluate(() => document.fonts.ready);
        const file = path.join(DOCS, `ministry-${language}.png`);
        await tab.page.screenshot({ path: file, fullPage: true });
        console.log(`wrote ${path.relative(process.cwd(), file)}`);
        await tab.close();
      }
    } finally {
      await browser.close();
      await site.stop();
      await server.stop();
    }
  } finally {
    await chain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
