import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextItem } from "pdfjs-dist/types/src/display/api";

/** Runs `use` with `pdf` written to a fresh temporary directory, which is removed afterwards. */
function withPdfFile<T>(pdf: Uint8Array, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-pdf-"));
  try {
    const file = path.join(dir, "certificate.pdf");
    writeFileSync(file, pdf);
    return use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Poppler's pdftotext in its default reading order, as UTF-8. Poppler wraps the runs it reorders in
 * directional embedding controls (U+202A LRE, U+202B RLE, U+202C PDF); `keepBidiControls` keeps them.
 */
export function pdftotext(pdf: Uint8Array, { keepBidiControls = false } = {}): string {
  const text = withPdfFile(pdf, (file) =>
    execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }),
  );
  return keepBidiControls ? text : text.replace(/[\u202a-\u202e]/g, "");
}

/** The page as a 150 dpi image decoded by zbarimg: the QR code's content. */
export function decodeQrCode(pdf: Uint8Array): string {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync("pdftoppm", ["-r", "150", "-png", "-singlefile", file, path.join(dir, "page")]);
    // zbarimg complains on stderr that it finds no D-Bus here; it decodes regardless.
    return execFileSync("zbarimg", ["--raw", "-q", path.join(dir, "page.png")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  });
}

/** Renders the page to a PNG file at `dpi`. */
export function renderPng(pdf: Uint8Array, dpi: number): Buffer {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync("pdftoppm", ["-r", String(dpi), "-png", "-singlefile", file, path.join(dir, "page")]);
    return readFileSync(path.join(dir, "page.png"));
  });
}

/** The page as 8-bit grey pixels at `dpi` (pdftoppm's PGM): 0 is black ink, 255 white paper. */
export function renderGray(pdf: Uint8Array, dpi: number): { width: number; height: number; pixels: Uint8Array } {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync("pdftoppm", ["-r", String(dpi), "-gray", "-singlefile", file, path.join(dir, "page")]);
    const data = readFileSync(path.join(dir, "page.pgm"));
    // "P5\n<width> <height>\n255\n" then the pixels, a byte each.
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString("latin1"));
    if (!header) throw new Error("pdftoppm wrote no PGM image");
    const [whole = "", width = "0", height = "0"] = header;
    return { width: Number(width), height: Number(height), pixels: data.subarray(whole.length) };
  });
}

export interface PdfjsView {
  /** The text items joined, a line break after each item that ends a line. */
  text: string;
  items: TextItem[];
  attachments: Record<string, { filename: string; content: Uint8Array }>;
  info: Record<string, unknown>;
  lang: string | null;
  pageSize: { width: number; height: number };
}

/** What pdf.js, the PDF reader of Firefox and of the verifier page, finds in the document. */
export async function readWithPdfjs(pdf: Uint8Array): Promise<PdfjsView> {
  // pdf.js takes ownership of the buffer it is given.
  const document = await getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
  try {
    const page = await document.getPage(1);
    const content = await page.getTextContent();
    const items = content.items.filter((item): item is TextItem => "str" in item);
    const [, , width, height] = page.view;
    return {
      text: items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""),
      items,
      attachments: ((await document.getAttachments()) ?? {}) as PdfjsView["attachments"],
      info: (await document.getMetadata()).info as Record<string, unknown>,
      lang: content.lang,
      pageSize: { width: width ?? 0, height: height ?? 0 },
    };
  } finally {
    await document.destroy();
  }
}

/**
 * Whether poppler's pdftotext can give `text` back in logical order, from a page with more
 * left-to-right than right-to-left letters (as certificates are), whatever the PDF holds.
 *
 * Poppler runs no bidirectional algorithm: it places the characters of a line left to right as drawn
 * (an /ActualText span's characters too, spread over the span and reversed only when all of them
 * are right-to-left letters) and, on such a page, outputs each line as alternating sections: characters that are not right-to-left letters as they are, and from
 * a right-to-left letter up to the next left-to-right letter or number (digits, Arabic-Indic ones
 * too, and - . / , : + % # $) reversed. A reversed section therefore always ends with a right-to-left
 * letter, and the section after it starts with a letter or number: no placement of the characters
 * can make the output hold a right-to-left letter followed by a space, a bracket or a combining mark
 * and then a number, a Latin letter or the end of the line (`٣٫٩٢ من ٤٫٠٠`, `جيد جداً`,
 * `إدارة الأعمال (MBA)`). Right-to-left letters separated by a number sign come out with their
 * sections in the order drawn (`سلمى الأنصاري-الإدريسي`).
 */
export function popplerKeepsLogicalOrder(text: string): boolean {
  if (!/\p{Script=Arabic}/u.test(text)) return true;
  // A left-to-right string (its first letter Latin) ending in Arabic words: one reversed section at the end.
  if (/^[^\p{Script=Arabic}]*\p{Script=Latin}[^\p{Script=Arabic}]*[\p{Script=Arabic}\s]*\p{L}$/u.test(text))
    return true;
  return !/[\p{Script=Latin}\p{Nd}\-./,:+%#$]/u.test(text) && /\p{L}$/u.test(text);
}

/** The pieces of `text` poppler keeps whole: split at spaces, brackets, number separators and marks. */
export function popplerRuns(text: string): string[] {
  return text.split(/[\s()\-./,:+%#$\u066b\p{M}]+/u).filter((word) => word.length > 0);
}
