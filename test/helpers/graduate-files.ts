import { expect } from "chai";
import { Workbook } from "exceljs";
import { CredentialSubject } from "../../core";
import type { ImportResult } from "../../server/certificates/import";

/** Graduates files as a registrar's spreadsheet holds them: for the importer's tests and fuzzing. */
export type Cell = string | number | Date;
export type Sheet = Cell[][];

/** A graduate as the cells of a full row, in GRADUATE_COLUMNS order. */
export function graduateCells(graduate: CredentialSubject, validUntil = ""): string[] {
  const { programme } = graduate;
  return [
    graduate.nameAr,
    graduate.nameLatin,
    graduate.identifier,
    graduate.degree,
    programme.ar,
    programme.en,
    programme.fr,
    graduate.graduationDate,
    graduate.grade,
    graduate.honours ?? "",
    validUntil,
  ];
}

export interface CsvStyle {
  delimiter?: string;
  eol?: string;
  bom?: boolean;
}

export function csvText(sheet: Sheet, { delimiter = ",", eol = "\n", bom = false }: CsvStyle = {}): string {
  const field = (cell: Cell): string => {
    const text = String(cell);
    return /["\r\n,;\t]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return (bom ? "\uFEFF" : "") + sheet.map((row) => row.map(field).join(delimiter)).join(eol) + eol;
}

export const csvFile = (sheet: Sheet, style?: CsvStyle): Uint8Array => new TextEncoder().encode(csvText(sheet, style));

export async function xlsxFile(sheet: Sheet, decorate?: (workbook: Workbook) => void): Promise<Uint8Array> {
  const workbook = new Workbook();
  workbook.addWorksheet("Graduates").addRows(sheet);
  decorate?.(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** What every result must look like, whatever the input. */
export function expectWellFormed(result: ImportResult): void {
  expect(result.totalRows).to.be.a("number").and.at.least(result.rows.length);
  for (const { row, subject, validUntil } of result.rows) {
    expect(row).to.be.at.least(2);
    expect(CredentialSubject.safeParse(subject).success).to.equal(true);
    if (validUntil !== undefined) expect(Number.isNaN(validUntil.getTime())).to.equal(false);
  }
  for (const error of result.errors) {
    expect(Number.isInteger(error.row) && error.row >= 0, JSON.stringify(error)).to.equal(true);
    expect(error.column).to.be.a("string");
    expect(error.code).to.match(/^IMPORT_[A-Z0-9_]+$/);
    for (const language of ["ar", "en", "fr"] as const)
      expect(error.message[language]).to.be.a("string").and.not.equal("");
  }
}
