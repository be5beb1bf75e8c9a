import type { Direction, FontFace } from "../fonts";
import { LruCache } from "../lru-cache";
import { visualRuns } from "./bidi";
import type { VisualRun } from "./bidi";

/** One glyph placed on a line, in font units. */
export interface PositionedGlyph {
  /** Glyph id in the font. */
  readonly id: number;
  /**
   * The characters this glyph stands for in extracted text, in visual order; null when a neighbour
   * carries them (a mark is carried by its base letter). See {@link shapeRun}.
   */
  readonly text: string | null;
  /**
   * How far the pen moves after this glyph, after positioning (kerning, cursive attachment). The PDF
   * font declares this as the glyph's width, so that extractors see adjacent glyphs touch instead of
   * gaps they would take for spaces between words.
   */
  readonly advance: number;
  readonly xOffset: number;
  readonly yOffset: number;
}

/** A line shaped and ordered for drawing from left to right. */
export interface ShapedLine {
  readonly face: FontFace;
  readonly text: string;
  readonly glyphs: readonly PositionedGlyph[];
  /** Total advance in font units. */
  readonly advance: number;
}

const COMBINING_MARKS = /^\p{M}+$/u;

/**
 * Shapes one directional run and says, for each glyph, which characters it stands for.
 *
 * fontkit keeps on every output glyph the code points it came from (a ligature gets all of its
 * components), in logical order; walking the glyphs in logical order and consuming that many
 * characters of the (unmirrored) run recovers each glyph's characters, so a mirrored bracket still
 * extracts as the bracket the author typed.
 *
 * Text extractors (poppler's pdftotext, pdf.js) read glyphs left to right and turn right-to-left
 * stretches back into logical order by reversing them character by character. Two consequences:
 * - a glyph standing for several characters lists them in visual order (reversed, in right-to-left
 *   runs), so that the extractor's reversal restores them;
 * - combining marks are listed with their base letter and the mark glyphs themselves carry no text.
 *   Marks are positioned by offsets, often before or on top of their base; extractors that see them
 *   as characters of their own split words there and misplace them.
 */
function shapeRun(face: FontFace, run: VisualRun): PositionedGlyph[] {
  const { glyphs, positions } = face.layout(run.drawnText, run.direction);
  const characters = Array.from(run.text);
  const texts: (string | null)[] = glyphs.map(() => null);
  const logicalOrder = glyphs.map((_, i) => (run.direction === "rtl" ? glyphs.length - 1 - i : i));
  let consumed = 0;
  let base = -1;
  for (const i of logicalOrder) {
    const count = glyphs[i]?.codePoints.length ?? 0;
    const chars = characters.slice(consumed, consumed + count).join("");
    consumed += count;
    // A glyph that a substitution added (the second part of a decomposed letter) stands for nothing.
    if (chars === "") continue;
    if (base >= 0 && COMBINING_MARKS.test(chars)) texts[base] += chars;
    else {
      texts[i] = chars;
      base = i;
    }
  }
  // fontkit accounts for every input character; if a future version does not, keep the text whole.
  if (consumed < characters.length && base >= 0) texts[base] += characters.slice(consumed).join("");
  return glyphs.map((glyph, i) => {
    const position = positions[i];
    const text = texts[i] ?? null;
    return {
      id: glyph.id,
      text: text !== null && run.direction === "rtl" ? Array.from(text).reverse().join("") : text,
      advance: position?.xAdvance ?? glyph.advanceWidth,
      xOffset: position?.xOffset ?? 0,
      yOffset: position?.yOffset ?? 0,
    };
  });
}

// Labels, university and ministry names and programme titles repeat across a batch; names do not.
const shapedLines = new LruCache<string, ShapedLine>(2048);

/**
 * Lays out one line: Unicode bidi runs in visual order, each shaped by fontkit in its own direction
 * (joining forms, ligatures, mark positioning). Cached per face, direction and text.
 */
export function shapeLine(face: FontFace, text: string, base: Direction): ShapedLine {
  return shapedLines.getOrCreate(`${face.name}\u0000${base}\u0000${text}`, () => {
    const glyphs = visualRuns(text, base).flatMap((run) => shapeRun(face, run));
    return { face, text, glyphs, advance: glyphs.reduce((sum, glyph) => sum + glyph.advance, 0) };
  });
}
