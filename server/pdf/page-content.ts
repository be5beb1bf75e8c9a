import { PDFName } from "pdf-lib";
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
    const carriers = line.glyphs.flatMap((glyph, i) => (glyph.text === null ? [] : [i]));

    this.fillColor(color);
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
    const shown = carriers.map((index, k) => ({
      index,
      width: Math.max(0, (origins[carriers[k + 1] ?? -1] ?? lineEnd) - (origins[index] ?? 0)),
    }));
    // pdf.js takes any glyph whose text holds a combining mark for a mark of its own: it appends its
    // text to the text item it is building without looking where the glyph is. When a line's first
    // glyph carries marks (a right-to-left line that ends in a vowelled letter: جداً), its text would
    // join the line read before, or the next glyph would cut it off from its own line. Shown last, in
    // a marked-content sequence of its own (pdf.js starts a new text item there), it comes after the
    // rest of the line, where reading right to left puts it. Poppler places text by position alone.
    const first = shown[0];
    const markFirst = first !== undefined && /\p{Mn}/u.test(line.glyphs[first.index]?.text ?? "");
    const order = markFirst ? [...shown.slice(1), first] : shown;
    order.forEach(({ index, width }) => {
      const glyph = line.glyphs[index];
      if (!glyph || glyph.text === null) return;
      if (markFirst && index === first.index) {
        show();
        this.#ops.push("/Span BMC");
      }
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
      glyphs += hex4(font.cid(glyph.id, glyph.text, width));
      position = target + width;
    });
    show();
    if (markFirst) this.#ops.push("EMC");
    this.#ops.push("ET");

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
