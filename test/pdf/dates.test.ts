import { expect } from "chai";
import { describe, it } from "vitest";
import { gregorianDate, hijriDate } from "../../server/pdf/dates";

describe("certificate dates", () => {
  it("writes Gregorian dates with Western digits, Arabic month names as the university's country uses them", () => {
    expect(gregorianDate("2025-06-30", "ar", "JO")).to.equal("30 حزيران 2025م");
    expect(gregorianDate("2025-06-30", "ar", "DZ")).to.equal("30 جوان 2025م");
    expect(gregorianDate("2025-06-30", "ar", "EG")).to.equal("30 يونيو 2025م");
    expect(gregorianDate("2025-06-30", "en")).to.equal("30 June 2025");
    expect(gregorianDate("2025-06-30", "fr")).to.equal("30 juin 2025");
  });

  it("converts to the Umm al-Qura Hijri calendar", () => {
    expect(hijriDate("2025-06-30", "ar")).to.equal("5 محرم 1447 هـ");
    expect(hijriDate("2025-06-30", "en")).to.equal("5 Muharram 1447 AH");
    expect(hijriDate("2025-06-30", "fr")).to.equal("5 mouharram 1447 AH");
    expect(hijriDate("2026-01-12", "en")).to.equal("23 Rajab 1447 AH");
  });

  it("keeps the calendar day whatever the time zone", () => {
    expect(gregorianDate("2025-01-01", "en")).to.equal("1 January 2025");
    expect(gregorianDate("2024-12-31", "en")).to.equal("31 December 2024");
  });
});
