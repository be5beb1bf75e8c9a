import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";
import { renderCertificatePdf } from "../server/pdf";
import { issueCertificateInputs, seededRandom } from "../test/helpers/certificates";
import { fixtureGraduates } from "../test/helpers/graduates";

/**
 * Renders the sample certificate shown in the README, docs/sample-certificate.pdf, and its 150 dpi
 * image, docs/sample-certificate.png (needs poppler's pdftoppm). Everything random is seeded, so the
 * PDF is the same on every run. Run: npm run sample:certificate
 */
async function main(): Promise<void> {
  // The fixture graduate with diacritics in her name, a doctorate and honours.
  const graduate = fixtureGraduates()[3];
  if (!graduate) throw new Error("the graduates fixture has fewer than four rows");
  const [input] = await issueCertificateInputs([graduate], {
    random: seededRandom("tasdiq sample certificate"),
    signerKey: keccak256(toUtf8Bytes("tasdiq sample certificate signer")),
  });
  if (!input) throw new Error("no certificate issued");
  const docs = path.join(__dirname, "..", "docs");
  const pdfFile = path.join(docs, "sample-certificate.pdf");
  writeFileSync(pdfFile, await renderCertificatePdf(input));
  execFileSync("pdftoppm", ["-r", "150", "-png", "-singlefile", pdfFile, path.join(docs, "sample-certificate")]);
  console.log(
    `wrote ${path.relative(process.cwd(), pdfFile)} and sample-certificate.png (verifier URL ${input.verification.url})`,
  );
}

void main();
