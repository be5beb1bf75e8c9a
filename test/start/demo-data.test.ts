import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { describe, it } from "vitest";
import graduates from "../../scripts/demo/graduates.json";
import universities from "../../scripts/demo/universities.json";

function fixture(name: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path.join(__dirname, "..", "fixtures", name), "utf8")
    .trim()
    .split("\n");
  const columns = (header ?? "").split("\t");
  return rows.map((row) => Object.fromEntries(row.split("\t").map((value, i) => [columns[i], value])));
}

describe("demo data shipped for npm start", () => {
  it("is the test fixtures' universities and graduates", () => {
    expect(universities).to.deep.equal(fixture("universities.tsv"));
    expect(graduates).to.deep.equal(fixture("graduates.tsv"));
  });
});
