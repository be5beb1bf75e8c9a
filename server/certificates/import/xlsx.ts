import { Readable } from "node:stream";
import { stream } from "exceljs";
import type { Cell, CellValue, Row } from "exceljs";
import { Unzip, UnzipInflate, unzipSync, zipSync } from "fflate";
import { fileError, importError } from "./messages";
import type { CellError } from "./types";
import { DEFAULT_MAX_ROWS, SheetRows, maxCellsFor } from "./sheet";
import type { ImportOptions, ImportResult } from "./types";

/**
 * Most bytes a workbook may hold once unzipped: a 50,000-graduate sheet written by Excel or exceljs
 * takes about 22 MB. A few hundred kilobytes of zip can otherwise inflate to gigabytes (a zip bomb).
 */
const DEFAULT_MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;
/** Graduates are read from the first sheet; a workbook of more is not a graduates file. */
const MAX_SHEETS = 32;
/** Parts of a workbook: a sheet, its styles, strings, relationships... A real one has a few dozen. */
const MAX_ZIP_ENTRIES = 1000;
const WORKSHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;
/** The parts the sheet reader needs, in the order it needs them: what a sheet refers to before the sheets. */
const NEEDED_PARTS = ["xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml"];
/**
 * How much of the upload is handed to the inflater at once while counting what it unzips: small,
 * as a kilobyte of a zip bomb inflates to a megabyte before the count can stop it.
 */
const INFLATE_CHUNK_BYTES = 4 * 1024;
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * Reads the first worksheet of an Excel workbook (.xlsx), each cell as the text the registrar sees.
 * The limits are checked before any of the sheet is parsed: first the sizes the zip declares, then
 * the bytes actually unzipped (declared sizes can lie), then rows and cells while the sheet streams.
 */
export async function parseGraduatesXlsx(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const parts = workbookParts(bytes, options.maxUnzippedBytes ?? DEFAULT_MAX_UNZIPPED_BYTES);
  if ("problem" in parts) return { rows: [], errors: [parts.problem], totalRows: 0 };
  const sheet = new SheetRows(maxRows, options.now ?? new Date());
  const maxCells = maxCellsFor(maxRows);
  let cells = 0;
  try {
    const workbook = new stream.xlsx.WorkbookReader(Readable.from(inChunks(parts.ordered)), {
      sharedStrings: "cache",
      styles: "cache",
      hyperlinks: "ignore",
      worksheets: "emit",
      entries: "ignore",
    });
    for await (const worksheet of workbook) {
      // The workbook part came first, so exceljs knows each sheet's place among the tabs.
      const [first] = (workbook as unknown as { model: { sheets: { id: number }[] } }).model.sheets;
      if ((worksheet as unknown as { id: number }).id !== first?.id) continue;
      for await (const row of worksheet) {
        const texts = rowTexts(row);
        cells += texts.filter((text) => text !== "").length;
        if (cells > maxCells)
          return {
            rows: [],
            errors: [importError(0, "", "IMPORT_TOO_MANY_CELLS", maxCells)],
            totalRows: sheet.totalRows,
          };
        if (!sheet.add(row.number, texts)) break;
      }
      break;
    }
  } catch {
    // Damaged archives and malformed XML surface as all kinds of errors from exceljs and its zip
    // reader; for the registrar they all mean the same thing.
    return { rows: [], errors: [fileError("IMPORT_UNREADABLE_FILE")], totalRows: 0 };
  }
  return sheet.result();
}

/**
 * The parts of the workbook the sheet reader needs, rezipped (stored, not compressed) in the order it
 * needs them, or why the workbook is refused unread. Spreadsheet programs write the shared strings
 * and the workbook part after the sheets, and exceljs's streaming reader then misreads them.
 */
function workbookParts(bytes: Uint8Array, maxUnzippedBytes: number): { problem: CellError } | { ordered: Uint8Array } {
  let declared = 0;
  let entries = 0;
  let sheets = 0;
  try {
    // Reads the central directory only: the filter turns every entry down before it is inflated.
    unzipSync(bytes, {
      filter: ({ name, originalSize }) => {
        declared += originalSize;
        entries += 1;
        if (WORKSHEET_PART.test(name)) sheets += 1;
        return false;
      },
    });
  } catch {
    return { problem: fileError("IMPORT_UNREADABLE_FILE") };
  }
  const tooLarge = { problem: importError(0, "", "IMPORT_FILE_TOO_LARGE", maxUnzippedBytes) };
  if (declared > maxUnzippedBytes || entries > MAX_ZIP_ENTRIES) return tooLarge;
  if (sheets > MAX_SHEETS) return { problem: importError(0, "", "IMPORT_TOO_MANY_SHEETS", MAX_SHEETS) };
  const parts = unzipCounting(
    bytes,
    maxUnzippedBytes,
    (name) => NEEDED_PARTS.includes(name) || WORKSHEET_PART.test(name),
  );
  if (parts === "too large") return tooLarge;
  if (parts === "unreadable") return { problem: fileError("IMPORT_UNREADABLE_FILE") };
  const sheetNumber = (name: string): number => Number(/(\d+)\.xml$/.exec(name)?.[1]);
  const names = [
    ...NEEDED_PARTS.filter((name) => parts.has(name)),
    ...[...parts.keys()].filter((name) => WORKSHEET_PART.test(name)).sort((a, b) => sheetNumber(a) - sheetNumber(b)),
  ];
  return {
    ordered: zipSync(Object.fromEntries(names.map((name) => [name, parts.get(name) as Uint8Array])), { level: 0 }),
  };
}

/**
 * The entries `keep` wants, inflated, while every entry's bytes are counted as they come out of the
 * inflater: reading stops as soon as the workbook holds more than `limit` bytes in all.
 */
function unzipCounting(
  bytes: Uint8Array,
  limit: number,
  keep: (name: string) => boolean,
): Map<string, Uint8Array> | "too large" | "unreadable" {
  const kept = new Map<string, Uint8Array[]>();
  let inflated = 0;
  let outcome: "too large" | "unreadable" | undefined;
  const unzip = new Unzip((file) => {
    const chunks: Uint8Array[] = [];
    if (keep(file.name)) kept.set(file.name, chunks);
    file.ondata = (error, chunk) => {
      if (outcome) return;
      if (error) {
        outcome = "unreadable";
        return;
      }
      inflated += chunk.length;
      if (inflated > limit) {
        outcome = "too large";
        file.terminate();
        return;
      }
      if (kept.has(file.name)) chunks.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.length && !outcome; offset += INFLATE_CHUNK_BYTES) {
      unzip.push(bytes.subarray(offset, offset + INFLATE_CHUNK_BYTES), offset + INFLATE_CHUNK_BYTES >= bytes.length);
    }
  } catch {
    return "unreadable";
  }
  return outcome ?? new Map([...kept].map(([name, chunks]) => [name, Buffer.concat(chunks)]));
}

/** Fed to the zip reader in pieces: handed megabytes at once, it copies them over and over. */
function* inChunks(bytes: Uint8Array): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += READ_CHUNK_BYTES)
    yield Buffer.from(bytes.buffer, bytes.byteOffset + offset, Math.min(READ_CHUNK_BYTES, bytes.length - offset));
}

/** The text of each cell of a row up to its last one with a value. */
function rowTexts(row: Row): string[] {
  return Array.from({ length: row.cellCount }, (_, index) => cellText(row.getCell(index + 1)));
}

function cellText(cell: Cell): string {
  return valueText(cell.value, cell.numFmt);
}

function valueText(value: CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value, numFmt);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("hyperlink" in value) return valueText(value.text, numFmt);
  if ("error" in value) return value.error;
  // A formula: the registrar sees the result Excel last computed and saved.
  return valueText(value.result, numFmt);
}

// Formats of zeros only ("00000", "0.00") are how registrars keep leading zeros of student numbers
// and the decimals of a grade; Excel stores the bare number.
const FIXED_DIGITS = /^(0+)(?:\.(0+))?$/;
// Excel shows at most 15 significant digits, which also hides binary floating-point noise.
const EXCEL_PRECISION = 15;

function numberText(value: number, numFmt: string | undefined): string {
  const fixed = FIXED_DIGITS.exec(numFmt ?? "");
  if (fixed === null) return String(Number(value.toPrecision(EXCEL_PRECISION)));
  const [format = "", , decimals = ""] = fixed;
  return value.toFixed(decimals.length).padStart(format.length, "0");
}

/** A date cell's day. exceljs reads Excel's date serials as UTC, so the UTC day is the day Excel shows. */
function dateText(date: Date): string {
  return Number.isNaN(date.getTime()) ? String(date) : date.toISOString().slice(0, 10);
}
