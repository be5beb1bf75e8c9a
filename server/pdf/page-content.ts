import { PDFHexString, PDFName } from "pdf-lib";
import type { PDFPage } from "pdf-lib";
import type { EmbeddedFont } from "./embedding/embedded-font";
import { registerFlateStream } from "./embedding/streams";
import { glyphOutline } from "./text/outlines";
import type { ShapedLine } from "./text/shaping";

export type Rgb = readonly [number, number, number];

/** Numbers as PDF operands: at most two decimals (a hundredth of a point), never exponent notation. */
function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

const hex4 = (value: number): string => value.toString(16).padStart(4, "0");

/**
 * The page's content stream, written as PDF operators directly: text must be shown glyph by glyph
 * (pdf-lib's drawText re-encodes strings by code point and loses the shaping), and writing the
 * operators as text is also several times cheaper than building pdf-lib operator objects.
 */
export class PageContent {
  readonly #ops: string[] = [];
  readonly #fontNames = new Map<EmbeddedFont, string>();

  save(): this {
    this.#ops.push("q");
    return this;
  }

  restore(): this {
    this.#ops.push("Q");
    return this;
  }

  /** Concatenates a transformation to the current matrix (PDF `cm`). */
  transform(a: number, b: number, c: number, d: number, e: number, f: number): this {
    this.#ops.push(`${num(a)} ${num(b)} ${num(c)} ${num(d)} ${num(e)} ${num(f)} cm`);
    return this;
  }

  fillColor([r, g, b]: Rgb): this {
    this.#ops.push(`${num(r)} ${num(g)} ${num(b)} rg`);
    return this;
  }

  strokeColor([r, g, b]: Rgb): this {
    this.#ops.push(`${num(r)} ${num(g)} ${num(b)} RG`);
    return this;
  }

  lineWidth(width: number): this {
    this.#ops.push(`${num(width)} w`);
    return this;
  }

  rect(x: number, y: number, width: number, height: number): this {
    this.#ops.push(`${num(x)} ${num(y)} ${num(width)} ${num(height)} re`);
    return this;
  }

  moveTo(x: number, y: number): this {
    this.#ops.push(`${num(x)} ${num(y)} m`);
    return this;
  }

  lineTo(x: number, y: number): this {
    this.#ops.push(`${num(x)} ${num(y)} l`);
    return this;
  }

  curveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number): this {
    this.#ops.push(`${num(x1)} ${num(y1)} ${num(x2)} ${num(y2)} ${num(x)} ${num(y)} c`);
    return this;
  }

  closePath(): this {
    this.#ops.push("h");
    return this;
  }

  fill(): this {
    this.#ops.push("f");
    return this;
  }

  stroke(): this {
    this.#ops.push("S");
    return this;
  }

  /**
   * Shows a shaped line with the left end of its baseline at (x, y).
   *
   * The glyphs that carry text are shown in one text object, one left-to-right sequence placed by TJ
   * adjustments, each declared as wide as the distance to the next one: text extractors compare
   * glyph boxes to find word breaks, and kerning or cursive attachment leaves gaps between Arabic
   * letters that they would take for spaces.
   *
   * Glyphs that carry no text (marks, whose characters their base letter carries) are filled as
   * outlines instead: shown as text, extractors would make up characters for them (pdf.js takes
   * the code of a glyph without text for its character).
   *
   * A line whose glyphs' order would mislead extractors states its text in an /ActualText span
   * (see ShapedLine.actualText).
   */
  text(font: EmbeddedFont, line: ShapedLine, x: number, y: number, size: number, color: Rgb): this {
    const { face } = line;
    const origins: number[] = [];
    let pen = 0;
    for (const glyph of line.glyphs) {
      origins.push(face.toPdfUnits(pen + glyph.xOffset));
      pen += glyph.advance;
    }
    const lineEnd = face.toPdfUnits(pen);
    // pdf.js neither checks the position of a glyph whose text holds a combining mark nor moves past
    // it, and a space it skips without noting where it ends: after a space, such a glyph and the
    // letter after it read as split by a second space (حسنٌ جداً as حس نٌ جداً). The space's
    // character is carried by the glyph before it instead (in drawing order; the space glyph has no
    // ink), whose width then reaches the marked glyph.
    const shown: { index: number; text: string }[] = [];
    const carriers = line.glyphs.flatMap((glyph, index) => (glyph.text === null ? [] : [{ index, text: glyph.text }]));
    carriers.forEach((carrier, k) => {
      const previous = shown.at(-1);
      if (previous && /^\s+$/u.test(carrier.text) && /\p{Mn}/u.test(carriers[k + 1]?.text ?? ""))
        previous.text += carrier.text;
      else shown.push({ ...carrier });
    });

    this.fillColor(color);
    if (line.actualText !== null)
      this.#ops.push(`/Span << /ActualText ${PDFHexString.fromText(line.actualText)} >> BDC`);
    this.#ops.push("BT", `/${this.#fontName(font)} ${num(size)} Tf`, `1 0 0 1 ${num(x)} ${num(y)} Tm`);
    // The text position, in thousandths of the font size (TJ units) from the line's start.
    let position = 0;
    let rise = 0;
    let parts: string[] = [];
    let glyphs = "";
    const show = (): void => {
      if (glyphs) parts.push(`<${glyphs}>`);
      if (parts.length > 0) this.#ops.push(`[${parts.join(" ")}] TJ`);
      parts = [];
      glyphs = "";
    };
    const placed = shown.map(({ index, text }, k) => ({
      index,
      text,
      width: Math.max(0, (origins[shown[k + 1]?.index ?? -1] ?? lineEnd) - (origins[index] ?? 0)),
    }));
    // pdf.js takes any glyph whose text holds a combining mark for a mark of its own: it appends its
    // text to the text item it is building without looking where the glyph is. When a line's first
    // glyph carries marks (a right-to-left line that ends in a vowelled letter: جداً), its text would
    // join the line read before, or the next glyph would cut it off from its own line. Shown last, in
    // a marked-content sequence of its own (pdf.js starts a new text item there), it comes after the
    // rest of the line, where reading right to left puts it. Poppler places text by position alone.
    const first = placed[0];
    const markFirst = first !== undefined && /\p{Mn}/u.test(first.text);
    const order = markFirst ? [...placed.slice(1), first] : placed;
    // pdf.js also gives each text item the direction of most of its letters (right to left from 30%),
    // not the line's: a left-to-right line with much Arabic (Génie électrique — الهندسة الكهربائية)
    // would be read as a right-to-left one. In a left-to-right line, each stretch of right-to-left
    // text is therefore shown in a marked-content sequence of its own too.
    let inSpan = false;
    const span = (open: boolean): void => {
      show();
      if (inSpan) this.#ops.push("EMC");
      if (open) this.#ops.push("/Span BMC");
      inSpan = open;
    };
    order.forEach(({ index, text, width }) => {
      const glyph = line.glyphs[index];
      if (!glyph) return;
      const embedded = line.direction === "ltr" && glyph.level > 0;
      if (markFirst && index === first.index) span(true);
      else if (embedded !== inSpan) span(embedded);
      const glyphRise = (face.toPdfUnits(glyph.yOffset) * size) / 1000;
      if (glyphRise !== rise) {
        show();
        this.#ops.push(`${num(glyphRise)} Ts`);
        rise = glyphRise;
      }
      const target = origins[index] ?? 0;
      if (target !== position) {
        if (glyphs) parts.push(`<${glyphs}>`);
        glyphs = "";
        // TJ numbers move the text position left (positive) or right (negative).
        parts.push(num(position - target));
      }
      glyphs += hex4(font.cid(glyph.id, text, width));
      position = target + width;
    });
    span(false);
    this.#ops.push("ET");
    if (line.actualText !== null) this.#ops.push("EMC");

    const scale = size / face.font.unitsPerEm;
    // Font units to points needs more precision than positions do.
    const factor = String(Math.round(scale * 1e6) / 1e6);
    line.glyphs.forEach((glyph, i) => {
      if (glyph.text !== null) return;
      const left = x + ((origins[i] ?? 0) * size) / 1000;
      const bottom = y + glyph.yOffset * scale;
      this.#ops.push(
        "q",
        `${factor} 0 0 ${factor} ${num(left)} ${num(bottom)} cm`,
        glyphOutline(face, glyph.id),
        "f",
        "Q",
      );
    });
    return this;
  }

  /** Attaches the content stream and the fonts it uses to `page`. */
  writeTo(page: PDFPage): void {
    const { context } = page.doc;
    for (const [font, name] of this.#fontNames) page.node.setFontDictionary(PDFName.of(name), font.ref);
    page.node.addContentStream(registerFlateStream(context, this.#ops.join("\n")));
  }

  #fontName(font: EmbeddedFont): string {
    let name = this.#fontNames.get(font);
    if (name === undefined) {
      name = `F${this.#fontNames.size + 1}`;
      this.#fontNames.set(font, name);
    }
    return name;
  }
}
