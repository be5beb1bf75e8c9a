import { expect } from "chai";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { beforeAll, describe, it } from "vitest";
import { Credential, CredentialSubject } from "../../core";
import { renderCertificatePdf } from "../../server/pdf";
import type { CertificateInput } from "../../server/pdf";
import { fixtureUniversities, issueCertificateInputs } from "../helpers/certificates";
import { fixtureGraduates, graduatesAsRegistrarsWriteThem } from "../helpers/graduates";
import { decodeQrCode, pdftotext, popplerCanGiveBack, popplerRuns, readWithPdfjs } from "../helpers/pdf";
import type { PdfjsView } from "../helpers/pdf";

/**
 * Poppler takes a hyphen for a number sign and gives back the Arabic on either side of it in the
 * order drawn: the family names swapped. An /ActualText could only change that by stating the text in
 * an order made up for poppler, which would mislead every reader that takes it as the specification
 * says, as the logical text (see ShapedLine.actualText).
 */
const HYPHENATED_NAME = "سلمى الأنصاري-الإدريسي";
const HYPHENATED_NAME_AS_POPPLER_READS_IT = "الإدريسي-سلمى الأنصاري";

interface Rendered {
  input: CertificateInput;
  subject: CredentialSubject;
  pdf: Uint8Array;
  poppler: string;
  pdfjs: PdfjsView;
}

/** The strings a certificate must give back exactly, NFC-normalised as the credential holds them. */
function printedStrings({ input, subject }: Pick<Rendered, "input" | "subject">): string[] {
  return [
    subject.nameAr,
    subject.nameLatin,
    subject.programme.ar,
    subject.programme.en,
    subject.programme.fr,
    subject.grade,
    ...(subject.honours ? [subject.honours] : []),
    input.university.name.ar,
    input.university.name.en,
    input.university.name.fr,
  ].map((text) => text.normalize("NFC"));
}

describe("certificate PDF", () => {
  const rendered: Rendered[] = [];

  // Every fixture graduate and every fixture university, each at least once.
  beforeAll(async () => {
    const graduates = fixtureGraduates();
    const universities = fixtureUniversities();
    const count = Math.max(graduates.length, universities.length);
    for (let i = 0; i < count; i++) {
      const subject = graduates[i % graduates.length] as CredentialSubject;
      const [input] = await issueCertificateInputs([subject], {
        university: universities[i % universities.length],
        universityId: i + 1,
      });
      const pdf = await renderCertificatePdf(input as CertificateInput);
      rendered.push({
        input: input as CertificateInput,
        subject,
        pdf,
        poppler: pdftotext(pdf),
        pdfjs: await readWithPdfjs(pdf),
      });
    }
  });

  it("renders one A4 landscape page", async () => {
    for (const { pdf } of rendered) {
      const doc = await PDFDocument.load(pdf);
      expect(doc.getPageCount()).to.equal(1);
      const { width, height } = doc.getPage(0).getSize();
      expect(width).to.be.closeTo(841.89, 0.01);
      expect(height).to.be.closeTo(595.28, 0.01);
    }
  });

  it("gives back every name, programme, grade and university name exactly, in logical order, through pdf.js", () => {
    for (const certificate of rendered) {
      for (const text of printedStrings(certificate)) expect(certificate.pdfjs.text, text).to.include(text);
    }
  });

  it("gives back through pdftotext every string exactly, in logical order, where poppler's reordering allows it", () => {
    const impossible = new Set<string>();
    for (const certificate of rendered) {
      for (const text of printedStrings(certificate)) {
        if (!popplerCanGiveBack(text)) {
          for (const run of popplerRuns(text)) expect(certificate.poppler, text).to.include(run);
          impossible.add(text);
        } else if (text === HYPHENATED_NAME)
          expect(certificate.poppler).to.include(HYPHENATED_NAME_AS_POPPLER_READS_IT);
        else expect(certificate.poppler, text).to.include(text);
      }
    }
    // Of the fixtures, the strings in which Arabic is followed by a space and then Latin or a number.
    expect([...impossible].sort()).to.deep.equal(["إدارة الأعمال (MBA)", "جامعة الجزائر 1 بن يوسف بن خدة"].sort());
  });

  it("prints the graduation date in the Gregorian and the Umm al-Qura calendars", () => {
    // The first fixture graduate graduated on 2025-06-30, 5 Muharram 1447, at the University of Cairo.
    const { pdfjs, poppler } = rendered[0] as Rendered;
    expect(pdfjs.text).to.include("تاريخ التخرج: 30 يونيو 2025م الموافق 5 محرم 1447 هـ");
    expect(pdfjs.text).to.include("Date of graduation: 30 June 2025 (5 Muharram 1447 AH)");
    expect(pdfjs.text).to.include("Date d'obtention : 30 juin 2025 (5 mouharram 1447 AH)");
    expect(poppler).to.include("Date of graduation: 30 June 2025 (5 Muharram 1447 AH)");
  });

  it("extracts no stray characters: marks are carried by their letters, not made up from glyph codes", () => {
    for (const { poppler, pdfjs } of rendered) {
      expect(poppler.replace(/[\n\f]/g, "")).to.not.match(/[\p{Cc}\p{Cf}\uFFFD]/u);
      expect(pdfjs.text.replace(/\n/g, "")).to.not.match(/[\p{Cc}\p{Cf}\uFFFD]/u);
    }
  });

  it("reads left to right first for poppler, so that Latin lines come out whole", () => {
    for (const { pdfjs } of rendered) {
      const latin = pdfjs.text.match(/\p{Script=Latin}/gu)?.length ?? 0;
      const arabic = pdfjs.text.match(/\p{Script=Arabic}/gu)?.length ?? 0;
      expect(latin).to.be.greaterThan(arabic);
    }
  });

  // 18 renderings and decodings by separate programs: over a minute on a loaded machine.
  it("prints the QR code so that a 150 dpi scan decodes to the exact verifier URL", { timeout: 240_000 }, () => {
    for (const { input, pdf } of rendered) expect(decodeQrCode(pdf)).to.equal(input.verification.url);
  });

  it("prints the short code and the verifier's address", () => {
    for (const { input, poppler, pdfjs } of rendered) {
      for (const text of [input.verification.shortCode, input.verification.address]) {
        expect(poppler).to.include(text);
        expect(pdfjs.text).to.include(text);
      }
    }
  });

  it("attaches the credential as credential.json, which parses and equals the credential", () => {
    for (const { input, pdfjs } of rendered) {
      const attachment = pdfjs.attachments["credential.json"];
      expect(attachment?.filename).to.equal("credential.json");
      const credential = Credential.parse(JSON.parse(new TextDecoder().decode(attachment?.content)));
      expect(credential).to.deep.equal(input.credential);
    }
  });

  it("declares the attachment as JSON", async () => {
    const { pdf } = rendered[0] as Rendered;
    const doc = await PDFDocument.load(pdf);
    const names = doc.catalog.lookup(PDFName.of("Names"));
    expect(String(names)).to.include("/EmbeddedFiles");
    expect(new TextDecoder("latin1").decode(pdf)).to.include("/Subtype /application#2Fjson");
  });

  it("sets title, author, subject, language and creation date", async () => {
    for (const { input, pdf, pdfjs } of rendered) {
      const doc = await PDFDocument.load(pdf, { updateMetadata: false });
      expect(doc.getTitle()).to.include(input.credential.credentialSubject.nameLatin as string);
      expect(doc.getAuthor()).to.include(input.university.name.ar).and.to.include(input.university.name.en);
      expect(doc.getSubject()).to.include(input.credential.id);
      expect(doc.getCreationDate()?.toISOString()).to.equal(new Date(input.credential.validFrom).toISOString());
      expect((doc.catalog.lookup(PDFName.of("Lang"), PDFString) as PDFString).decodeText()).to.equal("ar");
      expect(pdfjs.lang).to.equal("ar");
    }
  });

  it("embeds its fonts as TrueType subsets", async () => {
    const doc = await PDFDocument.load((rendered[0] as Rendered).pdf);
    const descriptors = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => String(object))
      .filter((object) => object.includes("/Type /FontDescriptor"));
    expect(descriptors).to.have.length(2);
    for (const descriptor of descriptors) {
      expect(descriptor).to.match(/\/FontName \/[A-Z]{6}\+Amiri-(Regular|Bold)/);
      expect(descriptor).to.include("/FontFile2");
    }
  });

  it("is reproducible: the same input gives the same bytes", async () => {
    const { input, pdf } = rendered[0] as Rendered;
    expect(Buffer.from(await renderCertificatePdf(input)).equals(Buffer.from(pdf))).to.equal(true);
  });

  it("stays under 40 KB", () => {
    for (const { pdf } of rendered) expect(pdf.length).to.be.at.most(40 * 1024);
  });
});

/** Every string must come back exactly from pdf.js (the verifier page's and Firefox's reader). */
const REAL_GRADUATES = graduatesAsRegistrarsWriteThem().map((subject) => CredentialSubject.parse(subject));

describe("certificate PDF text of real graduates' data", () => {
  const rendered: Rendered[] = [];
  beforeAll(async () => {
    for (const [i, subject] of REAL_GRADUATES.entries()) {
      const [input] = await issueCertificateInputs([subject], {
        university: fixtureUniversities()[i],
        universityId: i + 1,
      });
      const pdf = await renderCertificatePdf(input as CertificateInput);
      rendered.push({
        input: input as CertificateInput,
        subject,
        pdf,
        poppler: pdftotext(pdf),
        pdfjs: await readWithPdfjs(pdf),
      });
    }
  });
  const strings = (subject: CredentialSubject): string[] => [
    subject.nameAr,
    subject.nameLatin,
    subject.programme.ar,
    subject.programme.en,
    subject.programme.fr,
    subject.grade,
    subject.honours ?? "",
  ];

  it("gives back every name, programme, grade and honours exactly through pdf.js", () => {
    for (const { subject, pdfjs } of rendered) for (const text of strings(subject)) expect(pdfjs.text).to.include(text);
  });

  it("gives back through pdftotext exactly what poppler's reordering can give, and every other string's pieces", () => {
    const impossible: string[] = [];
    for (const { subject, poppler } of rendered) {
      for (const text of strings(subject)) {
        if (!popplerCanGiveBack(text)) {
          for (const run of popplerRuns(text)) expect(poppler, text).to.include(run);
          impossible.push(text);
        } else if (text === HYPHENATED_NAME) expect(poppler).to.include(HYPHENATED_NAME_AS_POPPLER_READS_IT);
        else expect(poppler, text).to.include(text);
      }
    }
    // No PDF can make poppler give these back in logical order on a page of mostly Latin text.
    expect(impossible).to.deep.equal(
      ["مصطفى ٢٠٢٥ (دفعة)", "٣٫٩٢ من ٤٫٠٠", "جيد جداً", "إدارة الأعمال (MBA)", "حسنٌ جداً"].map((text) =>
        text.normalize("NFC"),
      ),
    );
  });

  it("prints the graduation dates in both calendars, which pdf.js gives back exactly", () => {
    expect(rendered[0]?.pdfjs.text).to.include("Date of graduation: 30 June 2025 (5 Muharram 1447 AH)");
    for (const { pdfjs } of rendered)
      expect(pdfjs.text).to.match(/تاريخ التخرج: \d+ [^\d\n]+ \d{4}م الموافق \d+ [^\d\n]+ \d{4} هـ/u);
  });
});
