import bidiFactory from "bidi-js";
import type { Direction } from "../fonts";

const bidi = bidiFactory();

/** Whether `text` holds a right-to-left letter (Unicode bidi class R or AL: Arabic, Hebrew, ...). */
export function hasRightToLeftLetters(text: string): boolean {
  for (const char of text) {
    const type = bidi.getBidiCharTypeName(char);
    if (type === "R" || type === "AL") return true;
  }
  return false;
}

/** A stretch of one line at one embedding level, in the order it is drawn (left to right). */
export interface VisualRun {
  /** The characters of the run in logical order, as the reader meant them. */
  readonly text: string;
  /** What is shaped and drawn: in right-to-left runs, brackets are replaced by their mirror images. */
  readonly drawnText: string;
  readonly direction: Direction;
  /** The run's embedding level: 0 for left-to-right text in a left-to-right line, 1 for Arabic in it, ... */
  readonly level: number;
}

/**
 * Splits one line into directional runs in visual order by the Unicode Bidirectional Algorithm, so
 * that digits and Latin inside Arabic (and the reverse) keep their own reading order, and brackets
 * in right-to-left text are mirrored. fontkit alone reverses the whole string instead.
 */
export function visualRuns(text: string, base: Direction): VisualRun[] {
  if (text.length === 0) return [];
  const embedding = bidi.getEmbeddingLevels(text, base);
  const mirrored = bidi.getMirroredCharactersMap(text, embedding.levels);
  const spans: { level: number; start: number; end: number }[] = [];
  for (const index of bidi.getReorderedIndices(text, embedding)) {
    const level = embedding.levels[index] ?? 0;
    const last = spans.at(-1);
    // Visual neighbours belong to one run when they share a level and are logical neighbours too.
    if (last && last.level === level && (level % 2 === 1 ? index === last.start - 1 : index === last.end + 1)) {
      last.start = Math.min(last.start, index);
      last.end = Math.max(last.end, index);
    } else {
      spans.push({ level, start: index, end: index });
    }
  }
  return spans.map(({ level, start, end }) => {
    let drawnText = "";
    for (let i = start; i <= end; i++) drawnText += mirrored.get(i) ?? text[i];
    return { text: text.slice(start, end + 1), drawnText, direction: level % 2 === 1 ? "rtl" : "ltr", level };
  });
}
