import { expect } from "chai";

/** An authorization table: for each row (an endpoint or function) and column (a caller), what happens. */
export type Matrix = Map<string, Map<string, string>>;

export function setCell(matrix: Matrix, row: string, column: string, value: string): void {
  if (!matrix.has(row)) matrix.set(row, new Map());
  matrix.get(row)?.set(column, value);
}

/** The table as text, one line per row: the actual cell, or `expected ≠ actual` where they differ. */
function render(expected: Matrix, actual: Matrix, same: (want: string, got: string) => boolean): string {
  const columns = [...(expected.values().next().value?.keys() ?? [])];
  const lines = [...expected].map(([row, cells]) => [
    row,
    ...columns.map((column) => {
      const want = cells.get(column) ?? "";
      const got = actual.get(row)?.get(column) ?? "";
      return same(want, got) ? got : `${want} ≠ ${got}`;
    }),
  ]);
  const table = [["", ...columns], ...lines];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((line) => (line[i] ?? "").length)));
  return table.map((line) => line.map((cell, i) => cell.padEnd(widths[i]!)).join(" │ ")).join("\n");
}

/** Asserts that every cell is as expected (by `same`), printing the whole table, with any difference marked. */
export function expectMatrix(
  title: string,
  expected: Matrix,
  actual: Matrix,
  same = (want: string, got: string) => want === got,
): void {
  const table = render(expected, actual, same);
  console.log(`\n${title}\n${table}`);
  expect(table.includes("≠"), `${title}: cells marked "expected ≠ actual" differ\n${table}`).to.equal(false);
}
