import bidiFactory from "bidi-js";
import { fontFace } from "./fonts";
import type { Direction, FaceName } from "./fonts";
import { LruCache } from "./lru-cache";
import type { Rgb } from "./page-content";
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

const directions = new LruCache<string, Direction>(2048);

/** The paragraph direction the Unicode Bidirectional Algorithm finds: that of the first strong character. */
export function directionOf(text: string): Direction {
  return directions.getOrCreate(text, () =>
    (bidi.getEmbeddingLevels(text, "auto").paragraphs[0]?.level ?? 0) % 2 === 1 ? "rtl" : "ltr",
  );
}

/**
 * Room above and below the baseline, from the ink of the lines themselves (Arabic marks stack high),
 * but at least a capital's height and a descender's depth, so that rows of different words line up.
 * Lines are spaced so that the ink of neighbouring lines keeps a fifth of the size apart.
 */
function verticalMetrics(
  lines: readonly ShapedLine[],
  size: number,
  unitsPerEm: number,
): { ascent: number; descent: number; leading: number } {
  const scale = size / unitsPerEm;
  const ascent = Math.max(0.72 * unitsPerEm, ...lines.map((line) => line.ascent)) * scale;
  const descent = Math.max(0.22 * unitsPerEm, ...lines.map((line) => line.descent)) * scale;
  return { ascent, descent, leading: Math.max(1.25 * size, ascent + descent + 0.2 * size) };
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
    while (
      end < words.length - (count - line) &&
      Math.abs(consumed + (lengths[end] ?? 0) - target) < Math.abs(consumed - target)
    ) {
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
  const { ascent, descent, leading } = verticalMetrics(lines, size, unitsPerEm);
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

// The smallest size stays put when a stack shrinks: below it, wrapping reads better than shrinking.
const scaled = (style: TextStyle, factor: number): TextStyle => ({
  ...style,
  size: style.size * factor,
  minSize: Math.min(style.minSize ?? style.size, style.size * factor),
});

/**
 * Calls `fit` with a factor for all sizes, smaller each time, until what it lays out is no taller
 * than `available`: one factor for everything keeps the hierarchy of sizes.
 */
export function shrinkToHeight<T extends { height: number }>(
  available: number,
  fit: (factor: number) => T,
): T & { factor: number } {
  let factor = 1;
  let fitted = fit(factor);
  for (let attempt = 0; attempt < 12 && fitted.height > available; attempt++) {
    factor *= (available / fitted.height) * 0.99;
    fitted = fit(factor);
  }
  return { ...fitted, factor };
}

/**
 * Stacks rows from `top` down to no lower than `bottom`, each fitted to `maxWidth`, shrunk together
 * if they are too tall; when there is room left, gaps widen a little and the stack is centred in
 * what remains.
 */
export function fitStack(rows: readonly StackRow[], maxWidth: number, top: number, bottom: number): PlacedRow[] {
  const { rows: fitted } = shrinkToHeight(top - bottom, (factor) => {
    const sized = rows.map((row) => {
      const gap = row.gapBefore * factor;
      if ("space" in row) return { row, height: row.space * factor, gap };
      const block = fitText(row.text, scaled(row.style, factor), maxWidth);
      return { row, block, height: block.height, gap };
    });
    return { rows: sized, height: sized.reduce((sum, row, i) => sum + row.height + (i === 0 ? 0 : row.gap), 0) };
  });
  const gaps = fitted.reduce((sum, row, i) => sum + (i === 0 ? 0 : row.gap), 0);
  const used = fitted.reduce((sum, row, i) => sum + row.height + (i === 0 ? 0 : row.gap), 0);
  const spare = Math.max(0, top - bottom - used);
  const stretch = gaps > 0 ? Math.min(spare * 0.6, gaps * 0.5) / gaps : 0;
  let y = top - (spare - stretch * gaps) / 2;
  return fitted.map(({ row, block, height, gap }, i) => {
    if (i > 0) y -= gap * (1 + stretch);
    const placed = { row, block, top: y, height };
    y -= height;
    return placed;
  });
}
