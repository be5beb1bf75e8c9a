import { expect } from "chai";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, it } from "vitest";
import { EmbeddedFont } from "../../server/pdf/embedding/embedded-font";
import { fontFace } from "../../server/pdf/fonts";
import type { FaceName, FontFace } from "../../server/pdf/fonts";
import { PageContent } from "../../server/pdf/page-content";
import { shapeLine } from "../../server/pdf/text/shaping";
import type { ShapedLine } from "../../server/pdf/text/shaping";
import { renderGray } from "../helpers/pdf";

/**
 * Arabic combining marks: fathatan … sukun, maddah, hamza above and below, subscript alef, the
 * inverted damma, the dagger (superscript) alef. Each is checked where the font places it, on an
 * isolated beh, and the dagger alef also on the medial meem of الرحمٰن.
 */
const MARKS = [
  0x064b, 0x064c, 0x064d, 0x064e, 0x064f, 0x0650, 0x0651, 0x0652, 0x0653, 0x0654, 0x0655, 0x0656, 0x0657, 0x0670,
].map((codePoint) => String.fromCodePoint(codePoint));

interface Sample {
  /** The text with its mark, and without. */
  marked: string;
  bare: string;
  mark: string;
}

const SIZE = 48;
/** 4 pixels to the point: whole points fall on whole pixels, so two renderings line up exactly. */
const DPI = 288;
const PX = DPI / 72;
const ROW = 120;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** An anchor-based placement: where the mark's origin goes relative to its base's, in font units. */
interface Placement {
  dx: number;
  dy: number;
}

interface Coverage {
  version: number;
  glyphs?: number[];
  rangeRecords?: { start: number; end: number; startCoverageIndex: number }[];
}
interface Anchor {
  xCoordinate: number;
  yCoordinate: number;
}
interface MarkBaseTable {
  markCoverage: Coverage;
  baseCoverage: Coverage;
  markArray: { class: number; markAnchor: Anchor }[];
  baseArray: (Anchor | null)[][];
}
interface GposTables {
  GPOS: {
    featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
    lookupList: {
      get(index: number): {
        lookupType: number;
        subTables: (MarkBaseTable & { lookupType?: number; extension?: MarkBaseTable })[];
      };
    };
  };
}

function coverageIndex(coverage: Coverage, glyph: number): number {
  if (coverage.version === 1) return coverage.glyphs?.indexOf(glyph) ?? -1;
  for (const range of coverage.rangeRecords ?? [])
    if (glyph >= range.start && glyph <= range.end) return range.startCoverageIndex + glyph - range.start;
  return -1;
}

/**
 * Where the font's own mark-to-base anchors put `mark` on `base`, read from its GPOS table (not from
 * the shaper): base anchor minus mark anchor. Every lookup of the `mark` feature that covers the
 * pair applies in turn, so the last one decides, as in HarfBuzz and fontkit.
 */
function anchorPlacement(face: FontFace, base: number, mark: number): Placement | undefined {
  const { GPOS } = face.font as unknown as GposTables;
  const lookups = [
    ...new Set(GPOS.featureList.filter((f) => f.tag === "mark").flatMap((f) => f.feature.lookupListIndexes)),
  ].sort((a, b) => a - b);
  let placement: Placement | undefined;
  for (const index of lookups) {
    const lookup = GPOS.lookupList.get(index);
    for (const subTable of lookup.subTables) {
      const table = lookup.lookupType === 9 ? subTable.extension : subTable;
      const type = lookup.lookupType === 9 ? subTable.lookupType : lookup.lookupType;
      if (type !== 4 || !table) continue;
      const markIndex = coverageIndex(table.markCoverage, mark);
      const baseIndex = coverageIndex(table.baseCoverage, base);
      const record = table.markArray[markIndex];
      const baseAnchor = record && table.baseArray[baseIndex]?.[record.class];
      if (markIndex < 0 || baseIndex < 0 || !record || !baseAnchor) continue;
      placement = {
        dx: baseAnchor.xCoordinate - record.markAnchor.xCoordinate,
        dy: baseAnchor.yCoordinate - record.markAnchor.yCoordinate,
      };
      break;
    }
  }
  return placement;
}

/** Origins of a line's glyphs in font units from its start, as PageContent draws them. */
function origins(line: ShapedLine): { x: number; y: number }[] {
  let pen = 0;
  return line.glyphs.map((glyph) => {
    const origin = { x: pen + glyph.xOffset, y: glyph.yOffset };
    pen += glyph.advance;
    return origin;
  });
}

/** The bounding box of the pixels darker than mid-grey in `within` where `also` holds. */
function inkBox(
  image: ReturnType<typeof renderGray>,
  within: Box,
  also: (x: number, y: number) => boolean = () => true,
): Box | undefined {
  let box: Box | undefined;
  for (let y = Math.max(0, within.top); y < Math.min(image.height, within.bottom); y++) {
    for (let x = Math.max(0, within.left); x < Math.min(image.width, within.right); x++) {
      if ((image.pixels[y * image.width + x] ?? 255) >= 128 || !also(x, y)) continue;
      box = box
        ? {
            left: Math.min(box.left, x),
            right: Math.max(box.right, x + 1),
            top: Math.min(box.top, y),
            bottom: Math.max(box.bottom, y + 1),
          }
        : { left: x, right: x + 1, top: y, bottom: y + 1 };
    }
  }
  return box;
}

const isDark = (image: ReturnType<typeof renderGray>, x: number, y: number): boolean =>
  (image.pixels[y * image.width + x] ?? 255) < 192;

for (const faceName of ["regular", "bold"] as FaceName[]) {
  describe(`Arabic marks on their letters (${faceName})`, () => {
    const face = fontFace(faceName);
    const supported = MARKS.filter((mark) => face.font.hasGlyphForCodePoint(mark.codePointAt(0) ?? 0));
    const samples: Sample[] = [
      ...supported.map((mark) => ({ marked: `ب${mark}`, bare: "ب", mark })),
      { marked: "الرحم\u0670ن", bare: "الرحمن", mark: "\u0670" },
    ];
    const lines = samples.map((sample) => ({
      marked: shapeLine(face, sample.marked, "rtl"),
      bare: shapeLine(face, sample.bare, "rtl"),
    }));
    const markGlyph = (line: ShapedLine): number => line.glyphs.findIndex((glyph) => glyph.text === null);
    const baseGlyph = (line: ShapedLine, mark: string): number =>
      line.glyphs.findIndex((glyph) => glyph.text?.includes(mark) ?? false);

    let image: ReturnType<typeof renderGray>;
    const pageHeight = (samples.length + 1) * ROW;
    const baseline = (row: number): number => pageHeight - (row + 1) * ROW;
    const BARE_X = 40;
    const MARKED_X = 240;
    beforeAll(async () => {
      const doc = await PDFDocument.create();
      const page = doc.addPage([400, pageHeight]);
      const content = new PageContent();
      const font = new EmbeddedFont(face, doc.context);
      lines.forEach(({ marked, bare }, row) => {
        content.text(font, bare, BARE_X, baseline(row), SIZE, [0, 0, 0]);
        content.text(font, marked, MARKED_X, baseline(row), SIZE, [0, 0, 0]);
      });
      font.write(doc.context);
      content.writeTo(page);
      image = renderGray(await doc.save(), DPI);
    });

    it("supports the marks checked", () => {
      expect(supported.length).to.be.at.least(13);
    });

    it("places each mark where the font's mark-to-base anchors put it on its letter", () => {
      samples.forEach((sample, i) => {
        const line = lines[i]?.marked as ShapedLine;
        const mark = markGlyph(line);
        const base = baseGlyph(line, sample.mark);
        expect(mark, sample.marked).to.be.at.least(0);
        const expected = anchorPlacement(face, line.glyphs[base]?.id ?? 0, line.glyphs[mark]?.id ?? 0);
        expect(expected, `${sample.marked}: the font has an anchor for it`).to.not.equal(undefined);
        const placed = origins(line);
        const dx = (placed[mark]?.x ?? 0) - (placed[base]?.x ?? 0);
        const dy = (placed[mark]?.y ?? 0) - (placed[base]?.y ?? 0);
        expect({ dx, dy }, sample.marked).to.deep.equal(expected);
      });
    });

    it("draws each mark's ink where its placement says, over its letter", () => {
      const scale = SIZE / face.font.unitsPerEm;
      samples.forEach((sample, i) => {
        const { marked, bare } = lines[i] as { marked: ShapedLine; bare: ShapedLine };
        const top = Math.round((pageHeight - baseline(i) - 85) * PX);
        const bottom = Math.round((pageHeight - baseline(i) + 30) * PX);
        const shift = (MARKED_X - BARE_X) * PX;
        // The mark's ink: what the marked rendering has and the bare one, at the same place, lacks.
        const cell = { left: Math.round((MARKED_X - 10) * PX), right: Math.round((MARKED_X + 150) * PX), top, bottom };
        const markInk = inkBox(image, cell, (x, y) => !isDark(image, x - shift, y));
        expect(markInk, sample.marked).to.not.equal(undefined);
        // Where the font says the mark's outline lies, in pixels.
        const mark = markGlyph(marked);
        const origin = origins(marked)[mark] ?? { x: 0, y: 0 };
        const outline = face.font.getGlyph(marked.glyphs[mark]?.id ?? 0).bbox;
        const expected = {
          left: (MARKED_X + (origin.x + outline.minX) * scale) * PX,
          right: (MARKED_X + (origin.x + outline.maxX) * scale) * PX,
          top: (pageHeight - baseline(i) - (origin.y + outline.maxY) * scale) * PX,
          bottom: (pageHeight - baseline(i) - (origin.y + outline.minY) * scale) * PX,
        };
        // 1.5 pt: where a mark touches its letter's ink (a subscript alef under beh's dot) the
        // difference loses those pixels; a mark misplaced by the shaper or the drawing is off by far more.
        for (const side of ["left", "right", "top", "bottom"] as const)
          expect(markInk?.[side], `${sample.marked} ${side}`).to.be.closeTo(expected[side], 1.5 * PX);
        // Over its letter: the mark's middle is within the letter's ink, left to right.
        const base = baseGlyph(marked, sample.mark);
        const letter = origins(marked)[base] ?? { x: 0, y: 0 };
        const letterOutline = face.font.getGlyph(marked.glyphs[base]?.id ?? 0).bbox;
        const middle = (expected.left + expected.right) / 2 / PX - MARKED_X;
        expect(middle, sample.marked).to.be.within(
          (letter.x + letterOutline.minX) * scale,
          (letter.x + letterOutline.maxX) * scale,
        );
        expect(bare.glyphs.every((glyph) => glyph.text !== null)).to.equal(true);
      });
    });
  });
}
