import { CsvError, parse } from "csv-parse/sync";
import { startsWith } from "./detect";
import { fileError, importError } from "./messages";
import { DEFAULT_MAX_ROWS, SheetRows, maxCellsFor } from "./sheet";
import type { ImportOptions, ImportResult } from "./types";

// Excel's "Unicode text" export is UTF-16 with a byte order mark; its "CSV UTF-8" export starts with one.
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];
const DELIMITERS = [",", ";", "\t"] as const;

/** Thrown from csv-parse's record callback: its sync API has no other way to stop reading early. */
class RowLimitReached extends Error {}
class CellLimitReached extends Error {}

/**
 * Reads a CSV (or tab-separated) graduates file: UTF-8 with or without a byte order mark, or UTF-16
 * with one; comma, semicolon or tab delimited as its header line shows; quoted fields; any line ending.
 */
export function parseGraduatesCsv(bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  const text = decode(bytes);
  if (text === undefined) return { rows: [], errors: [fileError("IMPORT_NOT_UTF8")], totalRows: 0 };
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const sheet = new SheetRows(maxRows, options.now ?? new Date());
  const maxCells = maxCellsFor(maxRows);
  let row = 0;
  let cellCount = 0;
  try {
    parse(text, {
      delimiter: delimiterOf(text),
      // Explicit, because csv-parse otherwise keeps the first line ending it meets, and a file edited in
      // several programs mixes them.
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      relax_quotes: true,
      on_record: (cells: string[]) => {
        row += 1;
        cellCount += cells.filter((cell) => cell !== "").length;
        if (cellCount > maxCells) throw new CellLimitReached();
        if (!sheet.add(row, cells)) throw new RowLimitReached();
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) {
      return { rows: [], errors: [importError(row + 1, "", "IMPORT_MALFORMED_CSV")], totalRows: sheet.totalRows };
    }
    if (error instanceof CellLimitReached)
      return { rows: [], errors: [importError(0, "", "IMPORT_TOO_MANY_CELLS", maxCells)], totalRows: sheet.totalRows };
    if (!(error instanceof RowLimitReached)) throw error;
  }
  return sheet.result();
}

/** The text of the file, or undefined when it is not valid Unicode text (e.g. an ANSI code page). */
function decode(bytes: Uint8Array): string | undefined {
  const encoding = startsWith(bytes, UTF16LE_BOM) ? "utf-16le" : startsWith(bytes, UTF16BE_BOM) ? "utf-16be" : "utf-8";
  try {
    // Strips the byte order mark, which would otherwise stick to the first column's name.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The delimiter the header (the first non-blank line) uses most; column names contain none of them. */
function delimiterOf(text: string): string {
  const header = /^.*\S.*$/m.exec(text)?.[0] ?? "";
  const count = (delimiter: string): number => header.split(delimiter).length;
  return DELIMITERS.reduce((best, delimiter) => (count(delimiter) > count(best) ? delimiter : best));
}
