import { expect } from "chai";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { beforeAll, describe, it } from "vitest";
import { Credential, CredentialSubject } from "../../core";
import { renderCertificatePdf } from "../../server/pdf";
import type { CertificateInput } from "../../server/pdf";
import { fixtureUniversities, issueCertificateInputs } from "../helpers/certificates";
import { fixtureGraduates } from "../helpers/graduates";
import { decodeQrCode, pdftotext, popplerKeepsLogicalOrder, popplerRuns, readWithPdfjs } from "../helpers/pdf";
import type { PdfjsView } from "../helpers/pdf";

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
    const displayOrdered = new Set<string>();
    for (const certificate of rendered) {
      for (const text of printedStrings(certificate)) {
        if (popplerKeepsLogicalOrder(text)) expect(certificate.poppler, text).to.include(text);
        else {
          for (const run of popplerRuns(text)) expect(certificate.poppler, text).to.include(run);
          displayOrdered.add(text);
        }
      }
    }
    // Of the fixtures, the strings that mix Arabic with Latin, digits or a hyphen, or end in a mark.
    expect([...displayOrdered].sort()).to.deep.equal(
      ["إدارة الأعمال (MBA)", "جامعة الجزائر 1 بن يوسف بن خدة", "سلمى الأنصاري-الإدريسي"].sort(),
    );
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

  it("prints the QR code so that a 150 dpi scan decodes to the exact verifier URL", () => {
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

/**
 * Graduates as registrars write them: grades in Arabic-Indic digits, honours with tanween written
 * after the alef or on the letter, programmes that mix Arabic and Latin, hyphenated names, vowelled
 * names. Every string must come back exactly from pdf.js (the verifier page's and Firefox's reader).
 */
const REAL_GRADUATES: CredentialSubject[] = [
  {
    nameAr: "مصطفى ٢٠٢٥ (دفعة)",
    nameLatin: "Moustafa Ben Abderrahmane",
    identifier: "EE-2025-0192",
    degree: "bachelor",
    programme: { ar: "الهندسة الكهربائية", en: "Electrical Engineering", fr: "Génie électrique — الهندسة الكهربائية" },
    graduationDate: "2025-06-30",
    grade: "٣٫٩٢ من ٤٫٠٠",
    honours: "جيد جداً",
  },
  {
    nameAr: "سلمى الأنصاري-الإدريسي",
    nameLatin: "Salma El Ansari-Idrissi",
    identifier: "MBA-2026-0007",
    degree: "master",
    programme: {
      ar: "إدارة الأعمال (MBA)",
      en: "Business Administration (MBA)",
      fr: "Administration des affaires (MBA)",
    },
    graduationDate: "2026-02-14",
    grade: "١٦٫٥ / ٢٠",
    honours: "ممتاز مع مرتبة الشرف",
  },
  {
    nameAr: "لَيْلى عبد الرَّحْمٰن",
    nameLatin: "Layla Abdul-Rahman",
    identifier: "BC-2026-0031",
    degree: "doctorate",
    programme: { ar: "الكيمياء الحيوية", en: "Biochemistry", fr: "Biochimie" },
    graduationDate: "2026-01-12",
    grade: "مشرف جدًا",
    honours: "حسنٌ جداً",
  },
].map((subject) => CredentialSubject.parse(JSON.parse(JSON.stringify(subject).normalize("NFC"))));

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

  it("gives back every name, programme, grade and honours exactly through pdf.js, but one it cannot read whole", () => {
    const cut: string[] = [];
    for (const { subject, pdfjs } of rendered)
      for (const text of strings(subject)) if (!pdfjs.text.includes(text)) cut.push(text);
    // pdf.js 5 takes a glyph whose text holds a combining mark for a mark of its own and never looks
    // where it is drawn, so the space before the vowelled last letter of a word that is not the line's
    // first (in drawing order) is read on its other side. (A line's first letter with marks is shown
    // last, which pdf.js reads right: see PageContent.text.)
    expect(cut).to.deep.equal(["حسنٌ جداً".normalize("NFC")]);
    expect(rendered[2]?.pdfjs.text).to.include("حس نٌ جداً".normalize("NFC"));
  });

  it("gives back through pdftotext exactly what poppler's reordering can give, and every other string's pieces", () => {
    const displayOrdered: string[] = [];
    for (const { subject, poppler } of rendered) {
      for (const text of strings(subject)) {
        if (popplerKeepsLogicalOrder(text)) expect(poppler, text).to.include(text);
        else {
          for (const run of popplerRuns(text)) expect(poppler, text).to.include(run);
          displayOrdered.push(text);
        }
      }
    }
    // No placement of the characters makes poppler give these back in logical order on a page of mostly Latin text.
    expect(displayOrdered).to.deep.equal(
      [
        "مصطفى ٢٠٢٥ (دفعة)",
        "٣٫٩٢ من ٤٫٠٠",
        "جيد جداً",
        "سلمى الأنصاري-الإدريسي",
        "إدارة الأعمال (MBA)",
        "١٦٫٥ / ٢٠",
        "حسنٌ جداً",
      ].map((text) => text.normalize("NFC")),
    );
  });

  it("prints the graduation dates in both calendars, which pdf.js gives back exactly", () => {
    expect(rendered[0]?.pdfjs.text).to.include("Date of graduation: 30 June 2025 (5 Muharram 1447 AH)");
    for (const { pdfjs } of rendered)
      expect(pdfjs.text).to.match(/تاريخ التخرج: \d+ [^\d\n]+ \d{4}م الموافق \d+ [^\d\n]+ \d{4} هـ/u);
  });
});
