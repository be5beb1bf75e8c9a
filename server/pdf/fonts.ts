import { readFileSync } from "node:fs";
import { create } from "@pdf-lib/fontkit";
import type { Font, Glyph, GlyphPosition } from "@pdf-lib/fontkit";

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

export interface GlyphRun {
  glyphs: Glyph[];
  positions: GlyphPosition[];
}

/** The parts of fontkit's objects we use that its typings leave out. */
interface FontkitInternals {
  layout(text: string, features: string[], script: string | undefined, language: string | undefined, direction: Direction): GlyphRun;
}

export interface FontFace {
  readonly name: FaceName;
  readonly font: Font;
  /** Shapes one directional run; right-to-left runs come back in visual (left-to-right) order. */
  layout(text: string, direction: Direction): GlyphRun;
  /** Font units to PDF glyph space (thousandths of the font size), rounded as the PDF's widths are. */
  toPdfUnits(fontUnits: number): number;
}

const faces = new Map<FaceName, FontFace>();

function loadFace(name: FaceName): FontFace {
  const font = create(readFileSync(require.resolve(FONT_FILES[name])));
  const internals = font as unknown as FontkitInternals;
  const scale = 1000 / font.unitsPerEm;
  return {
    name,
    font,
    // Without an explicit script fontkit guesses it per run; Arabic runs need "arab" for joining forms.
    layout: (text, direction) => internals.layout(text, [], direction === "rtl" ? "arab" : undefined, undefined, direction),
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
