import type { CredentialSubject } from "../../../core";
import { GRADUATE_COLUMNS, VALID_UNTIL, cellFromSubject } from "./columns";

const EXAMPLE_GRADUATE: CredentialSubject = {
  nameAr: "أحمد بن محمد العلي",
  nameLatin: "Ahmad bin Mohammad Al-Ali",
  identifier: "2025-00001",
  degree: "bachelor",
  programme: { ar: "هندسة الحاسوب", en: "Computer Engineering", fr: "Génie informatique" },
  graduationDate: "2025-06-30",
  grade: "جيد جدًا",
  honours: "مع مرتبة الشرف",
};

/**
 * A CSV file to fill in: the column names and one example graduate (valid_until left empty, as it is
 * optional). It starts with a byte order mark because without one Excel opens UTF-8 as the Windows
 * code page and shows the Arabic as gibberish.
 */
export function graduatesCsvTemplate(): string {
  const example = GRADUATE_COLUMNS.map((column) =>
    column === VALID_UNTIL ? "" : cellFromSubject(EXAMPLE_GRADUATE, column),
  );
  return `\uFEFF${GRADUATE_COLUMNS.join(",")}\r\n${example.join(",")}\r\n`;
}
