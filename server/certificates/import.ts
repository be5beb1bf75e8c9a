// Bulk issuance: reads the graduates file a registrar uploads (CSV or Excel) into credential subjects,
// and reports every problem of the file at once, each where the registrar will find it in Excel.
// Bad input never throws: it ends as errors in the result; only a programming error throws.
import { fileKind } from "./import/detect";
import { fileError } from "./import/messages";
import { parseGraduatesCsv } from "./import/csv";
import { parseGraduatesXlsx } from "./import/xlsx";
import type { ImportOptions, ImportResult } from "./import/types";

export { COLUMN_NOTES, GRADUATE_COLUMNS, columnsHelp } from "./import/columns";
export { graduatesCsvTemplate } from "./import/template";
export type { CellError, ImportOptions, ImportResult } from "./import/types";
export { parseGraduatesCsv, parseGraduatesXlsx };

/** Reads a graduates file as CSV or XLSX, chosen by its content first, then its name and media type. */
export async function parseGraduatesFile(
  bytes: Uint8Array,
  filename: string,
  mimeType?: string,
  options?: ImportOptions,
): Promise<ImportResult> {
  switch (fileKind(bytes, filename, mimeType)) {
    case "xlsx":
      return parseGraduatesXlsx(bytes, options);
    case "csv":
      return parseGraduatesCsv(bytes, options);
    case "broken-xlsx":
      return { rows: [], errors: [fileError("IMPORT_UNREADABLE_FILE")], totalRows: 0 };
    case "unsupported":
      return { rows: [], errors: [fileError("IMPORT_UNSUPPORTED_TYPE")], totalRows: 0 };
  }
}
