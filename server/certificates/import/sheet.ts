import {
  CalendarDate,
  CredentialSubject,
  DEGREES,
  EARLIEST_GRADUATION_DATE,
  datesOutOfOrder,
  forbiddenCharacter,
  instantOf,
} from "../../../core";
import type { z } from "zod";
import type { GraduateColumn, SubjectColumn } from "./columns";
import {
  GRADUATE_COLUMNS,
  REQUIRED_COLUMNS,
  VALID_UNTIL,
  columnOfSubjectPath,
  isGraduateColumn,
  subjectFromCells,
} from "./columns";
import type { PlainErrorCode } from "./messages";
import { fileError, importError } from "./messages";
import type { CellError, ImportResult, ImportedRow } from "./types";

export const DEFAULT_MAX_ROWS = 50_000;

/**
 * Most cells with a value a file may hold: twice every column for every allowed row, room for notes
 * beside the data, while a sheet of millions of tiny cells is refused before it is all read.
 */
export const maxCellsFor = (maxRows: number): number => (maxRows + 1) * GRADUATE_COLUMNS.length * 2;

/** A non-blank row of the first sheet: its number as the registrar sees it, and its cells' text. */
interface SheetRow {
  row: number;
  cells: readonly string[];
}

/**
 * A cell's text in NFC without surrounding spaces. Invisible characters inside it (the direction marks
 * that copying from Word leaves, or a planted override) are kept, to be refused with the cell named:
 * the JSON API refuses them too, and text must print as it was hashed.
 */
function cleanCell(text: string): string {
  return text.normalize("NFC").trim();
}

/**
 * The non-blank rows of a sheet, header first, gathered while a reader walks the file. `add` answers
 * false once the file is known to hold more graduates than allowed, so the reader can stop there.
 */
export class SheetRows {
  private readonly rows: SheetRow[] = [];

  constructor(
    readonly maxRows: number,
    private readonly now: Date,
  ) {
    if (!Number.isInteger(maxRows) || maxRows < 1)
      throw new RangeError(`maxRows must be a positive integer, got ${maxRows}`);
  }

  add(row: number, cells: readonly string[]): boolean {
    const cleaned = cells.map(cleanCell);
    if (cleaned.some((cell) => cell !== "")) this.rows.push({ row, cells: cleaned });
    return !this.tooMany();
  }

  /** Graduate rows gathered so far. */
  get totalRows(): number {
    return Math.max(this.rows.length - 1, 0);
  }

  /** Every graduate of the sheet that can be issued, and every problem found in it. */
  result(): ImportResult {
    const [header, ...graduates] = this.rows;
    const { totalRows } = this;
    if (header === undefined) return { rows: [], errors: [fileError("IMPORT_EMPTY_FILE")], totalRows };
    if (this.tooMany())
      return { rows: [], errors: [importError(0, "", "IMPORT_TOO_MANY_ROWS", this.maxRows)], totalRows };
    const { columns, errors: headerErrors } = readHeader(header);
    if (totalRows === 0) return { rows: [], errors: [...headerErrors, fileError("IMPORT_EMPTY_FILE")], totalRows };
    const identifiers = rowsByIdentifier(graduates, columns);
    const rows: ImportedRow[] = [];
    const errors = [...headerErrors];
    for (const graduate of graduates) {
      const read = readGraduate(graduate, columns, identifiers, this.now);
      if ("errors" in read) errors.push(...read.errors);
      else rows.push(read);
    }
    // A header problem concerns every row: a misspelt optional column would silently drop its data.
    return { rows: headerErrors.length > 0 ? [] : rows, errors, totalRows };
  }

  private tooMany(): boolean {
    return this.rows.length - 1 > this.maxRows;
  }
}

/** Where each known column is in the sheet, and what is wrong with the header. */
function readHeader({ row, cells }: SheetRow): { columns: Map<GraduateColumn, number>; errors: CellError[] } {
  const columns = new Map<GraduateColumn, number>();
  const errors: CellError[] = [];
  cells.forEach((cell, index) => {
    const name = cell.toLowerCase();
    if (name === "") return;
    if (!isGraduateColumn(name)) errors.push(importError(row, cell, "IMPORT_UNKNOWN_COLUMN"));
    else if (columns.has(name)) errors.push(importError(row, name, "IMPORT_DUPLICATE_COLUMN"));
    else columns.set(name, index);
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.has(column)) errors.push(importError(row, column, "IMPORT_MISSING_COLUMN"));
  }
  return { columns, errors };
}

type Cells = (column: GraduateColumn) => string;

const cellsOf =
  ({ cells }: SheetRow, columns: ReadonlyMap<GraduateColumn, number>): Cells =>
  (column) => {
    const index = columns.get(column);
    return index === undefined ? "" : (cells[index] ?? "");
  };

/** The rows each identifier appears in. */
function rowsByIdentifier(
  graduates: readonly SheetRow[],
  columns: ReadonlyMap<GraduateColumn, number>,
): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const graduate of graduates) {
    const identifier = cellsOf(graduate, columns)("identifier");
    if (identifier === "") continue;
    const seen = rows.get(identifier);
    if (seen === undefined) rows.set(identifier, [graduate.row]);
    else seen.push(graduate.row);
  }
  return rows;
}

/** One graduate row as a credential subject, or every problem of its cells (at most one per cell). */
function readGraduate(
  graduate: SheetRow,
  columns: ReadonlyMap<GraduateColumn, number>,
  identifiers: ReadonlyMap<string, number[]>,
  now: Date,
): ImportedRow | { errors: CellError[] } {
  const cell = cellsOf(graduate, columns);
  const problems = new Map<GraduateColumn, CellError>();
  const report = (column: GraduateColumn, error: CellError): void => {
    // A column missing from the header is reported once there, not again in every row.
    if (columns.has(column) && !problems.has(column)) problems.set(column, error);
  };

  const subject = CredentialSubject.safeParse(subjectFromCells((column) => subjectCell(column, cell(column))));
  for (const issue of subject.error?.issues ?? []) {
    const column = columnOfSubjectPath(issue.path);
    report(column, issueError(graduate.row, column, issue, cell));
  }
  const validUntil = CalendarDate.optional().safeParse(cell(VALID_UNTIL) || undefined);
  for (const issue of validUntil.error?.issues ?? [])
    report(VALID_UNTIL, issueError(graduate.row, VALID_UNTIL, issue, cell));

  // Checked on the cells rather than the parsed subject, so it is reported even when another cell is bad.
  const graduationDate = cell("graduation_date");
  if (
    validUntil.data !== undefined &&
    CalendarDate.safeParse(graduationDate).success &&
    validUntil.data <= graduationDate
  ) {
    report(VALID_UNTIL, importError(graduate.row, VALID_UNTIL, "IMPORT_VALID_UNTIL_BEFORE_GRADUATION"));
  }
  const outOfOrder = datesOutOfOrder({
    graduationDate: CalendarDate.safeParse(graduationDate).success ? graduationDate : undefined,
    validFrom: instantOf(now),
    validUntil: validUntil.data === undefined ? undefined : `${validUntil.data}T00:00:00Z`,
  });
  if (outOfOrder.includes("graduationDate"))
    report("graduation_date", importError(graduate.row, "graduation_date", "IMPORT_GRADUATION_IN_FUTURE"));
  if (outOfOrder.includes("validUntil"))
    report(VALID_UNTIL, importError(graduate.row, VALID_UNTIL, "IMPORT_VALID_UNTIL_PAST"));
  const sameIdentifier = identifiers.get(cell("identifier")) ?? [];
  if (sameIdentifier.length > 1) {
    report(
      "identifier",
      importError(graduate.row, "identifier", "IMPORT_DUPLICATE_IDENTIFIER", sameIdentifier, graduate.row),
    );
  }

  // A row can fail with no problem of its own when a required column is missing: that is told at the header.
  if (problems.size > 0 || !subject.success || !validUntil.success) {
    return { errors: GRADUATE_COLUMNS.flatMap((column) => problems.get(column) ?? []) };
  }
  return {
    row: graduate.row,
    subject: subject.data,
    ...(validUntil.data === undefined ? {} : { validUntil: new Date(`${validUntil.data}T00:00:00Z`) }),
  };
}

/** The text a subject field is parsed from; degrees are matched regardless of letter case. */
function subjectCell(column: SubjectColumn, text: string): string {
  if (column !== "degree") return text;
  return DEGREES.find((degree) => degree.toLowerCase() === text.toLowerCase()) ?? text;
}

// The problem of a non-empty cell whose value the schema refuses for a reason other than its length.
const FORMAT_CODES: Partial<Record<GraduateColumn, PlainErrorCode>> = {
  name_ar: "IMPORT_NOT_ARABIC_SCRIPT",
  name_latin: "IMPORT_NOT_LATIN_SCRIPT",
  identifier: "IMPORT_INVALID_IDENTIFIER",
  degree: "IMPORT_UNKNOWN_DEGREE",
  graduation_date: "IMPORT_INVALID_DATE",
  valid_until: "IMPORT_INVALID_DATE",
};

function issueError(row: number, column: GraduateColumn, issue: z.core.$ZodIssue, cell: Cells): CellError {
  if (cell(column) === "") return importError(row, column, "IMPORT_REQUIRED");
  const character = forbiddenCharacter(cell(column));
  if (character !== undefined) return importError(row, column, "IMPORT_INVISIBLE_CHARACTER", character);
  if (
    column === "graduation_date" &&
    CalendarDate.safeParse(cell(column)).success &&
    cell(column) < EARLIEST_GRADUATION_DATE
  ) {
    return importError(row, column, "IMPORT_GRADUATION_TOO_EARLY");
  }
  if (issue.code === "too_big") return importError(row, column, "IMPORT_TOO_LONG", Number(issue.maximum));
  return importError(row, column, FORMAT_CODES[column] ?? "IMPORT_INVALID_VALUE");
}
