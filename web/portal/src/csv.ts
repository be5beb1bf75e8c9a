/**
 * Splits CSV text into rows of cells (RFC 4180: quoted cells may hold commas, quotes doubled, line
 * breaks). Only for the preview: the server parses the file again and is the one that decides.
 */
export function parseCsv(text: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const source = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < source.length && rows.length < maxRows; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === "," || char === ";" || char === "\t") {
      row.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i++;
      row.push(cell);
      if (row.some((value) => value !== "")) rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  row.push(cell);
  if (rows.length < maxRows && row.some((value) => value !== "")) rows.push(row);
  return rows;
}

/** Counts the non-blank lines after the header, to say how many rows the preview leaves out. */
export const dataRowCount = (text: string): number =>
  text.split(/\r?\n/).filter((line) => line.trim() !== "").length - 1;
