import { expect } from "chai";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  CHECK_NAMES,
  Credential,
  VerificationCodeError,
  cachedChainReader,
  createEthersChainReader,
  decodeShortCode,
  decodeVerifierUrl,
  encodeShortCode,
  encodeVerifierUrl,
  verdictOf,
  verifyCredential,
} from "../../core";
import type { CredentialLocator, VerifyOptions } from "../../core";
import { GRADUATE_COLUMNS, parseGraduatesFile } from "../../server/certificates/import";
import { BOMB_SHEET, declaringSize, manySheets, numericCellBomb, numericGrid } from "../helpers/hostile-files";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { csvFile, expectWellFormed, graduateCells, xlsxFile } from "../helpers/graduate-files";
import type { Cell } from "../helpers/graduate-files";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { anyText, nearly, oddJson } from "./arbitraries";
import { printFigures, scaled } from "./settings";

const FILES = scaled(300, 3_000);
const HOSTILE_FILES = scaled(40, 400);
const CODES = scaled(1_000, 5_000);
const CREDENTIALS = scaled(500, 5_000);

describe("bad input: property-based fuzzing of the importer, the code decoders and the credential parser", () => {
  const counts: Record<string, number> = {};
  afterAll(() => printFigures("Bad input: parsers", { ...counts, "exceptions other than the documented ones": 0 }));

  it(
    `reads ${FILES.toLocaleString("en")} generated graduates files (CSV and XLSX) without throwing, every problem a coded cell error`,
    async () => {
      const graduates = fixtureGraduates();
      const goodCells = graduates.map((graduate) => graduateCells(graduate, "2031-07-01"));
      const cell: fc.Arbitrary<Cell> = fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .tuple(fc.nat(), fc.nat())
            .map(([g, c]) => goodCells[g % goodCells.length]![c % GRADUATE_COLUMNS.length]!),
        },
        { weight: 2, arbitrary: anyText },
        {
          weight: 1,
          arbitrary: fc.oneof(
            fc.double(),
            fc.integer(),
            fc.date({ noInvalidDate: true }),
            fc.constantFrom("", " ", "=1+1", "\u200f", "\u202E02/5.61", "٢٠٢٥-٠٦-٣٠"),
          ),
        },
      );
      const header = fc
        .tuple(
          fc.shuffledSubarray([...GRADUATE_COLUMNS], { minLength: 1 }),
          fc.array(fc.oneof(anyText, fc.constantFrom("NAME_AR", " name_latin ", "grade")), { maxLength: 2 }),
        )
        .map(([known, extra]) => [...known, ...extra]);
      const sheet = fc
        .tuple(header, fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 12 }))
        .map(([columns, rows]) => [columns, ...rows]);
      const file = fc.oneof(
        sheet.map((cells) => ({ kind: "csv", make: async () => csvFile(cells) })),
        fc
          .tuple(sheet, fc.constantFrom(";", "\t", ","), fc.constantFrom("\r\n", "\n", "\r"), fc.boolean())
          .map(([cells, delimiter, eol, bom]) => ({
            kind: "csv",
            make: async () => csvFile(cells, { delimiter, eol, bom }),
          })),
        sheet.map((cells) => ({ kind: "xlsx", make: () => xlsxFile(cells) })),
      );
      await fc.assert(
        fc.asyncProperty(
          file,
          fc.constantFrom("graduates.csv", "graduates.xlsx", "export"),
          fc.integer({ min: 1, max: 20 }),
          async ({ make }, name, maxRows) => {
            const result = await parseGraduatesFile(await make(), name, undefined, { maxRows });
            expectWellFormed(result);
            const rows = result.rows.map((row) => row.row);
            expect(rows, "rows in file order, each once").to.deep.equal([...new Set(rows)].sort((a, b) => a - b));
            if (result.errors.length === 0) expect(result.rows.length).to.equal(result.totalRows);
          },
        ),
        { numRuns: FILES },
      );
      counts["graduates files (CSV, XLSX)"] = FILES;
    },
    scaled(120_000, 900_000),
  );

  it(
    `refuses ${HOSTILE_FILES.toLocaleString("en")} generated hostile workbooks (zip bombs, sizes that lie, too many sheets or cells) by their limit, without throwing`,
    async () => {
      const maxUnzippedBytes = 256 * 1024;
      const maxRows = 20;
      // Each maker's file and the one code it must be refused with under the limits above.
      const hostile = fc.oneof(
        fc
          .integer({ min: 13_000, max: 60_000 })
          .map((cells) => ({ code: "IMPORT_FILE_TOO_LARGE", make: () => numericCellBomb(cells) })),
        fc
          .tuple(fc.integer({ min: 13_000, max: 60_000 }), fc.integer({ min: 0, max: 1000 }))
          .map(([cells, declared]) => ({
            code: "IMPORT_FILE_TOO_LARGE",
            make: async () => declaringSize(await numericCellBomb(cells), BOMB_SHEET, declared),
          })),
        fc
          .integer({ min: 33, max: 40 })
          .map((count) => ({ code: "IMPORT_TOO_MANY_SHEETS", make: () => manySheets([[...GRADUATE_COLUMNS]], count) })),
        fc
          .tuple(fc.integer({ min: 3, max: 19 }), fc.integer({ min: 200, max: 300 }))
          .map(([rows, columns]) => ({ code: "IMPORT_TOO_MANY_CELLS", make: () => numericGrid(rows, columns) })),
      );
      await fc.assert(
        fc.asyncProperty(hostile, async ({ code, make }) => {
          const result = await parseGraduatesFile(await make(), "graduates.xlsx", undefined, {
            maxRows,
            maxUnzippedBytes,
          });
          expectWellFormed(result);
          expect(result.errors.map((error) => error.code)).to.deep.equal([code]);
          expect(result.rows).to.deep.equal([]);
        }),
        { numRuns: HOSTILE_FILES },
      );
      counts["hostile workbooks (bombs, lying sizes, sheets, cells)"] = HOSTILE_FILES;
    },
    scaled(120_000, 900_000),
  );

  const locator = fc.record({
    chainId: fc.integer({ min: 1, max: 2 ** 40 }),
    universityId: fc.integer({ min: 1, max: 0xffffffff }),
    credentialId: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.from(b).toString("hex")),
    secret: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  });
  /** `text` with up to three characters inserted, deleted or replaced. */
  const damaged = (text: fc.Arbitrary<string>) =>
    fc
      .tuple(
        text,
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.constantFrom("insert", "delete", "replace"),
            fc.string({ minLength: 1, maxLength: 1, unit: "binary" }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      )
      .map(([value, edits]) =>
        edits.reduce((s, [at, kind, char]) => {
          const i = at % (s.length + 1);
          return kind === "insert"
            ? s.slice(0, i) + char + s.slice(i)
            : s.slice(0, i) + (kind === "replace" ? char : "") + s.slice(i + 1);
        }, value),
      );
  /** A decoder's answer is a well-formed locator, or a VerificationCodeError with a code: nothing else. */
  function expectLocatorOrCodeError(decode: () => CredentialLocator): void {
    let decoded: CredentialLocator;
    try {
      decoded = decode();
    } catch (error) {
      expect(error).to.be.instanceOf(VerificationCodeError);
      expect((error as VerificationCodeError).code).to.match(/^CODE_[A-Z_]+$/);
      return;
    }
    expect(decoded.universityId).to.satisfy((id: number) => Number.isSafeInteger(id) && id >= 1 && id <= 0xffffffff);
    expect(decoded.credentialId).to.match(/^[0-9a-f]{16}$/);
    expect(decoded.secret.length).to.equal(16);
    if (decoded.chainId !== undefined)
      expect(decoded.chainId).to.satisfy((id: number) => Number.isSafeInteger(id) && id >= 1);
  }

  it(`decodes ${(2 * CODES).toLocaleString("en")} generated QR links and typed codes to a locator or a coded error only`, () => {
    const links = fc.oneof(
      anyText,
      damaged(locator.map((l) => encodeVerifierUrl("https://verify.example", l))),
      anyText.map((text) => `https://verify.example/v#${text}`),
    );
    const codes = fc.oneof(
      anyText,
      damaged(locator.map((l) => encodeShortCode(l))),
      damaged(locator.map((l) => encodeShortCode(l).toLowerCase().replace(/-/g, " "))),
    );
    fc.assert(
      fc.property(links, (link) => expectLocatorOrCodeError(() => decodeVerifierUrl(link))),
      { numRuns: CODES },
    );
    fc.assert(
      fc.property(codes, (code) => expectLocatorOrCodeError(() => decodeShortCode(code))),
      { numRuns: CODES },
    );
    counts["QR links and typed codes"] = 2 * CODES;
  });

  describe("credential parser", () => {
    let chain: TestChain;
    let options: VerifyOptions;
    let credential: Credential;

    beforeAll(async () => {
      chain = await startTestChain();
      const university = await accreditUniversity(chain);
      [credential] = (await issueBatch(chain, university, fixtureGraduates().slice(0, 4))).credentials as [Credential];
      const reader = cachedChainReader(createEthersChainReader(chain.provider, chain.deployment), 600_000);
      options = chain.verifyOptions({ chainReader: () => reader });
    });
    afterAll(async () => chain?.stop());

    it(
      `verifies ${CREDENTIALS.toLocaleString("en")} arbitrary and nearly valid documents without throwing, VALID only for the credential itself`,
      async () => {
        const documents = fc.oneof({ weight: 3, arbitrary: nearly(credential) }, { weight: 1, arbitrary: oddJson });
        await fc.assert(
          fc.asyncProperty(documents, async (document) => {
            const fragments = await verifyCredential(document, options);
            expect(fragments.map((f) => f.name)).to.deep.equal([...CHECK_NAMES]);
            for (const f of fragments) expect(f.reason.code, f.name).to.be.a("string");
            const parsed = Credential.safeParse(document);
            if (verdictOf(fragments) === "VALID")
              expect(parsed.success && parsed.data, "only the unchanged credential is VALID").to.deep.equal(credential);
            if (!parsed.success) expect(fragments[0]).to.include({ name: "FORMAT", status: "INVALID" });
          }),
          { numRuns: CREDENTIALS },
        );
        counts["credential documents (arbitrary and nearly valid)"] = CREDENTIALS;
      },
      scaled(120_000, 900_000),
    );
  });
});
