/**
 * A CSV file (RFC 4180: comma-separated, CRLF line ends, fields quoted when needed) that spreadsheets
 * open with its Arabic intact: the UTF-8 byte order mark is what tells Excel the encoding.
 */
export function csvOf(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(field).join(",")).join("\r\n")}\r\n`;
}

/**
 * A field is quoted when it holds a comma, a quote or a line break. A file name is chosen by whoever
 * sent the file: one starting like a formula is prefixed with an apostrophe so that a spreadsheet
 * shows it rather than runs it (OWASP's advice on CSV injection).
 */
function field(value: string): string {
  const shown = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(shown) ? `"${shown.replaceAll('"', '""')}"` : shown;
}
