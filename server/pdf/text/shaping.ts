import type { Direction, FontFace } from "../fonts";
import { LruCache } from "../lru-cache";
import { hasRightToLeftLetters, visualRuns } from "./bidi";
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
  /** How far the pen moves after this glyph, after positioning (kerning, cursive attachment). */
  readonly advance: number;
  readonly xOffset: number;
  readonly yOffset: number;
  /** The embedding level of the glyph's bidi run (see {@link VisualRun}). */
  readonly level: number;
}

/** A line shaped and ordered for drawing from left to right. */
export interface ShapedLine {
  readonly face: FontFace;
  readonly text: string;
  /** The paragraph direction the line was shaped in. */
  readonly direction: Direction;
  readonly glyphs: readonly PositionedGlyph[];
  /** Total advance in font units. */
  readonly advance: number;
  /** How far the ink reaches above and below the baseline, in font units (marks included). */
  readonly ascent: number;
  readonly descent: number;
  /**
   * The line's text, for text extractors to take whole instead of reading the glyphs, when the glyphs
   * would mislead them and the text alone cannot: a line without right-to-left letters drawn out of
   * its logical order (numbers in Arabic-Indic digits around a slash, `١٦٫٥ / ٢٠`, read right to
   * left). Null for every other line. See {@link actualTextOf}.
   */
  readonly actualText: string | null;
}

const COMBINING_MARKS = /^\p{M}+$/u;

/**
 * Shapes one directional run and says, for each glyph, which characters it stands for.
 *
 * fontkit's shaping engine knows how many input characters each output glyph stands for (a ligature
 * stands for all of its components); walking the glyphs in logical order and consuming that many
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
  const glyphs = face.layout(run.drawnText, run.direction);
  const characters = Array.from(run.text);
  const texts: (string | null)[] = glyphs.map(() => null);
  let consumed = 0;
  let base = -1;
  for (let k = 0; k < glyphs.length; k++) {
    const i = run.direction === "rtl" ? glyphs.length - 1 - k : k;
    const count = glyphs[i]?.codePoints ?? 0;
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
    const text = texts[i] ?? null;
    return {
      id: glyph.id,
      text: text !== null && run.direction === "rtl" ? Array.from(text).reverse().join("") : text,
      advance: glyph.xAdvance,
      xOffset: glyph.xOffset,
      yOffset: glyph.yOffset,
      level: run.level,
    };
  });
}

/**
 * When a line needs its text stated as a whole (PDF marked content with /ActualText, which poppler
 * honours and pdf.js ignores, reading the glyphs' ToUnicode text instead).
 *
 * Poppler lays the characters of an ActualText out left to right over the glyphs it replaces, as if
 * they were drawn in that order, then turns each line into reading order as it does for drawn text:
 * it reverses every stretch that runs from a right-to-left letter up to the next left-to-right letter
 * or number. So the logical text extracts unchanged only when it holds no right-to-left letter;
 * otherwise poppler would reverse it. Text in another order, tuned to come out right from poppler,
 * would mislead the readers that take ActualText as the specification says, as the logical text.
 * Lines with right-to-left letters therefore keep their glyphs' text, which poppler turns back into
 * logical order unless right-to-left letters are followed by spaces, brackets or marks and then a
 * number, Latin or the end of the line (no PDF gets those back from poppler), or a number sign such
 * as a hyphen stands between right-to-left words (those it gives back in the order drawn).
 */
function actualTextOf(text: string, glyphs: readonly PositionedGlyph[]): string | null {
  const drawnOrder = glyphs.map((glyph) => glyph.text ?? "").join("");
  return drawnOrder !== text && !hasRightToLeftLetters(text) ? text : null;
}

// Labels, university and ministry names and programme titles repeat across a batch; names do not.
const shapedLines = new LruCache<string, ShapedLine>(2048);

/** Glyph outline extents (control boxes), per face and glyph: read from the font once. */
const extents = new Map<string, { maxY: number; minY: number }>();

function inkExtent(face: FontFace, glyphs: readonly PositionedGlyph[]): { ascent: number; descent: number } {
  let ascent = 0;
  let descent = 0;
  for (const glyph of glyphs) {
    const key = `${face.name}:${glyph.id}`;
    let extent = extents.get(key);
    if (!extent) {
      const { maxY, minY } = face.font.getGlyph(glyph.id).cbox;
      extent = { maxY: Number.isFinite(maxY) ? maxY : 0, minY: Number.isFinite(minY) ? minY : 0 };
      extents.set(key, extent);
    }
    ascent = Math.max(ascent, extent.maxY + glyph.yOffset);
    descent = Math.max(descent, -(extent.minY + glyph.yOffset));
  }
  return { ascent, descent };
}

/**
 * Lays out one line: Unicode bidi runs in visual order, each shaped by fontkit in its own direction
 * (joining forms, ligatures, mark positioning). Cached per face, direction and text.
 */
export function shapeLine(face: FontFace, text: string, base: Direction): ShapedLine {
  return shapedLines.getOrCreate(`${face.name}\u0000${base}\u0000${text}`, () => {
    const glyphs = visualRuns(text, base).flatMap((run) => shapeRun(face, run));
    return {
      face,
      text,
      direction: base,
      glyphs,
      advance: glyphs.reduce((sum, glyph) => sum + glyph.advance, 0),
      ...inkExtent(face, glyphs),
      actualText: actualTextOf(text, glyphs),
    };
  });
}
