import { expect } from "chai";
import { describe, it } from "vitest";
import type { CredentialSubject } from "../../core";
import {
  GRADUATE_COLUMNS,
  parseGraduatesCsv,
  parseGraduatesFile,
  parseGraduatesXlsx,
} from "../../server/certificates/import";
import { IntakePool } from "../../server/certificates/intake";
import { ApiError } from "../../server/http/errors";
import { csvFile, graduateCells, xlsxFile } from "../helpers/graduate-files";
import type { Sheet } from "../helpers/graduate-files";
import { fixtureGraduates } from "../helpers/graduates";
import { BOMB_SHEET, declaringSize, manySheets, numericCellBomb, numericGrid } from "../helpers/hostile-files";

const graduates = fixtureGraduates();
const fixtureSheet = (): Sheet => [[...GRADUATE_COLUMNS], ...graduates.map((graduate) => graduateCells(graduate))];
const codes = (result: { errors: { code: string }[] }) => result.errors.map((error) => error.code);
const MiB = 1024 * 1024;

describe("graduates files built to exhaust the server are refused before they are held", () => {
  it("refuses a zip bomb by the sizes its zip declares, without inflating it", async () => {
    // 200,000 numeric cells: 4.2 MB of sheet in about 12 KB of zip.
    const bomb = await numericCellBomb(200_000);
    const started = performance.now();
    const result = await parseGraduatesXlsx(bomb, { maxUnzippedBytes: MiB });
    expect(codes(result)).to.deep.equal(["IMPORT_FILE_TOO_LARGE"]);
    expect(performance.now() - started, "refused from the central directory alone").to.be.below(500);
    expect(result.errors[0]?.message.ar).to.contain("1");
    for (const language of ["ar", "en", "fr"] as const) expect(result.errors[0]?.message[language]).to.match(/CSV/);
  });

  it("refuses a zip bomb whose declared sizes lie, counting the bytes while inflating", async () => {
    const liar = declaringSize(await numericCellBomb(200_000), BOMB_SHEET, 1000);
    expect(codes(await parseGraduatesXlsx(liar, { maxUnzippedBytes: MiB }))).to.deep.equal(["IMPORT_FILE_TOO_LARGE"]);
  });

  it("refuses a workbook of more sheets than a graduates file has", async () => {
    expect(codes(await parseGraduatesXlsx(await manySheets(fixtureSheet(), 32)))).to.deep.equal([]);
    const result = await parseGraduatesXlsx(await manySheets(fixtureSheet(), 33));
    expect(codes(result)).to.deep.equal(["IMPORT_TOO_MANY_SHEETS"]);
    expect(result.errors[0]?.message.fr).to.contain("32");
  });

  it("stops reading a sheet of many small cells at the cell limit, in XLSX and CSV", async () => {
    // maxRows 10 allows (10 + 1) rows x 11 columns x 2 = 242 cells with a value.
    const grid = await numericGrid(5, 100);
    expect(codes(await parseGraduatesXlsx(grid, { maxRows: 10 }))).to.deep.equal(["IMPORT_TOO_MANY_CELLS"]);
    const wide: Sheet = [[...GRADUATE_COLUMNS], Array.from({ length: 300 }, () => "1")];
    expect(codes(parseGraduatesCsv(csvFile(wide), { maxRows: 10 }))).to.deep.equal(["IMPORT_TOO_MANY_CELLS"]);
    expect(codes(parseGraduatesCsv(csvFile(fixtureSheet()), { maxRows: 10 }))).to.deep.equal([]);
  });

  it("reads a real workbook well within the limits, as a file of either kind", async () => {
    const result = await parseGraduatesFile(await xlsxFile(fixtureSheet()), "graduates.xlsx");
    expect(result.errors).to.deep.equal([]);
    expect(result.rows).to.have.length(graduates.length);
  });

  it("refuses a right-to-left override in an XLSX cell, in plain, rich and formula cells alike", async () => {
    const sheet = fixtureSheet();
    sheet[1]![8] = "\u202E02/5.61";
    const file = await xlsxFile(sheet, (workbook) => {
      const worksheet = workbook.worksheets[0]!;
      worksheet.getCell("B3").value = { richText: [{ text: "Fatima " }, { text: "\u202EAl-Zahra" }] };
      worksheet.getCell("E4").value = { formula: '"x"', result: "هندسة\u202E" };
    });
    const result = await parseGraduatesXlsx(file);
    expect(result.errors.map(({ row, column, code }) => ({ row, column, code }))).to.deep.equal([
      { row: 2, column: "grade", code: "IMPORT_INVISIBLE_CHARACTER" },
      { row: 3, column: "name_latin", code: "IMPORT_INVISIBLE_CHARACTER" },
      { row: 4, column: "programme_ar", code: "IMPORT_INVISIBLE_CHARACTER" },
    ]);
    expect(result.errors.every((error) => error.message.en.includes("U+202E"))).to.equal(true);
  });

  it("refuses with 413 a file that needs more heap than an intake thread may use, and the next thread reads on", async () => {
    // One thread, so that the refusal and the next read are on two threads, each started once.
    const pool = new IntakePool({ threads: 1, heapMb: 64 });
    const rows = (count: number): Sheet => [
      [...GRADUATE_COLUMNS],
      ...Array.from({ length: count }, (_, i) =>
        graduateCells({ ...(graduates[i % graduates.length] as CredentialSubject), identifier: `HEAP-${i}` }),
      ),
    ];
    const read = (count: number) =>
      pool.parseFile(csvFile(rows(count)), "graduates.csv", "text/csv", { maxRows: 50_000, now: new Date() });
    let refusal: unknown;
    await read(50_000).catch((error: unknown) => (refusal = error));
    expect(refusal).to.be.instanceOf(ApiError);
    expect(refusal).to.include({ status: 413, code: "PAYLOAD_TOO_LARGE" });
    expect((await read(10)).rows).to.have.length(10);
    // Two threads start from TypeScript here (ts-node), which takes a while on a busy machine.
  }, 240_000);
});
