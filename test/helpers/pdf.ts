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

/** Code point ranges written in hexadecimal as "5be 5c5-603 …", for membership tests. */
function codePoints(ranges: string): (char: string) => boolean {
  const bounds = ranges.split(" ").map((range) => range.split("-").map((hex) => parseInt(hex, 16)));
  return (char) => {
    const code = char.codePointAt(0) ?? 0;
    return bounds.some(([first = 0, last = first]) => code >= first && code <= last);
  };
}

// Poppler's character classes (poppler/UnicodeTypeTable.cc, 22.12).
/** Right-to-left letters: Hebrew, Arabic, Syriac and Thaana letters (not their marks, not Arabic-Indic digits). */
const popplerRtl = codePoints(
  "5be 5c0 5c3 5c5-603 60d 616-64a 66d-66f 671-6d5 6dd 6e5-6e6 6ee-6ef 6fa-70d 710 712-72f 74b-7a5 7b1 200f 202b 202e fb18-fb1d fb1f-fb28 fb2a-fd3d fd40-fdfc fe6c-fefc",
);
/** Numbers: digits (Arabic-Indic ones too), the signs # $ % + , - . / : and the Arabic separators. */
const popplerNumber = codePoints("23-25 2b-3a a0 604-60c 659-66c 6f0-6f9");

/**
 * Whether poppler's pdftotext can give `text` back as one line in logical order, from a page with
 * more left-to-right than right-to-left letters (as certificates are), whatever the PDF holds.
 *
 * Poppler runs no bidirectional algorithm. It places the characters of a line left to right as drawn
 * (an /ActualText span's characters too, left to right over the span) and, on such a page, outputs
 * each line as alternating sections: the characters up to the next right-to-left letter as they
 * are, then from that letter up to the next left-to-right letter or number reversed. A reversed
 * section therefore always ends with a right-to-left letter, followed by a letter, a number or the end
 * of the line: no PDF can make poppler give back a right-to-left letter followed by spaces, brackets
 * or combining marks and then a number, a Latin letter or the end of the line (`٣٫٩٢ من ٤٫٠٠`,
 * `جيد جداً`, `إدارة الأعمال (MBA)`). On a page read right to left, the mirror image holds (no
 * `(MBA)` at the end of a Latin line), so no page direction serves both.
 */
export function popplerCanGiveBack(text: string): boolean {
  const classes = Array.from(text, (char) =>
    popplerRtl(char) ? "R" : popplerNumber(char) || /\p{L}/u.test(char) ? "S" : "N",
  ).join("");
  return !/RN+(S|$)/.test(classes);
}

/** The pieces of `text` poppler keeps whole: split at spaces, brackets, number separators and marks. */
export function popplerRuns(text: string): string[] {
  return text.split(/[\s()\-./,:+%#$\u066b\p{M}]+/u).filter((word) => word.length > 0);
}
