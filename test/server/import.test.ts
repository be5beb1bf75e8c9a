import { expect } from "chai";
import fc from "fast-check";
import { describe, it } from "vitest";
import { CredentialSubject } from "../../core";
import {
  GRADUATE_COLUMNS,
  graduatesCsvTemplate,
  parseGraduatesCsv,
  parseGraduatesFile,
  parseGraduatesXlsx,
} from "../../server/certificates/import";
import type { CellError, ImportOptions } from "../../server/certificates/import";
import { csvFile, csvText, expectWellFormed, graduateCells, xlsxFile } from "../helpers/graduate-files";
import type { Sheet } from "../helpers/graduate-files";
import { fixtureGraduates } from "../helpers/graduates";

const graduates = fixtureGraduates();

const fixtureSheet = (): Sheet => [[...GRADUATE_COLUMNS], ...graduates.map((graduate) => graduateCells(graduate))];

const FORMATS = [
  {
    name: "CSV",
    file: async (sheet: Sheet) => csvFile(sheet),
    parse: async (bytes: Uint8Array, options?: ImportOptions) => parseGraduatesCsv(bytes, options),
  },
  { name: "XLSX", file: xlsxFile, parse: parseGraduatesXlsx },
];

const where = (errors: CellError[]) => errors.map(({ row, column, code }) => ({ row, column, code }));

describe.each(FORMATS)("graduates $name file", ({ file, parse }) => {
  it("reads every fixture graduate, numbering rows as Excel does", async () => {
    const result = await parse(await file(fixtureSheet()));
    expect(result.errors).to.deep.equal([]);
    expect(result.totalRows).to.equal(graduates.length);
    expect(result.rows.map((row) => row.subject)).to.deep.equal(graduates);
    expect(result.rows.map((row) => row.row)).to.deep.equal(graduates.map((_, index) => index + 2));
  });

  it("takes the columns in any order and spelling case, and without the optional ones", async () => {
    const order = [...GRADUATE_COLUMNS.keys()]
      .reverse()
      .filter((index) => !["honours", "valid_until"].includes(GRADUATE_COLUMNS[index]!));
    const sheet = fixtureSheet().map((row, number) =>
      order.map((index) => (number === 0 ? `  ${String(row[index]).toUpperCase()} ` : row[index]!)),
    );
    const result = await parse(await file(sheet));
    expect(result.errors).to.deep.equal([]);
    expect(result.rows.map((row) => row.subject)).to.deep.equal(
      graduates.map(({ honours: _, ...graduate }) => graduate),
    );
  });

  it("reports every bad cell of every row at once, and keeps only the valid rows", async () => {
    const [first, second, third, fourth, fifth] = graduates as [CredentialSubject, ...CredentialSubject[]];
    const sheet: Sheet = [
      [...GRADUATE_COLUMNS],
      graduateCells({ ...first, nameAr: "Ahmad", graduationDate: "2025-02-30" }),
      graduateCells({ ...second!, nameLatin: "فاطمة", degree: "phd" as CredentialSubject["degree"], grade: "" }),
      graduateCells(third!, "2030-06-30"),
      graduateCells(
        { ...fourth!, identifier: "#12", programme: { ...fourth!.programme, fr: "é".repeat(301) } },
        "2020-01-01",
      ),
      graduateCells(fifth!, "30/06/2030"),
    ];
    const result = await parse(await file(sheet));
    expect(where(result.errors)).to.deep.equal([
      { row: 2, column: "name_ar", code: "IMPORT_NOT_ARABIC_SCRIPT" },
      { row: 2, column: "graduation_date", code: "IMPORT_INVALID_DATE" },
      { row: 3, column: "name_latin", code: "IMPORT_NOT_LATIN_SCRIPT" },
      { row: 3, column: "degree", code: "IMPORT_UNKNOWN_DEGREE" },
      { row: 3, column: "grade", code: "IMPORT_REQUIRED" },
      { row: 5, column: "identifier", code: "IMPORT_INVALID_IDENTIFIER" },
      { row: 5, column: "programme_fr", code: "IMPORT_TOO_LONG" },
      { row: 5, column: "valid_until", code: "IMPORT_VALID_UNTIL_BEFORE_GRADUATION" },
      { row: 6, column: "valid_until", code: "IMPORT_INVALID_DATE" },
    ]);
    expect(result.rows.map((row) => row.row)).to.deep.equal([4]);
    expect(result.rows[0]?.validUntil?.toISOString()).to.equal("2030-06-30T00:00:00.000Z");
    expect(result.totalRows).to.equal(5);
    expectWellFormed(result);
    expect(result.errors.find((error) => error.code === "IMPORT_TOO_LONG")?.message.en).to.contain("300");
  });

  it("names a missing required column once, without blaming every row for it", async () => {
    const gradeIndex = GRADUATE_COLUMNS.indexOf("grade");
    const sheet = fixtureSheet().map((row) => row.filter((_, index) => index !== gradeIndex));
    const result = await parse(await file(sheet));
    expect(where(result.errors)).to.deep.equal([{ row: 1, column: "grade", code: "IMPORT_MISSING_COLUMN" }]);
    expect(result.rows).to.deep.equal([]);
  });

  it("refuses every row under an unknown or repeated column, so no data is silently dropped", async () => {
    const sheet = fixtureSheet().map((row, number) => [
      ...row,
      number === 0 ? "Honors" : "with distinction",
      number === 0 ? "grade" : "x",
    ]);
    const result = await parse(await file(sheet));
    expect(where(result.errors)).to.deep.equal([
      { row: 1, column: "Honors", code: "IMPORT_UNKNOWN_COLUMN" },
      { row: 1, column: "grade", code: "IMPORT_DUPLICATE_COLUMN" },
    ]);
    expect(result.rows).to.deep.equal([]);
    expect(result.totalRows).to.equal(graduates.length);
  });

  it("reports every row of an identifier that appears twice", async () => {
    const sheet = fixtureSheet();
    sheet[5]![2] = graduates[1]!.identifier;
    const result = await parse(await file(sheet));
    expect(where(result.errors)).to.deep.equal([
      { row: 3, column: "identifier", code: "IMPORT_DUPLICATE_IDENTIFIER" },
      { row: 6, column: "identifier", code: "IMPORT_DUPLICATE_IDENTIFIER" },
    ]);
    expect(result.errors[0]?.message.en).to.contain("6");
    expect(result.errors[1]?.message.en).to.contain("3");
    expect(result.rows).to.have.length(graduates.length - 2);
  });

  it("lists only a few of the other rows of an identifier repeated many times", async () => {
    const sheet = fixtureSheet();
    for (const row of sheet.slice(1)) row[2] = "2025-00001";
    const result = await parse(await file(sheet));
    expect(result.errors).to.have.length(graduates.length);
    expect(result.errors[0]?.message.en).to.contain("rows 3, 4, 5, 6, 7 and others.");
  });

  it("skips blank rows but keeps the row numbers the registrar sees", async () => {
    const blank = GRADUATE_COLUMNS.map(() => " ");
    const [header, ...rows] = fixtureSheet();
    const result = await parse(await file([blank, header!, rows[0]!, blank, rows[1]!]));
    expect(result.errors).to.deep.equal([]);
    expect(result.rows.map((row) => row.row)).to.deep.equal([3, 5]);
    expect(result.totalRows).to.equal(2);
  });

  it("normalises text to NFC and reads degrees in any case", async () => {
    const sheet = fixtureSheet();
    sheet[1]![0] = "أحمد بن محمد العلي".normalize("NFD").replace("أ", "\u0627\u0654");
    sheet[1]![3] = "Bachelor";
    sheet[1]![6] = "Ge\u0301nie informatique";
    const [row] = (await parse(await file(sheet))).rows;
    expect(row?.subject).to.deep.equal(graduates[0]);
  });

  it("refuses invisible and control characters in any free-text cell, naming the character, as the JSON API does", async () => {
    const sheet = fixtureSheet();
    sheet[1]![0] = "\u200Fأحمد بن محمد العلي"; // a direction mark left by copying from Word
    sheet[2]![8] = "\u202E02/5.61"; // an override that would print as 16.5/20
    sheet[3]![1] = `${String(sheet[3]![1]).replace(" ", "\u200B ")}`;
    const result = await parse(await file(sheet));
    expect(where(result.errors)).to.deep.equal([
      { row: 2, column: "name_ar", code: "IMPORT_INVISIBLE_CHARACTER" },
      { row: 3, column: "grade", code: "IMPORT_INVISIBLE_CHARACTER" },
      { row: 4, column: "name_latin", code: "IMPORT_INVISIBLE_CHARACTER" },
    ]);
    expect(result.errors.map((error) => error.message.en.match(/U\+[0-9A-F]{4}/)?.[0])).to.deep.equal([
      "U+200F",
      "U+202E",
      "U+200B",
    ]);
  });

  it("refuses dates that cannot be issued now: a graduation in the future or before 1900, a validity already over", async () => {
    const now = new Date("2026-07-01T09:00:00Z");
    const [first, second, third] = graduates as [CredentialSubject, CredentialSubject, CredentialSubject];
    const sheet: Sheet = [
      [...GRADUATE_COLUMNS],
      graduateCells({ ...first, graduationDate: "2026-07-02" }),
      graduateCells({ ...second, graduationDate: "1899-06-30" }),
      graduateCells(third, "2026-07-01"),
      graduateCells(graduates[3] as CredentialSubject, "2026-07-02"),
    ];
    const result = await parse(await file(sheet), { now });
    expect(where(result.errors)).to.deep.equal([
      { row: 2, column: "graduation_date", code: "IMPORT_GRADUATION_IN_FUTURE" },
      { row: 3, column: "graduation_date", code: "IMPORT_GRADUATION_TOO_EARLY" },
      { row: 4, column: "valid_until", code: "IMPORT_VALID_UNTIL_PAST" },
    ]);
    expect(result.rows.map((row) => row.row)).to.deep.equal([5]);
  });

  it("reports a file with a header and no graduate as empty", async () => {
    const result = await parse(await file([[...GRADUATE_COLUMNS]]));
    expect(where(result.errors)).to.deep.equal([{ row: 0, column: "", code: "IMPORT_EMPTY_FILE" }]);
  });

  it("refuses more rows than allowed as a whole", async () => {
    const sheet = fixtureSheet();
    expect((await parse(await file(sheet), { maxRows: graduates.length })).errors).to.deep.equal([]);
    const result = await parse(await file(sheet), { maxRows: graduates.length - 1 });
    expect(where(result.errors)).to.deep.equal([{ row: 0, column: "", code: "IMPORT_TOO_MANY_ROWS" }]);
    expect(result.rows).to.deep.equal([]);
    expect(result.errors[0]?.message.fr).to.contain(String(graduates.length - 1));
  });
});

describe("graduates CSV file", () => {
  it("reads a byte order mark, CRLF line ends and semicolons, or tabs, with quoted fields", () => {
    const sheet = fixtureSheet();
    sheet[1]![8] = 'Très bien; "mention", avec félicitations';
    sheet[2]![8] = "Très bien\r\navec félicitations";
    for (const style of [{ delimiter: ";", eol: "\r\n", bom: true }, { delimiter: "\t" }]) {
      const result = parseGraduatesCsv(csvFile(sheet, style));
      // A line break inside a quoted cell is read as part of the cell, and refused there like any control character.
      expect(where(result.errors)).to.deep.equal([{ row: 3, column: "grade", code: "IMPORT_INVISIBLE_CHARACTER" }]);
      expect(result.errors[0]?.message.en).to.contain("U+000D");
      expect(result.rows[0]?.subject.grade).to.equal(sheet[1]![8]);
      expect(result.rows.map((row) => row.row)).to.deep.equal(
        graduates.map((_, index) => index + 2).filter((row) => row !== 3),
      );
    }
  });

  it("reads Excel's UTF-16 'Unicode text' export", () => {
    const text = csvText(fixtureSheet(), { delimiter: "\t", eol: "\r\n" });
    const bytes = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(Uint16Array.from(text, (char) => char.charCodeAt(0)).buffer),
    ]);
    expect(parseGraduatesCsv(bytes).rows).to.have.length(graduates.length);
  });

  it("asks for UTF-8 when the file is in an ANSI code page", () => {
    const windows1256 = new Uint8Array([
      ...new TextEncoder().encode(`${GRADUATE_COLUMNS.join(",")}\n`),
      0xc3,
      0xcd,
      0xe3,
      0xcf,
    ]);
    expect(where(parseGraduatesCsv(windows1256).errors)).to.deep.equal([
      { row: 0, column: "", code: "IMPORT_NOT_UTF8" },
    ]);
  });

  it("points at the row where a quotation mark is never closed", () => {
    const text = `${csvText(fixtureSheet().slice(0, 3))}"${csvText([graduateCells(graduates[3]!)])}`;
    const result = parseGraduatesCsv(new TextEncoder().encode(text));
    expect(where(result.errors)).to.deep.equal([{ row: 4, column: "", code: "IMPORT_MALFORMED_CSV" }]);
  });

  it("stops reading at the row limit instead of parsing the whole file", () => {
    const unreadableTail = '\n"never closed';
    const result = parseGraduatesCsv(new TextEncoder().encode(csvText(fixtureSheet()) + unreadableTail), {
      maxRows: 3,
    });
    expect(where(result.errors)).to.deep.equal([{ row: 0, column: "", code: "IMPORT_TOO_MANY_ROWS" }]);
    expect(result.totalRows).to.equal(4);
  });

  it("parses 10,000 graduates", () => {
    const sheet: Sheet = [[...GRADUATE_COLUMNS]];
    for (let index = 0; index < 10_000; index++) {
      const graduate = graduates[index % graduates.length]!;
      sheet.push(graduateCells({ ...graduate, identifier: `2025-${String(index).padStart(5, "0")}` }));
    }
    const result = parseGraduatesCsv(csvFile(sheet));
    expect(result.errors).to.deep.equal([]);
    expect(result.rows).to.have.length(10_000);
  });

  it("offers a template whose example row is a valid graduate", () => {
    const template = graduatesCsvTemplate();
    expect(template.split("\r\n")[0]).to.equal(`\uFEFF${GRADUATE_COLUMNS.join(",")}`);
    const result = parseGraduatesCsv(new TextEncoder().encode(template));
    expect(result.errors).to.deep.equal([]);
    expect(result.rows).to.have.length(1);
    expect(result.rows[0]?.subject.nameAr).to.match(/\p{Script=Arabic}/u);
  });

  it("treats an invalid row limit as a programming error", () => {
    expect(() => parseGraduatesCsv(csvFile(fixtureSheet()), { maxRows: 0 })).to.throw(RangeError);
  });
});

describe("graduates XLSX file", () => {
  it("reads date cells, numbers, zero-padded numbers, rich text, formulas and hyperlinks as Excel shows them", async () => {
    const [first, second] = graduates as [CredentialSubject, CredentialSubject];
    const sheet: Sheet = [[...GRADUATE_COLUMNS], graduateCells(first), graduateCells(second)];
    const bytes = await xlsxFile(sheet, (workbook) => {
      const rows = workbook.worksheets[0]!;
      rows.getCell("C2").value = 20250001;
      rows.getCell("C3").value = 123;
      rows.getCell("C3").numFmt = "00000000";
      rows.getCell("H2").value = new Date(Date.UTC(2025, 5, 30));
      rows.getCell("K2").value = new Date(Date.UTC(2030, 5, 30));
      rows.getCell("E2").value = { richText: [{ text: "هندسة ", font: { bold: true } }, { text: "الحاسوب" }] };
      rows.getCell("I2").value = { formula: '"3.85"&"/4.00"', result: "3.85/4.00" };
      rows.getCell("I3").value = 16.5;
      rows.getCell("I3").numFmt = "0.00";
      rows.getCell("G2").value = { text: "Génie informatique", hyperlink: "https://example.org" };
    });
    const result = await parseGraduatesXlsx(bytes);
    expect(result.errors).to.deep.equal([]);
    expect(result.rows[0]?.subject).to.deep.equal({ ...first, identifier: "20250001", grade: "3.85/4.00" });
    expect(result.rows[0]?.validUntil?.toISOString()).to.equal("2030-06-30T00:00:00.000Z");
    expect(result.rows[1]?.subject).to.deep.equal({ ...second, identifier: "00000123", grade: "16.50" });
  });

  it("reads only the first worksheet", async () => {
    const bytes = await xlsxFile(fixtureSheet(), (workbook) =>
      workbook.addWorksheet("Notes").addRow(["not a graduate"]),
    );
    expect((await parseGraduatesXlsx(bytes)).rows).to.have.length(graduates.length);
  });

  it("reports damaged workbooks as unreadable", async () => {
    const workbook = await xlsxFile(fixtureSheet());
    const damaged = [
      workbook.slice(0, workbook.length / 2),
      Uint8Array.from(workbook, (byte, index) => (index > 100 ? byte ^ 0x5a : byte)),
    ];
    for (const bytes of damaged) {
      const result = await parseGraduatesXlsx(bytes);
      expect(where(result.errors)).to.deep.equal([{ row: 0, column: "", code: "IMPORT_UNREADABLE_FILE" }]);
    }
  });
});

describe("graduates file of either kind", () => {
  const csv = csvFile(fixtureSheet());

  it("is read by its content first, then by its name or media type", async () => {
    const xlsx = await xlsxFile(fixtureSheet());
    for (const [bytes, name, type] of [
      [xlsx, "graduates.csv", "text/csv"],
      [csv, "graduates", "text/csv; charset=utf-8"],
      [csv, "GRADUATES.CSV", undefined],
      [csv, "graduates.csv", "application/vnd.ms-excel"],
    ] as const) {
      const result = await parseGraduatesFile(bytes, name, type);
      expect(result.rows, name).to.have.length(graduates.length);
    }
  });

  it("refuses what it cannot read with a reason", async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    const cases = [
      [xls, "graduates.xls", "IMPORT_UNSUPPORTED_TYPE"],
      [xls, "graduates.xlsx", "IMPORT_UNSUPPORTED_TYPE"],
      [csv, "graduates.pdf", "IMPORT_UNSUPPORTED_TYPE"],
      [csv, "graduates.xlsx", "IMPORT_UNREADABLE_FILE"],
      [new Uint8Array(), "graduates.csv", "IMPORT_EMPTY_FILE"],
    ] as const;
    for (const [bytes, name, code] of cases) {
      expect(where((await parseGraduatesFile(bytes, name)).errors), name).to.deep.equal([{ row: 0, column: "", code }]);
    }
  });

  it("never throws on arbitrary bytes and always answers in the same shape", async () => {
    const zip = [0x50, 0x4b, 0x03, 0x04];
    const csvLike = fc
      .string({ unit: fc.constantFrom(",", ";", "\t", '"', "\n", "\r", " ", "a", "ب", "1", "-", ...GRADUATE_COLUMNS) })
      .map((text) => new TextEncoder().encode(text));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 512 }),
      fc.uint8Array({ maxLength: 512 }).map((tail) => new Uint8Array([...zip, ...tail])),
      csvLike,
    );
    await fc.assert(
      fc.asyncProperty(
        bytes,
        fc.constantFrom("graduates.csv", "graduates.xlsx", "graduates.bin"),
        async (file, name) => {
          expectWellFormed(await parseGraduatesFile(file, name, undefined, { maxRows: 5 }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
