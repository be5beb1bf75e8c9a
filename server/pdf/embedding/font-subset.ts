import type { FontFace } from "../fonts";

/** A glyph record as fontkit's bundled Buffer polyfill holds it (a Uint8Array subclass). */
type GlyphRecord = Uint8Array & { constructor: { alloc(size: number): Uint8Array } };

/** fontkit's TTFSubset, including the internals the padding fix hooks into (pinned @pdf-lib/fontkit 1.1.1). */
interface TrueTypeSubset {
  includeGlyph(glyphId: number): number;
  encodeStream(): {
    on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
    on(event: "end", listener: () => void): unknown;
    on(event: "error", listener: (error: Error) => void): unknown;
  };
  _addGlyph(glyphId: number): number;
  glyf: GlyphRecord[];
  offset: number;
}

/** A TrueType subset of one face: glyphs are added, then the subset font program is encoded once. */
export interface GlyphSubset {
  /** Adds a glyph (and, for composite glyphs, its components) and returns its id in the subset. */
  include(glyphId: number): number;
  encode(): Promise<Uint8Array>;
}

/**
 * fontkit writes the subset's `loca` table in the short format (offsets halved) whenever the glyph data
 * is small, but copies glyph records of odd length unpadded: every later offset is then off by one byte
 * and those glyphs come out garbled (pdf-lib issue #494, the unjoined or broken Arabic letters). Padding
 * each record to an even length, as the TrueType specification recommends, fixes it.
 */
function padGlyphRecords(subset: TrueTypeSubset): void {
  const addGlyph = subset._addGlyph;
  subset._addGlyph = function (this: TrueTypeSubset, glyphId: number): number {
    const index = addGlyph.call(this, glyphId);
    const record = this.glyf[index];
    if (record && record.length % 2 === 1) {
      const padded = record.constructor.alloc(record.length + 1);
      padded.set(record);
      this.glyf[index] = padded as GlyphRecord;
      this.offset += 1;
    }
    return index;
  };
}

export function createGlyphSubset(face: FontFace): GlyphSubset {
  const subset = face.font.createSubset() as unknown as TrueTypeSubset;
  padGlyphRecords(subset);
  return {
    include: (glyphId) => subset.includeGlyph(glyphId),
    encode: () =>
      new Promise((resolve, reject) => {
        const chunks: Uint8Array[] = [];
        const stream = subset.encodeStream();
        stream.on("data", (chunk) => chunks.push(chunk));
        stream.on("error", reject);
        stream.on("end", () => resolve(Buffer.concat(chunks)));
      }),
  };
}
