import { readFileSync } from "node:fs";
import axe from "axe-core";
import { expect } from "chai";
import type { Page } from "playwright-core";
import { beforeAll, describe, it } from "vitest";
import { Credential } from "../../core";
import { waitForOutcome } from "../helpers/browser";
import { fixtureGraduates } from "../helpers/graduates";
import { apiCall } from "../helpers/server";
import { useVerifierSuite } from "../helpers/verifier-suite";
import type { IssuedCertificate } from "../helpers/verifier-world";

const PHONE = { width: 360, height: 740 };

/** The certificate panel's facts as shown: label → value. */
function shownFacts(page: Page): Promise<Record<string, string>> {
  return page
    .locator("#panel-certificate")
    .locator("xpath=..")
    .evaluate((panel) =>
      Object.fromEntries(
        Array.from(panel.querySelectorAll(".fact"), (fact) => [
          fact.querySelector("dt")?.textContent ?? "",
          fact.querySelector("dd")?.textContent ?? "",
        ]),
      ),
    );
}

/** axe-core's serious and critical violations within the holder's panel, as `rule: elements`. */
async function holderViolations(page: Page): Promise<string[]> {
  // Through the debugging protocol, which the page's Content-Security-Policy does not restrict.
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(
      { include: [".holder"] },
      { resultTypes: ["violations"] },
    );
    return violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  });
}

/** Saves what clicking `button` downloads: its suggested name and bytes. */
async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [saved] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).click(),
  ]);
  return { name: saved.suggestedFilename(), bytes: readFileSync(await saved.path()) };
}

describe("the holder's view: keep a copy, share with fields hidden", () => {
  const suite = useVerifierSuite();
  let certificate: IssuedCertificate;

  beforeAll(async () => {
    certificate = await suite.world.issue(fixtureGraduates()[4]!);
  });

  it("hides two fields, gives a link and a file that verify VALID elsewhere with exactly those fields hidden", async () => {
    const { page } = await suite.open(`${suite.world.pageUrl}#${certificate.fragment}`, {
      locale: "en-GB",
      viewport: PHONE,
    });
    expect((await waitForOutcome(page)).verdict).to.equal("VALID");
    const holder = page.getByRole("region", { name: "Your certificate" });
    await holder.waitFor();

    // With the keyboard: tick the identifier and the grade, then ask for the link.
    for (const field of ["ID or student number", "Grade"]) {
      await holder.getByRole("checkbox", { name: field }).focus();
      await page.keyboard.press("Space");
    }
    await holder.getByRole("button", { name: "Create a link and a file to share" }).focus();
    await page.keyboard.press("Enter");
    const linkField = holder.getByRole("textbox", { name: "Link to share" });
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(await page.evaluate(() => document.activeElement?.id), "focus moves to the new link").to.equal(
      "holder-link",
    );
    expect(await holder.locator(".holder__status").textContent()).to.equal("Your copy to share is ready.");
    // Same page, same fragment format as the QR link; its own id and secret.
    expect(link.startsWith(`${suite.world.pageUrl}#`)).to.equal(true);
    expect(link).to.not.contain(certificate.fragment);
    expect(page.url(), "nothing of the new link in the page's own address").to.not.contain(link.split("#")[1]);
    expect(await holderViolations(page), "accessibility of the shared link's panel").to.deep.equal([]);

    const file = await download(page, "Download the file to share (JSON)");
    expect(file.name).to.equal(`tasdiq-${certificate.id}-shared.json`);
    const shared = Credential.parse(JSON.parse(file.bytes.toString("utf8")));
    expect(Object.keys(shared.proof.hidden).sort()).to.deep.equal([
      "credentialSubject.grade",
      "credentialSubject.identifier",
    ]);

    const subject = certificate.credential.credentialSubject;
    const expectHiddenShown = async (other: Page): Promise<void> => {
      expect((await waitForOutcome(other)).verdict).to.equal("VALID");
      const facts = await shownFacts(other);
      expect(facts["ID or student number"]).to.equal("Hidden by the holder");
      expect(facts.Grade).to.equal("Hidden by the holder");
      expect(facts["Name (Latin script)"]).to.equal(subject.nameLatin);
      expect(facts["Name (Arabic)"]).to.equal(subject.nameAr);
      expect(await other.locator("#outcome").textContent()).to.not.contain(subject.identifier);
      // A shared copy offers no sharing of its own.
      expect(await other.getByRole("region", { name: "Your certificate" }).count()).to.equal(0);
    };

    // The link, opened in a fresh browser profile.
    const fresh = await suite.open(link, { locale: "en-GB", viewport: PHONE });
    await expectHiddenShown(fresh.page);

    // The file, uploaded to a fresh page.
    const upload = await suite.open(suite.world.pageUrl, { locale: "en-GB", viewport: PHONE });
    await upload.page.locator("#file-input").setInputFiles({
      name: file.name,
      mimeType: "application/json",
      buffer: file.bytes,
    });
    await expectHiddenShown(upload.page);

    // And for systems: POST /api/verify names the hidden fields.
    const verified = await apiCall(suite.world.server.url, "POST", "/api/verify", { url: link });
    expect(verified.body.verdict).to.equal("VALID");
    expect(verified.body.hidden).to.deep.equal(["credentialSubject.identifier", "credentialSubject.grade"]);
  });

  it("downloads the PDF and the full credential file for the holder", async () => {
    const { page } = await suite.open(`${suite.world.pageUrl}#${certificate.fragment}`, { locale: "en-GB" });
    await waitForOutcome(page);
    const pdf = await download(page, "Download the PDF");
    expect(pdf.name).to.equal(`tasdiq-${certificate.id}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString("latin1")).to.equal("%PDF-");
    const json = await download(page, "Download the credential file (JSON)");
    expect(JSON.parse(json.bytes.toString("utf8"))).to.deep.equal(certificate.credential);
  });

  it("asks for at least one field, in Arabic, and keeps the choice across a language switch", async () => {
    const { page } = await suite.open(`${suite.world.pageUrl}#${certificate.fragment}`, { locale: "ar-JO" });
    await waitForOutcome(page);
    const holder = page.getByRole("region", { name: "شهادتك" });
    await holder.getByRole("button", { name: "إنشاء رابط وملف للمشاركة" }).click();
    expect(await holder.locator(".holder__status").textContent()).to.equal("اختر بيانًا واحدًا على الأقل لإخفائه.");
    await holder.getByRole("checkbox", { name: "التقدير" }).check();
    await page.getByRole("button", { name: "English" }).click();
    expect(await page.getByRole("checkbox", { name: "Grade" }).isChecked()).to.equal(true);
  });

  it("shows the university server's refusal in the page's language, and makes no link", async () => {
    const later = await suite.world.issue(fixtureGraduates()[5]!);
    const { page } = await suite.open(`${suite.world.pageUrl}#${later.fragment}`, { locale: "fr-FR" });
    expect((await waitForOutcome(page)).verdict).to.equal("VALID");
    // Revoked while the page is open: the server refuses to share it any further.
    const revoked = await suite.world.registrar("POST", `/api/certificates/${later.id}/revoke`, {
      reason: "withdrawn",
    });
    expect(revoked.status).to.equal(202);
    const holder = page.getByRole("region", { name: "Votre certificat" });
    await holder.getByRole("checkbox", { name: "Mention ou note" }).check();
    await holder.getByRole("button", { name: "Créer un lien et un fichier à partager" }).click();
    await page.waitForFunction(() => document.querySelector(".holder__status--error") !== null);
    expect(await holder.locator(".holder__status").textContent()).to.equal(
      "Ce certificat est révoqué : il ne peut plus être partagé ni téléchargé.",
    );
    expect(await page.locator("#holder-link").count()).to.equal(0);
  });

  it("offers a file, not a link, for a certificate opened from its file", async () => {
    const { page } = await suite.open(suite.world.pageUrl, { locale: "fr-FR" });
    await page.locator("#file-input").setInputFiles({
      name: "diplome.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(certificate.credential)),
    });
    expect((await waitForOutcome(page)).verdict).to.equal("VALID");
    const holder = page.getByRole("region", { name: "Votre certificat" });
    expect(await holder.getByRole("button", { name: "Télécharger le PDF" }).count()).to.equal(0);
    await holder.getByRole("checkbox", { name: "Mention ou note" }).check();
    await holder.getByRole("button", { name: "Créer un fichier à partager" }).click();
    const file = await download(page, "Télécharger le fichier à partager (JSON)");
    expect(Object.keys(Credential.parse(JSON.parse(file.bytes.toString("utf8"))).proof.hidden)).to.deep.equal([
      "credentialSubject.grade",
    ]);
  });
});
