import bidiFactory from "bidi-js";
import type { PDFContext } from "pdf-lib";
import { EmbeddedFont } from "./embedding/embedded-font";
import { fontFace } from "./fonts";
import type { Direction, FaceName } from "./fonts";
import type { PageContent, Rgb } from "./page-content";
import { shapeLine } from "./text/shaping";
import type { ShapedLine } from "./text/shaping";

const bidi = bidiFactory();

export interface TextStyle {
  face: FaceName;
  /** Size in points when the text fits. */
  size: number;
  color: Rgb;
  /** Shrink-to-fit goes no smaller than this before it wraps (when `maxLines` allows). */
  minSize?: number;
  maxLines?: number;
}

/** Text fitted to a width: shaped lines at one size, with the vertical metrics to stack it. */
export interface TextBlock {
  readonly face: FaceName;
  readonly lines: readonly ShapedLine[];
  readonly size: number;
  readonly color: Rgb;
  /** Widest line, in points. */
  readonly width: number;
  /** Top of the block to the first baseline. */
  readonly ascent: number;
  /** Baseline to baseline. */
  readonly leading: number;
  /** Top of the first line to the bottom of the last one. */
  readonly height: number;
}

export type Align = "left" | "center" | "right";

/** The paragraph direction the Unicode Bidirectional Algorithm finds: that of the first strong character. */
export function directionOf(text: string): Direction {
  return (bidi.getEmbeddingLevels(text, "auto").paragraphs[0]?.level ?? 0) % 2 === 1 ? "rtl" : "ltr";
}

const ARABIC = /\p{Script=Arabic}/u;

/** Amiri's Arabic reaches higher (stacked marks) and lower than its Latin: give it more room. */
function verticalMetrics(text: string, size: number): { ascent: number; descent: number; leading: number } {
  return ARABIC.test(text) ? { ascent: 0.95 * size, descent: 0.55 * size, leading: 1.6 * size } : { ascent: 0.78 * size, descent: 0.27 * size, leading: 1.3 * size };
}

/** Splits words into `count` lines of balanced length (in characters), keeping their logical order. */
function balancedLines(words: readonly string[], count: number): string[] {
  const lengths = words.map((word) => word.length + 1);
  const total = lengths.reduce((a, b) => a + b, 0);
  const lines: string[] = [];
  let start = 0;
  for (let line = 1; line <= count && start < words.length; line++) {
    if (line === count) {
      lines.push(words.slice(start).join(" "));
      break;
    }
    const target = (total * line) / count;
    let end = start + 1;
    let consumed = lengths.slice(0, end).reduce((a, b) => a + b, 0);
    while (end < words.length - (count - line) && Math.abs(consumed + (lengths[end] ?? 0) - target) < Math.abs(consumed - target)) {
      consumed += lengths[end] ?? 0;
      end++;
    }
    lines.push(words.slice(start, end).join(" "));
    start = end;
  }
  return lines;
}

/**
 * Shrink-to-fit: the text at its size if it fits in `maxWidth`; otherwise smaller, down to
 * `minSize`; then wrapped at spaces onto up to `maxLines` lines; and if even that is too wide, as
 * small as it takes. The result never exceeds `maxWidth`.
 */
export function fitText(text: string, style: TextStyle, maxWidth: number): TextBlock {
  const face = fontFace(style.face);
  const direction = directionOf(text);
  const unitsPerEm = face.font.unitsPerEm;
  const words = text.split(" ").filter((word) => word.length > 0);
  const minSize = style.minSize ?? style.size;
  let best: { lines: ShapedLine[]; size: number } | undefined;
  for (let count = 1; count <= Math.max(1, Math.min(style.maxLines ?? 1, words.length)); count++) {
    const lines = (count === 1 ? [text] : balancedLines(words, count)).map((line) => shapeLine(face, line, direction));
    const widest = Math.max(...lines.map((line) => line.advance), 1);
    const size = Math.min(style.size, (maxWidth * unitsPerEm) / widest);
    if (!best || size > best.size) best = { lines, size };
    if (size >= minSize) break;
  }
  const { lines, size } = best ?? { lines: [], size: style.size };
  const { ascent, descent, leading } = verticalMetrics(text, size);
  return {
    face: style.face,
    lines,
    size,
    color: style.color,
    width: Math.max(0, ...lines.map((line) => (line.advance * size) / unitsPerEm)),
    ascent,
    leading,
    height: lines.length === 0 ? 0 : ascent + (lines.length - 1) * leading + descent,
  };
}

/** One row of a vertical stack: text, or a fixed space (for an ornament drawn there). */
export type StackRow = { text: string; style: TextStyle; gapBefore: number } | { space: number; gapBefore: number };

export interface PlacedRow {
  row: StackRow;
  /** Undefined for spaces. */
  block?: TextBlock;
  top: number;
  height: number;
}

const scaled = (style: TextStyle, factor: number): TextStyle => ({
  ...style,
  size: style.size * factor,
  minSize: (style.minSize ?? style.size) * factor,
});

/**
 * Stacks rows from `top` down to no lower than `bottom`, each fitted to `maxWidth`. When the rows
 * are too tall together, every size and gap shrinks by one factor, so the hierarchy of sizes holds;
 * when there is room left, gaps widen a little and the stack is centred in what remains.
 */
export function fitStack(rows: readonly StackRow[], maxWidth: number, top: number, bottom: number): PlacedRow[] {
  const available = top - bottom;
  let factor = 1;
  let fitted: { row: StackRow; block?: TextBlock; height: number; gap: number }[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    fitted = rows.map((row) => {
      const gap = row.gapBefore * factor;
      if ("space" in row) return { row, height: row.space * factor, gap };
      const block = fitText(row.text, scaled(row.style, factor), maxWidth);
      return { row, block, height: block.height, gap };
    });
    const total = fitted.reduce((sum, row, i) => sum + row.height + (i === 0 ? 0 : row.gap), 0);
    if (total <= available) break;
    factor *= (available / total) * 0.99;
  }
  const gaps = fitted.reduce((sum, row, i) => sum + (i === 0 ? 0 : row.gap), 0);
  const used = fitted.reduce((sum, row, i) => sum + row.height + (i === 0 ? 0 : row.gap), 0);
  const spare = Math.max(0, available - used);
  const stretch = gaps > 0 ? Math.min(spare * 0.6, gaps * 0.5) / gaps : 0;
  let y = top - (spare - stretch * gaps) / 2;
  return fitted.map(({ row, block, height, gap }, i) => {
    if (i > 0) y -= gap * (1 + stretch);
    const placed = { row, block, top: y, height };
    y -= height;
    return placed;
  });
}

/** Draws text blocks on one page, embedding each face it uses as a subset of one PDF. */
export class Typesetter {
  readonly #fonts = new Map<FaceName, EmbeddedFont>();

  constructor(
    readonly context: PDFContext,
    readonly content: PageContent,
  ) {}

  /** Draws `block` with its top at `top`; `x` is its left edge, centre or right edge as `align` says. */
  draw(block: TextBlock, x: number, top: number, align: Align): void {
    const font = this.#font(block.face);
    const unitsPerEm = font.face.font.unitsPerEm;
    block.lines.forEach((line, i) => {
      const width = (line.advance * block.size) / unitsPerEm;
      const left = align === "left" ? x : align === "right" ? x - width : x - width / 2;
      this.content.text(font, line, left, top - block.ascent - i * block.leading, block.size, block.color);
    });
  }

  /** Writes the font subsets; call after the last `draw`. */
  async finish(): Promise<void> {
    for (const font of this.#fonts.values()) await font.write(this.context);
  }

  #font(name: FaceName): EmbeddedFont {
    let font = this.#fonts.get(name);
    if (!font) {
      font = new EmbeddedFont(fontFace(name), this.context);
      this.#fonts.set(name, font);
    }
    return font;
  }
}
