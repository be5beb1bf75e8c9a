import { create } from "qrcode";
import type { PageContent, Rgb } from "./page-content";

/** The light margin the QR specification requires around the symbol, in modules. */
const QUIET_ZONE_MODULES = 4;

export interface QrBox {
  /** Lower-left corner and side of the area kept light: the symbol and its quiet zone. */
  x: number;
  y: number;
  size: number;
  /** Side of one module, in points. */
  module: number;
}

export interface QrPlacement {
  centerX: number;
  /** Top of the quiet zone. */
  top: number;
  /** Width of the symbol without its quiet zone, in points. */
  size: number;
  dark: Rgb;
  light: Rgb;
}

/**
 * Draws `url` as a QR code (error correction M) as filled rectangles from the module matrix: sharper
 * in print and far cheaper than rendering and embedding an image. The quiet zone is painted light so
 * that nothing shows through it; callers keep other drawing out of the returned box.
 */
export function drawQrCode(
  content: PageContent,
  url: string,
  { centerX, top: boxTop, size, dark, light }: QrPlacement,
): QrBox {
  const { modules } = create(url, { errorCorrectionLevel: "M" });
  const count = modules.size;
  const module = size / count;
  const quiet = QUIET_ZONE_MODULES * module;
  const left = centerX - size / 2;
  const top = boxTop - quiet;
  const box = { x: left - quiet, y: top - size - quiet, size: size + 2 * quiet, module };
  content.fillColor(light).rect(box.x, box.y, box.size, box.size).fill();
  // In module units, with rows counted from the bottom: small integers, which compress well. All
  // runs form one path filled at once, so anti-aliasing leaves no seams between touching modules.
  content
    .save()
    .transform(module, 0, 0, module, left, top - size)
    .fillColor(dark);
  for (let row = 0; row < count; row++) {
    let runStart = -1;
    for (let column = 0; column <= count; column++) {
      const isDark = column < count && modules.get(row, column) === 1;
      if (isDark && runStart < 0) runStart = column;
      if (!isDark && runStart >= 0) {
        content.rect(runStart, count - 1 - row, column - runStart, 1);
        runStart = -1;
      }
    }
  }
  content.fill().restore();
  return box;
}
