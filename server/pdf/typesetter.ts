import type { PDFContext } from "pdf-lib";
import { EmbeddedFont } from "./embedding/embedded-font";
import { fontFace } from "./fonts";
import type { FaceName } from "./fonts";
import type { Align, TextBlock } from "./layout";
import type { PageContent } from "./page-content";

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
  finish(): void {
    for (const font of this.#fonts.values()) font.write(this.context);
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
