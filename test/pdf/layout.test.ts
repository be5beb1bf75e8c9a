import { expect } from "chai";
import { describe, it } from "vitest";
import { hideFields } from "../../core";
import type { CredentialSubject } from "../../core";
import { renderCertificatePdf } from "../../server/pdf";
import type { CertificateInput } from "../../server/pdf";
import { fitText } from "../../server/pdf/layout";
import { issueCertificateInputs } from "../helpers/certificates";
import { fixtureGraduates } from "../helpers/graduates";
import { decodeQrCode, readWithPdfjs } from "../helpers/pdf";
import type { PdfjsView } from "../helpers/pdf";

/** `words` repeated up to `length` characters (the schema's limits), cut at a word. */
function repeatTo(words: string, length: number): string {
  let text = words;
  while (text.length + words.length + 1 <= length) text += ` ${words}`;
  return text;
}

/** The inner rule of the page's border, 22.5 pt in from each edge; text keeps clear of it. */
const BORDER = 22.5;

interface Box {
  text: string;
  left: number;
  right: number;
  bottom: number;
  top: number;
}

/** Each text item's box: from its baseline a descender's depth down, and its font size up. */
function textBoxes(view: PdfjsView): Box[] {
  return view.items
    .filter((item) => item.str.trim().length > 0)
    .map((item) => {
      const [, , , size = 0, x = 0, y = 0] = item.transform as number[];
      return { text: item.str, left: x, right: x + item.width, bottom: y - 0.25 * size, top: y + 0.75 * size };
    });
}

function expectInsideBorder(view: PdfjsView): void {
  for (const box of textBoxes(view)) {
    expect(box.left, box.text).to.be.greaterThan(BORDER + 4);
    expect(box.right, box.text).to.be.lessThan(view.pageSize.width - BORDER - 4);
    expect(box.bottom, box.text).to.be.greaterThan(BORDER + 4);
    expect(box.top, box.text).to.be.lessThan(view.pageSize.height - BORDER - 4);
  }
}

function expectNoOverlaps(view: PdfjsView): void {
  const boxes = textBoxes(view);
  boxes.forEach((a, i) => {
    for (const b of boxes.slice(i + 1)) {
      const overlaps =
        a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.bottom < b.top - 0.5 && b.bottom < a.top - 0.5;
      expect(overlaps, `"${a.text}" overlaps "${b.text}"`).to.equal(false);
    }
  });
}

describe("certificate layout", () => {
  it("fits text to a width, shrinking and then wrapping, and never exceeds it", () => {
    const style = { face: "regular" as const, size: 20, color: [0, 0, 0] as const, minSize: 12, maxLines: 2 };
    const short = fitText("Computer Engineering", style, 400);
    expect(short.size).to.equal(20);
    expect(short.lines).to.have.length(1);
    const long = fitText(repeatTo("Génie électrique et électronique", 300), style, 400);
    expect(long.lines).to.have.length(2);
    for (const width of [50, 200, 400, 700]) {
      for (const text of [
        "هندسة الحاسوب",
        repeatTo("الهندسة الكهربائية والإلكترونية", 300),
        "Zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
      ]) {
        expect(fitText(text, style, width).width).to.be.at.most(width + 1e-9);
      }
    }
  });

  it("keeps the longest names, programmes and institution names the schema allows inside the border, without overlaps", async () => {
    const graduate = fixtureGraduates()[5] as CredentialSubject;
    const subject: CredentialSubject = {
      ...graduate,
      nameAr: repeatTo("عبد الرَّحْمن بن إبراهيم (أبو خالد)", 200),
      nameLatin: repeatTo("Abdulrahman bin Ibrahim Al-Khatib", 200),
      identifier: `2025-${"9".repeat(59)}`,
      programme: {
        ar: repeatTo("الهندسة الكهربائية والإلكترونية", 300),
        en: repeatTo("Electrical and Electronic Engineering", 300),
        fr: repeatTo("Génie électrique et électronique", 300),
      },
      grade: repeatTo("امتياز", 100),
      honours: repeatTo("مع مرتبة الشرف الأولى", 200),
    };
    const university = {
      country: "AE",
      name: {
        ar: repeatTo("جامعة الإمارات العربية المتحدة", 300),
        en: repeatTo("United Arab Emirates University", 300),
        fr: repeatTo("Université des Émirats arabes unis", 300),
      },
    };
    const [input] = await issueCertificateInputs([subject], { university });
    const ministry = {
      ar: repeatTo("وزارة التعليم العالي والبحث العلمي", 300),
      en: repeatTo("Ministry of Higher Education and Scientific Research", 300),
      fr: repeatTo("Ministère de l'Enseignement supérieur et de la Recherche scientifique", 300),
    };
    const pdf = await renderCertificatePdf({ ...(input as CertificateInput), ministry: { name: ministry } });
    const view = await readWithPdfjs(pdf);
    expectInsideBorder(view);
    expectNoOverlaps(view);
    expect(decodeQrCode(pdf)).to.equal(input?.verification.url);
  });

  it("keeps every fixture certificate inside the border, without overlaps", async () => {
    const inputs = await issueCertificateInputs(fixtureGraduates());
    for (const input of inputs) {
      const view = await readWithPdfjs(await renderCertificatePdf(input));
      expectInsideBorder(view);
      expectNoOverlaps(view);
    }
  });

  it("leaves out the fields the holder hid, and prints the rest", async () => {
    const [input] = await issueCertificateInputs([fixtureGraduates()[0] as CredentialSubject]);
    const full = (input as CertificateInput).credential;
    const hidden = hideFields(full, [
      "credentialSubject.nameAr",
      "credentialSubject.grade",
      "credentialSubject.identifier",
      "credentialSubject.graduationDate",
    ]);
    const view = await readWithPdfjs(
      await renderCertificatePdf({ ...(input as CertificateInput), credential: hidden }),
    );
    const subject = full.credentialSubject;
    for (const gone of [subject.nameAr, subject.grade, subject.identifier, "Date of graduation"])
      expect(view.text).to.not.include(gone);
    for (const kept of [subject.nameLatin, subject.programme?.ar, subject.programme?.en])
      expect(view.text).to.include(kept);
    expect(JSON.parse(new TextDecoder().decode(view.attachments["credential.json"]?.content))).to.deep.equal(hidden);
  });
});
