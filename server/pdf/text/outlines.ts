import type { FontFace } from "../fonts";

interface PathCommand {
  command: "moveTo" | "lineTo" | "quadraticCurveTo" | "bezierCurveTo" | "closePath";
  args: number[];
}

const outlines = new Map<string, string>();

const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * A glyph's outline as PDF path operators, in font units (to be scaled by a `cm`), ready to fill
 * with the nonzero rule as TrueType intends. TrueType's quadratic curves become the cubic curves
 * PDF paths know: the same curve, with control points two thirds of the way to the quadratic one.
 */
export function glyphOutline(face: FontFace, glyphId: number): string {
  const key = `${face.name}:${glyphId}`;
  let outline = outlines.get(key);
  if (outline === undefined) {
    const commands = (face.font.getGlyph(glyphId).path as unknown as { commands: PathCommand[] }).commands;
    const ops: string[] = [];
    let [x, y] = [0, 0];
    for (const { command, args } of commands) {
      const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = args;
      if (command === "moveTo" || command === "lineTo") {
        ops.push(`${round(a)} ${round(b)} ${command === "moveTo" ? "m" : "l"}`);
        [x, y] = [a, b];
      } else if (command === "quadraticCurveTo") {
        const c1 = [x + (2 / 3) * (a - x), y + (2 / 3) * (b - y)];
        const c2 = [c + (2 / 3) * (a - c), d + (2 / 3) * (b - d)];
        ops.push(`${[...c1, ...c2, c, d].map(round).join(" ")} c`);
        [x, y] = [c, d];
      } else if (command === "bezierCurveTo") {
        ops.push(`${[a, b, c, d, e, f].map(round).join(" ")} c`);
        [x, y] = [e, f];
      } else ops.push("h");
    }
    outline = ops.join("\n");
    outlines.set(key, outline);
  }
  return outline;
}
