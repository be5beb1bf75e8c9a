import type { PageContent, Rgb } from "./page-content";

/** Bézier handle length for a quarter circle. */
const KAPPA = 0.5523;

function circle(content: PageContent, cx: number, cy: number, r: number): PageContent {
  const k = r * KAPPA;
  return content
    .moveTo(cx + r, cy)
    .curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r)
    .curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy)
    .curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r)
    .curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy)
    .closePath();
}

/** The eight-pointed star (khatam) of Islamic geometric ornament: two squares, one turned by 45°. */
function star(content: PageContent, cx: number, cy: number, r: number): PageContent {
  // Inner vertices where the two squares' edges cross.
  const inner = (r * Math.cos(Math.PI / 4)) / Math.cos(Math.PI / 8);
  for (let i = 0; i < 16; i++) {
    const angle = Math.PI / 2 + (i * Math.PI) / 8;
    const radius = i % 2 === 0 ? r : inner;
    const x = cx + radius * Math.cos(angle);
    const y = cy + radius * Math.sin(angle);
    if (i === 0) content.moveTo(x, y);
    else content.lineTo(x, y);
  }
  return content.closePath();
}

function diamond(content: PageContent, cx: number, cy: number, r: number): PageContent {
  return content
    .moveTo(cx, cy + r)
    .lineTo(cx + r, cy)
    .lineTo(cx, cy - r)
    .lineTo(cx - r, cy)
    .closePath();
}

/** A double rule around the page with stars in the corners and diamonds midway along each side. */
export function drawBorder(content: PageContent, width: number, height: number, accent: Rgb): void {
  const outer = 16;
  const inner = 22.5;
  content
    .strokeColor(accent)
    .lineWidth(2.2)
    .rect(outer, outer, width - 2 * outer, height - 2 * outer)
    .stroke();
  content
    .lineWidth(0.6)
    .rect(inner, inner, width - 2 * inner, height - 2 * inner)
    .stroke();
  const corner = 34;
  const corners: [number, number][] = [
    [corner, corner],
    [width - corner, corner],
    [corner, height - corner],
    [width - corner, height - corner],
  ];
  content.lineWidth(0.7);
  for (const [x, y] of corners) star(content, x, y, 7).stroke();
  content.fillColor(accent);
  for (const [x, y] of corners) circle(content, x, y, 1.6).fill();
  const middles: [number, number][] = [
    [width / 2, inner],
    [width / 2, height - inner],
    [inner, height / 2],
    [width - inner, height / 2],
  ];
  for (const [x, y] of middles) diamond(content, x, y, 3.2).fill();
}

/** A thin rule broken by a small star: separates the issuer from the award. */
export function drawDivider(content: PageContent, cx: number, cy: number, halfWidth: number, accent: Rgb): void {
  content.strokeColor(accent).lineWidth(0.6);
  content
    .moveTo(cx - halfWidth, cy)
    .lineTo(cx - 12, cy)
    .moveTo(cx + 12, cy)
    .lineTo(cx + halfWidth, cy)
    .stroke();
  star(content, cx, cy, 6).stroke();
  content.fillColor(accent);
  circle(content, cx - halfWidth, cy, 1.2).fill();
  circle(content, cx + halfWidth, cy, 1.2).fill();
  circle(content, cx, cy, 1.3).fill();
}

/** The emblem at the head of the page. */
export function drawEmblem(content: PageContent, cx: number, cy: number, r: number, accent: Rgb): void {
  content.strokeColor(accent).lineWidth(1.1);
  star(content, cx, cy, r).stroke();
  content.lineWidth(0.5);
  circle(content, cx, cy, r * 0.62).stroke();
  content.fillColor(accent);
  star(content, cx, cy, r * 0.42).fill();
}

/** A rosette seal: two rings joined by radial strokes, leaving the centre for its words. */
export function drawSeal(content: PageContent, cx: number, cy: number, r: number, accent: Rgb): void {
  content.strokeColor(accent).lineWidth(1.2);
  circle(content, cx, cy, r).stroke();
  content.lineWidth(0.5);
  circle(content, cx, cy, r * 0.84).stroke();
  circle(content, cx, cy, r * 0.8).stroke();
  for (let i = 0; i < 48; i++) {
    const angle = (i * Math.PI) / 24;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    content.moveTo(cx + r * 0.86 * cos, cy + r * 0.86 * sin).lineTo(cx + r * 0.97 * cos, cy + r * 0.97 * sin);
  }
  content.stroke();
}
