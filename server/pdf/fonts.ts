import { readFileSync } from "node:fs";
import { create } from "@pdf-lib/fontkit";
import type { Font } from "@pdf-lib/fontkit";

export type Direction = "ltr" | "rtl";

/**
 * The certificate's two faces: Amiri (SIL Open Font License), a naskh Arabic typeface with a matching
 * Latin, so one face carries all three languages and French accents. TTF, not WOFF2: subsetting a
 * WOFF2 font crashed fontkit.
 */
export type FaceName = "regular" | "bold";

const FONT_FILES: Record<FaceName, string> = {
  regular: "@expo-google-fonts/amiri/400Regular/Amiri_400Regular.ttf",
  bold: "@expo-google-fonts/amiri/700Bold/Amiri_700Bold.ttf",
};

/** A glyph as fontkit's shaping placed it, in font units. */
export interface LaidOutGlyph {
  id: number;
  /** How many characters of the input this glyph stands for (a ligature stands for several). */
  codePoints: number;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** The parts of fontkit we use that its typings leave out (pinned @pdf-lib/fontkit 1.1.1). */
interface FontkitRun {
  glyphs: { id: number; advanceWidth: number }[];
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
  /** Recorded by the hook in {@link recordCodePoints}, in logical order. */
  codePointCounts?: number[];
}
interface FontkitInternals {
  layout(
    input: unknown,
    features: string[],
    script: string | undefined,
    language: string | undefined,
    direction: Direction,
  ): FontkitRun;
  _layoutEngine: { engine?: { glyphInfos: { codePoints: number[] }[] | null; substitute(run: FontkitRun): void } };
}

/**
 * fontkit returns shared, cached Glyph objects whose `codePoints` are those of the glyph's first use
 * anywhere, not of this run: a glyph met first as one letter and later as part of a ligature would
 * say one character where it now stands for two. The shaping engine's own per-run records are right;
 * this hook copies their counts onto the run before they are discarded.
 */
function recordCodePoints(internals: FontkitInternals): void {
  const engine = internals._layoutEngine.engine;
  if (!engine) throw new Error("font has no OpenType layout tables");
  const substitute = engine.substitute;
  engine.substitute = function (this: typeof engine, run: FontkitRun): void {
    substitute.call(this, run);
    run.codePointCounts = (this.glyphInfos ?? []).map((info) => info.codePoints.length);
  };
}

export interface FontFace {
  readonly name: FaceName;
  readonly font: Font;
  /** The font file, which subsets copy glyph records from. */
  readonly file: Uint8Array;
  /** Shapes one directional run into glyphs in visual (left-to-right) order. */
  layout(text: string, direction: Direction): LaidOutGlyph[];
  /** Font units to PDF glyph space (thousandths of the font size), rounded as the PDF's widths are. */
  toPdfUnits(fontUnits: number): number;
}

const faces = new Map<FaceName, FontFace>();

function loadFace(name: FaceName): FontFace {
  const file = readFileSync(require.resolve(FONT_FILES[name]));
  const font = create(file);
  const internals = font as unknown as FontkitInternals;
  recordCodePoints(internals);
  const scale = 1000 / font.unitsPerEm;
  return {
    name,
    font,
    file,
    layout(text, direction) {
      // Fresh glyph records for the input, for the same reason as recordCodePoints.
      const input = Array.from(text, (char) => {
        const codePoint = char.codePointAt(0) ?? 0;
        return { id: font.glyphForCodePoint(codePoint).id, codePoints: [codePoint] };
      });
      // Without an explicit script fontkit guesses one; Arabic runs need "arab" for joining forms.
      const run = internals.layout(input, [], direction === "rtl" ? "arab" : undefined, undefined, direction);
      const counts = run.codePointCounts ?? [];
      const last = run.glyphs.length - 1;
      return run.glyphs.map((glyph, i) => ({
        id: glyph.id,
        // The engine's records are in logical order; right-to-left runs come back reversed.
        codePoints: counts[direction === "rtl" ? last - i : i] ?? 0,
        xAdvance: run.positions[i]?.xAdvance ?? glyph.advanceWidth,
        xOffset: run.positions[i]?.xOffset ?? 0,
        yOffset: run.positions[i]?.yOffset ?? 0,
      }));
    },
    toPdfUnits: (fontUnits) => Math.round(fontUnits * scale),
  };
}

/** The parsed face, once per process (each worker thread parses its own: fontkit objects are not shareable). */
export function fontFace(name: FaceName): FontFace {
  let face = faces.get(name);
  if (!face) {
    face = loadFace(name);
    faces.set(name, face);
  }
  return face;
}
