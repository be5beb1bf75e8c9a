import type { CredentialSubject, LocalizedText } from "../../../core";

/** A graduate read from a file, ready to issue. */
export interface ImportedRow {
  /** The row number the registrar sees in Excel: the header is row 1, the first graduate row 2. */
  row: number;
  subject: CredentialSubject;
  /** Start (00:00 UTC) of the valid_until day, when the row has one. */
  validUntil?: Date;
}

/**
 * One problem of a graduates file, where the registrar can find it. A cell's problem gives its row and
 * column. A problem of the header (a missing, unknown or repeated column) gives the header's row and the
 * column name. A problem of the whole file (unreadable, empty, too many rows) gives row 0 and column "".
 * A CSV line that cannot be split into cells gives its row and column "".
 */
export interface CellError {
  row: number;
  column: string;
  /** Stable machine code (IMPORT_…); never changes meaning once published. */
  code: string;
  message: LocalizedText;
}

/** Every graduate that can be issued and every problem of the file, found in one pass. */
export interface ImportResult {
  /** Only the valid rows; none at all when the header itself is wrong. */
  rows: ImportedRow[];
  errors: CellError[];
  /** Non-blank rows under the header; maxRows + 1 when reading stopped at the limit. */
  totalRows: number;
}

export interface ImportOptions {
  /** Most graduate rows one file may hold (default 50,000); a larger file is refused as a whole. */
  maxRows?: number;
  /** Most bytes an XLSX workbook may unzip to (default 64 MiB); beyond, it is refused unread. */
  maxUnzippedBytes?: number;
  /** The moment of issuance: graduations after it and validity ending by it are refused (default: now). */
  now?: Date;
}
