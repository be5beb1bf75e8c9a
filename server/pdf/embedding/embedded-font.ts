import { createHash } from "node:crypto";
import { PDFString } from "pdf-lib";
import type { PDFContext, PDFRef } from "pdf-lib";
import type { FontFace } from "../fonts";
import { createGlyphSubset } from "./font-subset";
import { registerFlateStream } from "./streams";
import { toUnicodeCMap } from "./to-unicode";

interface CidEntry {
  glyphId: number;
  text: string;
  /** Advance width in PDF glyph units (thousandths of the font size). */
  width: number;
}

/** PDF font descriptor flag: the font uses glyphs outside the standard Latin character set. */
const SYMBOLIC = 4;

/**
 * One face embedded in one PDF as a subset: a Type0 font over a CIDFontType2 (TrueType) font.
 *
 * Each distinct (glyph, width, text) drawn gets its own CID, and a CIDToGIDMap points the CIDs at their
 * glyphs. That lets the ToUnicode CMap state what every drawn glyph stands for even when one glyph
 * serves several characters: a bracket glyph drawn for its mirror image in right-to-left text, a base
 * letter that also carries its marks, the dotless letter forms some fonts share between letters. With
 * pdf-lib's own embedding (CID = glyph id), the last use of a glyph decides its text for all of them.
 * The width is part of the key because each glyph is declared as wide as it advances on its line.
 */
export class EmbeddedFont {
  readonly #cids = new Map<string, number>();
  readonly #entries: CidEntry[] = [];

  /** Reserved at once so that pages can refer to the font before its subset is known. */
  readonly ref: PDFRef;

  constructor(
    readonly face: FontFace,
    context: PDFContext,
  ) {
    this.ref = context.nextRef();
  }

  /**
   * The CID that shows glyph `glyphId` standing for `text`, with the advance `width` in PDF glyph
   * units, allocating it on first use.
   */
  cid(glyphId: number, text: string, width: number): number {
    const key = `${glyphId}\u0000${width}\u0000${text}`;
    let cid = this.#cids.get(key);
    if (cid === undefined) {
      this.#entries.push({ glyphId, text, width });
      cid = this.#entries.length; // CID 0 stays .notdef
      this.#cids.set(key, cid);
    }
    return cid;
  }

  /** Writes the subset font program and the font dictionaries; call once, after the last glyph is shown. */
  write(context: PDFContext): void {
    const subset = createGlyphSubset(this.face);
    const cidToGid = new Uint8Array((this.#entries.length + 1) * 2);
    this.#entries.forEach((entry, i) => {
      const gid = subset.include(entry.glyphId);
      cidToGid[(i + 1) * 2] = gid >> 8;
      cidToGid[(i + 1) * 2 + 1] = gid & 0xff;
    });
    const program = subset.encode();
    const { font } = this.face;
    const scale = (value: number): number => this.face.toPdfUnits(value);
    const baseFont = `${this.#subsetTag()}+${font.postscriptName ?? this.face.name}`;
    const descriptor = context.register(
      context.obj({
        Type: "FontDescriptor",
        FontName: baseFont,
        Flags: SYMBOLIC,
        FontBBox: [scale(font.bbox.minX), scale(font.bbox.minY), scale(font.bbox.maxX), scale(font.bbox.maxY)],
        ItalicAngle: font.italicAngle,
        Ascent: scale(font.ascent),
        Descent: scale(font.descent),
        CapHeight: scale(font.capHeight || font.ascent),
        // Required, but no program derives it; 80 is the customary value for a regular weight.
        StemV: this.face.name === "bold" ? 140 : 80,
        FontFile2: registerFlateStream(context, program, { Length1: program.length }),
      }),
    );
    const cidFont = context.register(
      context.obj({
        Type: "Font",
        Subtype: "CIDFontType2",
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("Identity"), Supplement: 0 },
        FontDescriptor: descriptor,
        DW: 0,
        W: [1, this.#entries.map((entry) => entry.width)],
        CIDToGIDMap: registerFlateStream(context, cidToGid),
      }),
    );
    const texts = this.#entries.map((entry, i) => ({ cid: i + 1, text: entry.text }));
    context.assign(
      this.ref,
      context.obj({
        Type: "Font",
        Subtype: "Type0",
        BaseFont: baseFont,
        Encoding: "Identity-H",
        DescendantFonts: [cidFont],
        ToUnicode: registerFlateStream(context, toUnicodeCMap(texts)),
      }),
    );
  }

  /** Six capital letters naming the subset (PDF 32000-1, 9.6.4), derived from its contents so output is reproducible. */
  #subsetTag(): string {
    const digest = createHash("sha256");
    for (const entry of this.#entries) digest.update(`${entry.glyphId}:${entry.width}:${entry.text}\n`);
    return Array.from(digest.digest().subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join("");
  }
}
