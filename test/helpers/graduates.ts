import { readFileSync } from "node:fs";
import path from "node:path";
import type { CredentialSubject } from "../../core";

/** The sample graduates of test/fixtures/graduates.tsv as credential subjects. */
export function fixtureGraduates(): CredentialSubject[] {
  const file = path.join(__dirname, "..", "fixtures", "graduates.tsv");
  const [header, ...rows] = readFileSync(file, "utf8").trim().split("\n");
  const columns = (header ?? "").split("\t");
  return rows.map((row, index) => {
    const cell = Object.fromEntries(row.split("\t").map((value, i) => [columns[i], value])) as Record<string, string>;
    return {
      nameAr: cell.name_ar ?? "",
      nameLatin: cell.name_latin ?? "",
      identifier: `2025-${String(index + 1).padStart(5, "0")}`,
      degree: cell.degree as CredentialSubject["degree"],
      programme: { ar: cell.programme_ar ?? "", en: cell.programme_en ?? "", fr: cell.programme_fr ?? "" },
      graduationDate: cell.graduation_date ?? "",
      grade: cell.grade ?? "",
      ...(index % 3 === 0 ? { honours: "مع مرتبة الشرف" } : {}),
    };
  });
}

/** `count` issuance requests for the fixture graduates in turn, with identifiers `<prefix>-<n>` unique to each. */
export function issueRequests(prefix: string, count: number, start = 0): { subject: CredentialSubject }[] {
  const graduates = fixtureGraduates();
  return Array.from({ length: count }, (_, i) => ({
    subject: {
      ...(graduates[(start + i) % graduates.length] as CredentialSubject),
      identifier: `${prefix}-${start + i}`,
    },
  }));
}
