import { Workbook } from "exceljs";
import type { Cell, CellValue, Worksheet } from "exceljs";
import { fileError } from "./messages";
import { DEFAULT_MAX_ROWS, SheetRows } from "./sheet";
import type { ImportOptions, ImportResult } from "./types";

/** Reads the first worksheet of an Excel workbook (.xlsx), each cell as the text the registrar sees. */
export async function parseGraduatesXlsx(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const sheet = new SheetRows(options.maxRows ?? DEFAULT_MAX_ROWS, options.now ?? new Date());
  const worksheet = await firstWorksheet(bytes);
  if (worksheet === undefined) return { rows: [], errors: [fileError("IMPORT_UNREADABLE_FILE")], totalRows: 0 };
  for (let number = 1; number <= worksheet.rowCount; number++) {
    const row = worksheet.findRow(number);
    if (row === undefined) continue;
    const cells = Array.from({ length: row.cellCount }, (_, index) => cellText(row.getCell(index + 1)));
    if (!sheet.add(number, cells)) break;
  }
  return sheet.result();
}

async function firstWorksheet(bytes: Uint8Array): Promise<Worksheet | undefined> {
  const workbook = new Workbook();
  try {
    // A copy, because `bytes` may be a view into a larger pooled buffer and exceljs takes a whole one.
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch {
    // Damaged archives and malformed XML surface as all kinds of errors from exceljs and its zip
    // reader; for the registrar they all mean the same thing.
    return undefined;
  }
  return workbook.worksheets[0];
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
