import { it } from "vitest";
import { renderCertificatePdf } from "../../../server/pdf";
import type { CertificateInput } from "../../../server/pdf";
import { fixtureUniversities, issueCertificateInputs } from "../../../test/helpers/certificates";
import { fixtureGraduates } from "../../../test/helpers/graduates";
import { displayOrder, pdftotext } from "../../../test/helpers/pdf";
it("debug", async () => {
  const g = fixtureGraduates()[5]!;
  const [input] = await issueCertificateInputs([g], { university: fixtureUniversities()[7] });
  const pdf = await renderCertificatePdf(input as CertificateInput);
  const t = pdftotext(pdf, { keepBidiControls: true });
  for (const line of t.split("\n")) if (/MBA|الجزائر|الهاشمي/.test(line)) { console.log(JSON.stringify(line)); console.log(displayOrder(line, "ltr")); }
  console.log("want", displayOrder("إدارة الأعمال (MBA)", "rtl"), displayOrder("جامعة الجزائر 1 بن يوسف بن خدة", "rtl"));
});
