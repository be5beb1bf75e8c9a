/** What a file uploaded as graduates is, by its first bytes and then by its name and media type. */
export type FileKind = "xlsx" | "csv" | "broken-xlsx" | "unsupported";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// Compound File Binary: Excel 97-2003 workbooks, and .xlsx workbooks encrypted with a password.
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const XLSX_EXTENSIONS = [".xlsx", ".xlsm"];
const XLSX_TYPES = [
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-excel.sheet.macroenabled.12",
];
const CSV_EXTENSIONS = [".csv", ".tsv", ".txt"];
// Browsers on Windows label .csv files with Excel's legacy type when Excel is installed.
const CSV_TYPES = [
  "text/csv",
  "text/plain",
  "text/tab-separated-values",
  "application/csv",
  "application/vnd.ms-excel",
];

export function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

export function fileKind(bytes: Uint8Array, filename: string, mimeType = ""): FileKind {
  // Content first: a workbook renamed to .csv is still a workbook.
  if (startsWith(bytes, ZIP_MAGIC)) return "xlsx";
  if (startsWith(bytes, OLE2_MAGIC)) return "unsupported";
  const name = filename.toLowerCase();
  const type = mimeType.toLowerCase().split(";")[0]?.trim() ?? "";
  if (XLSX_EXTENSIONS.some((extension) => name.endsWith(extension)) || XLSX_TYPES.includes(type)) return "broken-xlsx";
  if (CSV_EXTENSIONS.some((extension) => name.endsWith(extension)) || CSV_TYPES.includes(type)) return "csv";
  return "unsupported";
}
