import { create } from "@pdf-lib/fontkit";
import { expect } from "chai";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, it } from "vitest";
import { createGlyphSubset } from "../../server/pdf/embedding/font-subset";
import { toUnicodeCMap } from "../../server/pdf/embedding/to-unicode";
import { fontFace } from "../../server/pdf/fonts";
import { directionOf, fitText } from "../../server/pdf/layout";
import { PageContent } from "../../server/pdf/page-content";
import { visualRuns } from "../../server/pdf/text/bidi";
import { shapeLine } from "../../server/pdf/text/shaping";
import { Typesetter } from "../../server/pdf/typesetter";
import { fixtureUniversities } from "../helpers/certificates";
import { fixtureGraduates, graduatesAsRegistrarsWriteThem } from "../helpers/graduates";
import { pdftotext, popplerCanGiveBack, popplerRuns, readWithPdfjs } from "../helpers/pdf";

const reversed = (text: string): string => Array.from(text).reverse().join("");

/** Every string of the fixtures, NFC as credentials hold them. */
function fixtureTexts(graduates = fixtureGraduates()): string[] {
  return [
    ...graduates.flatMap((g) => [
      g.nameAr,
      g.nameLatin,
      g.programme.ar,
      g.programme.en,
      g.programme.fr,
      g.grade,
      ...(g.honours ? [g.honours] : []),
    ]),
    ...fixtureUniversities().flatMap((u) => [u.name.ar, u.name.en, u.name.fr]),
  ].map((text) => text.normalize("NFC"));
}

describe("bidi runs", () => {
  it("orders Latin inside Arabic left to right, with the brackets of the Arabic run mirrored", () => {
    expect(visualRuns("إدارة الأعمال (MBA)", "rtl")).to.deep.equal([
      { text: ")", drawnText: "(", direction: "rtl", level: 1 },
      { text: "MBA", drawnText: "MBA", direction: "ltr", level: 2 },
      { text: "إدارة الأعمال (", drawnText: "إدارة الأعمال )", direction: "rtl", level: 1 },
    ]);
  });

  it("keeps digits inside Arabic in their own order", () => {
    expect(visualRuns("جامعة الجزائر 12 بن يوسف", "rtl").map((run) => [run.text, run.direction])).to.deep.equal([
      [" بن يوسف", "rtl"],
      ["12", "ltr"],
      ["جامعة الجزائر ", "rtl"],
    ]);
  });

  it("leaves left-to-right text as one run", () => {
    expect(visualRuns("Business Administration (MBA)", "ltr")).to.deep.equal([
      {
        text: "Business Administration (MBA)",
        drawnText: "Business Administration (MBA)",
        direction: "ltr",
        level: 0,
      },
    ]);
  });

  it("takes a paragraph's direction from its first strong character", () => {
    expect(directionOf("3.85/4.00 جيد")).to.equal("rtl");
    expect(directionOf("3.85/4.00")).to.equal("ltr");
    expect(directionOf("(MBA) إدارة")).to.equal("ltr");
  });
});

describe("shaping", () => {
  const regular = fontFace("regular");

  it("accounts for every character of every fixture string, whatever was shaped before", () => {
    // fontkit's shared glyph objects remember the characters of their first use only; the counts the
    // shaper uses must come from this run. Shaping everything in two orders, uncached, must agree.
    const texts = fixtureTexts();
    const counts = (text: string): number[] =>
      visualRuns(text, directionOf(text)).flatMap((run) =>
        regular.layout(run.drawnText, run.direction).map((glyph) => glyph.codePoints),
      );
    const forward = texts.map(counts);
    const backward = [...texts].reverse().map(counts).reverse();
    expect(backward).to.deep.equal(forward);
    texts.forEach((text, i) =>
      expect(
        forward[i]?.reduce((a, b) => a + b, 0),
        text,
      ).to.equal(Array.from(text).length),
    );
  });

  it("joins Arabic letters: contextual forms differ from the isolated letters", () => {
    const isolated = Array.from("محمد", (char) => regular.font.glyphForCodePoint(char.codePointAt(0) ?? 0).id);
    const shaped = shapeLine(regular, "محمد", "rtl").glyphs.map((glyph) => glyph.id);
    expect(shaped).to.not.deep.equal([...isolated].reverse());
  });

  it("maps each glyph to its characters so that reversing a right-to-left line restores the text, marks included", () => {
    for (const text of fixtureTexts().filter(
      (t) => /\p{Script=Arabic}/u.test(t) && !/[\p{Script=Latin}\p{Nd}()]/u.test(t),
    )) {
      const line = shapeLine(regular, text, "rtl");
      expect(reversed(line.glyphs.map((glyph) => glyph.text ?? "").join("")), text).to.equal(text);
    }
  });

  it("lets marks' base letters carry them, and the mark glyphs carry no text", () => {
    const line = shapeLine(regular, "الرَّحْمن", "rtl");
    const marks = line.glyphs.filter((glyph) => glyph.text === null);
    expect(marks.length).to.be.at.least(2);
    expect(marks.every((glyph) => glyph.advance === 0)).to.equal(true);
    // In visual order: the base letter ر carries, reversed, ر + fatha + shadda.
    expect(line.glyphs.map((glyph) => glyph.text).filter((text) => text?.includes("ر"))).to.deep.equal([reversed("رَّ")]);
  });

  it("extracts a mirrored bracket as the bracket typed", () => {
    const line = shapeLine(regular, "يوسف (أبو خالد)", "rtl");
    const leftmost = line.glyphs[0];
    expect(leftmost?.text).to.equal(")");
    expect(leftmost?.id).to.equal(regular.font.glyphForCodePoint("(".codePointAt(0) ?? 0).id);
  });

  it("keeps Latin text in order", () => {
    const line = shapeLine(regular, "Université d'Alger 1", "ltr");
    expect(line.glyphs.map((glyph) => glyph.text ?? "").join("")).to.equal("Université d'Alger 1");
  });
});

describe("font subset", () => {
  it("copies every glyph whole, composites with their components renumbered, padded for the short loca format", () => {
    const face = fontFace("regular");
    // Accented Latin letters and hamza forms are composite glyphs in Amiri.
    const glyphs = shapeLine(face, "أحمد بن محمد العلي — Génie informatique, Émirats 2025", "rtl").glyphs.map(
      (glyph) => glyph.id,
    );
    const subset = createGlyphSubset(face);
    const ids = glyphs.map((id) => subset.include(id));
    const parsed = create(Buffer.from(subset.encode()));
    const outline = (path: { toSVG(): string }): string => path.toSVG();
    glyphs.forEach((id, i) => {
      expect(outline(parsed.getGlyph(ids[i] ?? 0).path), `glyph ${id}`).to.equal(outline(face.font.getGlyph(id).path));
    });
  });
});

describe("ToUnicode CMap", () => {
  it("maps CIDs to UTF-16 text in blocks of at most 100", () => {
    const entries = Array.from({ length: 150 }, (_, i) => ({ cid: i + 1, text: i === 0 ? "لا" : "é" }));
    const cmap = toUnicodeCMap(entries);
    expect(cmap).to.include("100 beginbfchar").and.to.include("50 beginbfchar");
    expect(cmap).to.include("<0001> <06440627>");
    expect(cmap).to.include("<0002> <00e9>");
  });
});

describe("text layer", () => {
  // Every string of the fixture graduates and universities and of graduates as registrars write
  // them, each drawn alone on a line of one page, as the certificate draws its lines.
  const texts = [...new Set([...fixtureTexts(), ...fixtureTexts(graduatesAsRegistrarsWriteThem())])];
  const LEADING = 20;
  let poppler: string[];
  let pdfjs: string[];

  beforeAll(async () => {
    const doc = await PDFDocument.create();
    const height = (texts.length + 2) * LEADING;
    const page = doc.addPage([842, height]);
    const content = new PageContent();
    const typesetter = new Typesetter(doc.context, content);
    texts.forEach((text, i) =>
      typesetter.draw(
        fitText(text, { face: "regular", size: 11, color: [0, 0, 0] }, 800),
        421,
        height - (i + 1) * LEADING,
        "center",
      ),
    );
    typesetter.finish();
    content.writeTo(page);
    const pdf = await doc.save();
    poppler = pdftotext(pdf)
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    // pdf.js's text items, joined per baseline: a line may come in several items.
    const lines = new Map<number, string>();
    for (const item of (await readWithPdfjs(pdf)).items) {
      const baseline = Math.round(item.transform[5] ?? 0);
      lines.set(baseline, (lines.get(baseline) ?? "") + item.str);
    }
    pdfjs = [...lines.values()].map((line) => line.trim()).filter((line) => line.length > 0);
  });

  it("reads the page left to right for poppler, as certificates are", () => {
    const count = (pattern: RegExp): number => texts.join("").match(pattern)?.length ?? 0;
    expect(count(/\p{Script=Latin}/gu)).to.be.greaterThan(count(/\p{Script=Arabic}/gu));
  });

  it("gives every line back exactly, in logical order, through pdf.js", () => {
    expect(pdfjs).to.deep.equal(texts);
  });

  it("gives every line back exactly through pdftotext, where poppler's reordering can", () => {
    // Arabic letters followed by a space (and brackets or marks) and then a number, Latin or the end
    // of the line: no PDF can make poppler give these back (see popplerCanGiveBack).
    const impossible = texts.filter((text) => !popplerCanGiveBack(text));
    expect(impossible).to.deep.equal(
      [
        "إدارة الأعمال (MBA)",
        "جامعة الجزائر 1 بن يوسف بن خدة",
        "مصطفى ٢٠٢٥ (دفعة)",
        "٣٫٩٢ من ٤٫٠٠",
        "جيد جداً",
        "حسنٌ جداً",
      ].map((text) => text.normalize("NFC")),
    );
    // Poppler reads a hyphen as a number sign and gives back the names on either side of it in the
    // order drawn; only text in an order made up for poppler could change that (see ShapedLine.actualText).
    const drawnOrder = new Map([["سلمى الأنصاري-الإدريسي", "الإدريسي-سلمى الأنصاري"]]);
    expect(poppler).to.have.length(texts.length);
    texts.forEach((text, i) => {
      if (impossible.includes(text)) for (const run of popplerRuns(text)) expect(poppler[i], text).to.include(run);
      else expect(poppler[i], text).to.equal(drawnOrder.get(text) ?? text);
    });
  });

  it("states a line's text as ActualText only where the logical text is what poppler will read", () => {
    const regular = fontFace("regular");
    const actualText = (text: string): string | null => shapeLine(regular, text, directionOf(text)).actualText;
    // Arabic-Indic numbers around a slash are drawn right to left: poppler would read them reversed.
    expect(actualText("١٦٫٥ / ٢٠")).to.equal("١٦٫٥ / ٢٠");
    // Drawn in logical order already.
    expect(actualText("Génie électrique (MBA) 2025")).to.equal(null);
    // Poppler would reverse the Arabic of an ActualText: these keep their glyphs' text.
    expect(actualText("سلمى الأنصاري-الإدريسي")).to.equal(null);
    expect(actualText("٣٫٩٢ من ٤٫٠٠")).to.equal(null);
  });
});
