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

/**
 * Graduates as registrars write them: grades in Arabic-Indic digits, honours with tanween written
 * after the alef or on the letter, programmes that mix Arabic and Latin, hyphenated names, vowelled
 * names; NFC, as credentials hold them.
 */
export function graduatesAsRegistrarsWriteThem(): CredentialSubject[] {
  const graduates: CredentialSubject[] = [
    {
      nameAr: "مصطفى ٢٠٢٥ (دفعة)",
      nameLatin: "Moustafa Ben Abderrahmane",
      identifier: "EE-2025-0192",
      degree: "bachelor",
      programme: {
        ar: "الهندسة الكهربائية",
        en: "Electrical Engineering",
        fr: "Génie électrique — الهندسة الكهربائية",
      },
      graduationDate: "2025-06-30",
      grade: "٣٫٩٢ من ٤٫٠٠",
      honours: "جيد جداً",
    },
    {
      nameAr: "سلمى الأنصاري-الإدريسي",
      nameLatin: "Salma El Ansari-Idrissi",
      identifier: "MBA-2026-0007",
      degree: "master",
      programme: {
        ar: "إدارة الأعمال (MBA)",
        en: "Business Administration (MBA)",
        fr: "Administration des affaires (MBA)",
      },
      graduationDate: "2026-02-14",
      grade: "١٦٫٥ / ٢٠",
      honours: "ممتاز مع مرتبة الشرف",
    },
    {
      nameAr: "لَيْلى عبد الرَّحْمٰن",
      nameLatin: "Layla Abdul-Rahman",
      identifier: "BC-2026-0031",
      degree: "doctorate",
      programme: { ar: "الكيمياء الحيوية", en: "Biochemistry", fr: "Biochimie" },
      graduationDate: "2026-01-12",
      grade: "مشرف جدًا",
      honours: "حسنٌ جداً",
    },
  ];
  return graduates.map((subject) => JSON.parse(JSON.stringify(subject).normalize("NFC")) as CredentialSubject);
}
