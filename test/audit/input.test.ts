import { expect } from "chai";
import { describe, it } from "vitest";
import { AuditError, parsePeriod, parseScope } from "../../server/audit";
import { csvCell } from "../../server/audit/figures-csv";

describe("audit input and output", () => {
  it("takes a country code in any case, or all, and names the valid codes otherwise", () => {
    expect([parseScope("jo"), parseScope("TN"), parseScope("ALL"), parseScope(undefined)]).to.deep.equal([
      "JO",
      "TN",
      "all",
      "all",
    ]);
    expect(() => parseScope("FR")).to.throw(AuditError, /unknown country "FR".*\(DZ, BH, .*YE\)/);
  });

  it("reads a period as whole UTC days, both ends included", () => {
    expect(parsePeriod({ from: "2026-01-01", to: "2026-12-31" })).to.deep.equal({
      from: Date.UTC(2026, 0, 1) / 1000,
      to: Date.UTC(2027, 0, 1) / 1000,
    });
    expect(
      parsePeriod({ from: "2026-02-28", to: "2026-02-28" }).to - parsePeriod({ from: "2026-02-28" }).from,
    ).to.equal(86_400);
    expect(() => parsePeriod({ from: "2026-02-29" })).to.throw(AuditError, /not a date/);
    expect(() => parsePeriod({ to: "31/12/2026" })).to.throw(AuditError, /--to "31\/12\/2026" is not a date/);
    expect(() => parsePeriod({ from: "2026-03-01", to: "2026-02-01" })).to.throw(AuditError, /before --from/);
  });

  it("writes CSV cells that a spreadsheet neither splits nor runs", () => {
    expect(csvCell("Fraud, see letter")).to.equal('"Fraud, see letter"');
    expect(csvCell('the "second" inquiry')).to.equal('"the ""second"" inquiry"');
    expect(csvCell('=HYPERLINK("http://x")')).to.equal('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("-1+2")).to.equal("'-1+2");
    expect(csvCell(-3)).to.equal("-3");
  });
});
