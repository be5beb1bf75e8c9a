import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { describe, it } from "vitest";
import { COLUMN_NOTES, GRADUATE_COLUMNS } from "../../server/certificates/import";
import { REQUIRED_COLUMNS } from "../../server/certificates/import/columns";
import { runCli } from "../helpers/cli";

const need = (column: string) => (REQUIRED_COLUMNS.includes(column as never) ? "required" : "optional");

describe("the graduates file's columns, documented where a registrar looks", () => {
  it("are the README's table, row for row", () => {
    const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const rows = readme
      .split("\n")
      .filter((line) => /^\| `[a-z_]+` \|/.test(line))
      .map((line) => line.split("|").map((cell) => cell.trim()));
    expect(rows.map(([, column, required, notes]) => [column, required, notes])).to.deep.equal(
      GRADUATE_COLUMNS.map((column) => [`\`${column}\``, need(column), COLUMN_NOTES[column]]),
    );
  });

  it("are listed by `tasdiq issue --help`, each with whether it is required", async () => {
    const { code, output } = await runCli(["issue", "--help"]);
    expect(code).to.equal(0);
    for (const column of GRADUATE_COLUMNS)
      expect(output).to.match(new RegExp(`^\\s+${column}\\s+${need(column)}\\s+\\S`, "m"), column);
    expect(output).to.include("/api/certificates/template.csv");
  });
});
