import { DEGREES, REQUIRED_SUBJECT_FIELDS } from "../../../core";
import type { CredentialSubject } from "../../../core";

/**
 * Where each column's cell goes in the credential subject: the one table that both reading a file and
 * writing the template follow, so a column cannot be read one way and documented another.
 */
const SUBJECT_COLUMNS = {
  name_ar: ["nameAr"],
  name_latin: ["nameLatin"],
  identifier: ["identifier"],
  degree: ["degree"],
  programme_ar: ["programme", "ar"],
  programme_en: ["programme", "en"],
  programme_fr: ["programme", "fr"],
  graduation_date: ["graduationDate"],
  grade: ["grade"],
  honours: ["honours"],
} as const satisfies Record<string, readonly [keyof CredentialSubject, ...string[]]>;

export type SubjectColumn = keyof typeof SUBJECT_COLUMNS;
const SUBJECT_COLUMN_NAMES = Object.keys(SUBJECT_COLUMNS) as SubjectColumn[];
export const VALID_UNTIL = "valid_until";

/** The columns of a graduates file, in the order of the template and the documentation. */
export const GRADUATE_COLUMNS = [...SUBJECT_COLUMN_NAMES, VALID_UNTIL] as const;
export type GraduateColumn = (typeof GRADUATE_COLUMNS)[number];

/** What each column holds, for the documentation of the file (README, OpenAPI, `tasdiq issue --help`). */
export const COLUMN_NOTES: Record<GraduateColumn, string> = {
  name_ar: "the graduate's full name in Arabic",
  name_latin: "the same name in Latin letters, as in the passport",
  identifier: "the university's student number (with degree and programme, what makes a certificate a repeat)",
  degree: `one of ${DEGREES.join(", ")}`,
  programme_ar: "the programme's name in Arabic",
  programme_en: "the programme's name in English",
  programme_fr: "the programme's name in French",
  graduation_date: "YYYY-MM-DD (Excel dates are read too)",
  grade: "as the university writes it, e.g. جيد جدًا or 3.85/4.00",
  honours: "e.g. مع مرتبة الشرف; empty for none",
  valid_until: "YYYY-MM-DD after which the certificate no longer verifies; empty for no end",
};

/** The columns, one a line with what each holds and whether it may be empty. */
export const columnsHelp = (): string =>
  GRADUATE_COLUMNS.map(
    (column) =>
      `  ${column.padEnd(16)}${REQUIRED_COLUMNS.includes(column) ? "required" : "optional"}  ${COLUMN_NOTES[column]}`,
  ).join("\n");

// Optional subject fields (honours) may be left out of the file entirely, like valid_until.
export const REQUIRED_COLUMNS: readonly GraduateColumn[] = SUBJECT_COLUMN_NAMES.filter((column) =>
  REQUIRED_SUBJECT_FIELDS.includes(SUBJECT_COLUMNS[column][0]),
);

const COLUMN_BY_PATH = new Map<string, SubjectColumn>(
  SUBJECT_COLUMN_NAMES.map((column) => [SUBJECT_COLUMNS[column].join("."), column]),
);

export function isGraduateColumn(name: string): name is GraduateColumn {
  return (GRADUATE_COLUMNS as readonly string[]).includes(name);
}

/** The column a schema issue at `path` of the subject is about. */
export function columnOfSubjectPath(path: readonly PropertyKey[]): SubjectColumn {
  const column = COLUMN_BY_PATH.get(path.join("."));
  if (column === undefined) throw new Error(`no column holds credentialSubject.${path.join(".")}`);
  return column;
}

/** A credential subject candidate from the cells of one row; an empty cell gives an absent field. */
export function subjectFromCells(cell: (column: SubjectColumn) => string): Record<string, unknown> {
  const subject: Record<string, unknown> = {};
  for (const column of SUBJECT_COLUMN_NAMES) {
    const path = SUBJECT_COLUMNS[column];
    // Parents exist even when every cell under them is empty, so the schema reports each missing
    // leaf (programme.ar, .en, .fr) under its own column rather than one "programme" no cell holds.
    let parent = subject;
    for (const key of path.slice(0, -1)) parent = (parent[key] ??= {}) as Record<string, unknown>;
    const value = cell(column);
    if (value !== "") parent[path[path.length - 1] as string] = value;
  }
  return subject;
}

/** The cell of `column` for a subject, "" when the field is absent. */
export function cellFromSubject(subject: CredentialSubject, column: SubjectColumn): string {
  let value: unknown = subject;
  for (const key of SUBJECT_COLUMNS[column]) value = (value as Record<string, unknown> | undefined)?.[key];
  return typeof value === "string" ? value : "";
}
