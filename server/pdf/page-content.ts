import { PDFName } from "pdf-lib";
import type { PDFPage } from "pdf-lib";
import type { EmbeddedFont } from "./embedding/embedded-font";
import { registerFlateStream } from "./embedding/streams";
import type { ShapedLine } from "./text/shaping";

export type Rgb = readonly [number, number, number];

/** Numbers as PDF operands: at most three decimals, never exponent notation. */
function num(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
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
   * Shows a shaped line with its left end of the baseline at (x, y): one text object, glyphs placed
   * by TJ adjustments from their advances and offsets. Glyphs that carry text are shown first and
   * glyphs that carry none (marks) in a second pass over the same positions, so extractors meet the
   * line's characters as one uninterrupted left-to-right sequence.
   */
  text(font: EmbeddedFont, line: ShapedLine, x: number, y: number, size: number, color: Rgb): this {
    const { face } = line;
    this.fillColor(color);
    this.#ops.push("BT", `/${this.#fontName(font)} ${num(size)} Tf`, `1 0 0 1 ${num(x)} ${num(y)} Tm`);
    // Current horizontal text position, in thousandths of the font size (TJ units).
    let position = 0;
    let rise = 0;
    for (const carriesText of [true, false]) {
      let pen = 0;
      let parts: string[] = [];
      let glyphs = "";
      const show = (): void => {
        if (glyphs) parts.push(`<${glyphs}>`);
        if (parts.length > 0) this.#ops.push(`[${parts.join(" ")}] TJ`);
        parts = [];
        glyphs = "";
      };
      for (const glyph of line.glyphs) {
        if ((glyph.text !== null) !== carriesText) {
          pen += glyph.advance;
          continue;
        }
        const glyphRise = (face.toPdfUnits(glyph.yOffset) * size) / 1000;
        if (glyphRise !== rise) {
          show();
          this.#ops.push(`${num(glyphRise)} Ts`);
          rise = glyphRise;
        }
        const target = face.toPdfUnits(pen + glyph.xOffset);
        if (target !== position) {
          if (glyphs) parts.push(`<${glyphs}>`);
          glyphs = "";
          // TJ numbers move the text position left (positive) or right (negative).
          parts.push(num(position - target));
        }
        glyphs += hex4(font.cid(glyph));
        position = target + face.toPdfUnits(glyph.width);
        pen += glyph.advance;
      }
      show();
    }
    if (rise !== 0) this.#ops.push("0 Ts");
    this.#ops.push("ET");
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
