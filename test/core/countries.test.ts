import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { describe, it } from "vitest";
import { COUNTRIES } from "../../core";

describe("member states", () => {
  it("are exactly the 22 states of the shared fixture, with the same names", () => {
    const file = path.join(__dirname, "..", "fixtures", "countries.tsv");
    const rows = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split("\t"));
    expect(rows).to.have.length(22);
    expect(Object.fromEntries(rows.map(([code, ar, en, fr]) => [code, { ar, en, fr }]))).to.deep.equal(COUNTRIES);
  });
});
