/** Plain-text report helpers shared by the benchmarks: aligned Markdown tables and number formats. */

export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: "left" | "right";
}

export interface Table {
  title: string;
  columns: Column[];
  rows: string[][];
  /** Lines printed under the table. */
  notes?: string[];
}

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** A gas amount or ratio with thousands separators and at most two decimals: 46568 → "46,568". */
export function formatNumber(value: bigint | number): string {
  return grouped.format(value);
}

export function verdict(passed: boolean): "PASS" | "FAIL" {
  return passed ? "PASS" : "FAIL";
}

/** A table as aligned Markdown, readable in a terminal and pasteable into RESULTS.md. */
export function renderTable({ title, columns, rows, notes = [] }: Table): string {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, 3, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]): string =>
    "| " +
    columns
      .map((column, i) => {
        const cell = cells[i] ?? "";
        const width = widths[i] ?? 0;
        return column.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(" | ") +
    " |";
  const separator = columns.map((column, i) => {
    const dashes = "-".repeat(widths[i] ?? 3);
    return column.align === "right" ? `${dashes.slice(1)}:` : dashes;
  });
  return [
    title,
    "",
    line(columns.map((column) => column.header)),
    line(separator),
    ...rows.map(line),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}
