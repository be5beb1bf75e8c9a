import { Zip, ZipDeflate, unzipSync } from "fflate";
import { xlsxFile } from "./graduate-files";
import type { Sheet } from "./graduate-files";

/** Files built to exhaust an importer: for the importer's limit tests and the reliability benchmark. */

const SHEET = "xl/worksheets/sheet1.xml";
const encoder = new TextEncoder();

/** A real workbook with its first sheet replaced by `sheetXml`'s chunks, deflated as they come (never all in memory). */
async function workbookWithSheet(sheetXml: () => Iterable<string>): Promise<Uint8Array> {
  const parts = unzipSync(await xlsxFile([["name_ar"]]));
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, data] of Object.entries(parts)) {
    const entry = new ZipDeflate(name, { level: 9 });
    zip.add(entry);
    if (name !== SHEET) {
      entry.push(data, true);
      continue;
    }
    for (const text of sheetXml()) entry.push(encoder.encode(text));
    entry.push(new Uint8Array(), true);
  }
  zip.end();
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A zip bomb: one row of numeric cells ("30 million cells in a 1.7 MB file"), `cells` of them,
 * which unzips to about 21 bytes a cell while deflate squeezes it a thousandfold.
 */
export function numericCellBomb(cells: number): Promise<Uint8Array> {
  const PER_CHUNK = 50_000;
  return workbookWithSheet(function* () {
    yield '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">';
    const cell = '<c r="A1"><v>1</v></c>';
    const chunk = cell.repeat(PER_CHUNK);
    for (let done = 0; done < cells; done += PER_CHUNK)
      yield cells - done >= PER_CHUNK ? chunk : cell.repeat(cells - done);
    yield "</row></sheetData></worksheet>";
  });
}

/** A well-formed sheet of `rows` rows of `columns` numeric cells: many cells, each counted, in little space. */
export function numericGrid(rows: number, columns: number): Promise<Uint8Array> {
  const letters = Array.from({ length: columns }, (_, index) => columnName(index + 1));
  return workbookWithSheet(function* () {
    yield '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    for (let row = 1; row <= rows; row++)
      yield `<row r="${row}">${letters.map((letter) => `<c r="${letter}${row}"><v>${row}</v></c>`).join("")}</row>`;
    yield "</sheetData></worksheet>";
  });
}

function columnName(number: number): string {
  let name = "";
  for (let n = number; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** `zip` with the uncompressed size its central directory declares for `name` set to `size`: a lie about how much it holds. */
export function declaringSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  for (let at = bytes.length - 46; at >= 0; at--) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)) === name)
      view.setUint32(at + 24, size, true);
  }
  return bytes;
}

/** A workbook of `count` sheets, the first holding `sheet`. */
export function manySheets(sheet: Sheet, count: number): Promise<Uint8Array> {
  return xlsxFile(sheet, (workbook) => {
    for (let n = 2; n <= count; n++) workbook.addWorksheet(`Sheet ${n}`).addRow(["x"]);
  });
}

export const BOMB_SHEET = SHEET;
