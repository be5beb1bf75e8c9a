import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { CsvError, parse } from "csv-parse/sync";
import { Credential, Hex32, leafOf } from "../../core";
import { AuditError } from "./errors";

/**
 * One certificate a university says it issued, as its export lists it. The format is documented in
 * server/audit/README.md: a CSV file with a `root` column and a `leaf` or `documentHash` column
 * (optionally `id`), or Tasdiq credential JSON files.
 */
export interface ExportedCertificate {
  /** The credential id, when the export gives it; for the reader of the output only. */
  id?: string;
  root: string;
  leaf: string;
  /** Where it stands in the export ("row 12", "credentials/abc.json"), for messages. */
  source: string;
}

const MAX_REPORTED_ERRORS = 10;

/** Reads an export: a .csv file, a .json file (one credential or an array of them), or a folder of .json credentials. */
export function readUniversityExport(file: string): ExportedCertificate[] {
  let stat;
  try {
    stat = statSync(file);
  } catch (cause) {
    throw new AuditError("AUDIT_BAD_EXPORT", `cannot read the export ${file}`, { cause });
  }
  if (stat.isDirectory()) {
    const files = readdirSync(file)
      .filter((name) => name.endsWith(".json"))
      .sort();
    if (files.length === 0) throw new AuditError("AUDIT_BAD_EXPORT", `the folder ${file} holds no .json credential`);
    return files.flatMap((name) =>
      certificatesFromJson(readFileSync(path.join(file, name), "utf8"), path.join(file, name)),
    );
  }
  const text = readFileSync(file, "utf8");
  return file.toLowerCase().endsWith(".json") ? certificatesFromJson(text, file) : certificatesFromCsv(text);
}

const normalise = (value: string): string => value.trim().toLowerCase();

/** The certificates of an export CSV; every bad row is reported (up to ten) before anything is compared. */
export function certificatesFromCsv(text: string): ExportedCertificate[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (cause) {
    if (cause instanceof CsvError)
      throw new AuditError("AUDIT_BAD_EXPORT", `the export is not a readable CSV file: ${cause.message}`, { cause });
    throw cause;
  }
  const columns = new Set(Object.keys(rows[0] ?? {}));
  if (!columns.has("root") || !(columns.has("leaf") || columns.has("documenthash"))) {
    throw new AuditError(
      "AUDIT_BAD_EXPORT",
      "the export needs a header line with a `root` column and a `leaf` or `documentHash` column",
    );
  }
  const errors: string[] = [];
  const certificates = rows.flatMap((row, index) => {
    const source = `row ${index + 2}`;
    const problem = (message: string): [] => {
      errors.push(`${source}: ${message}`);
      return [];
    };
    const root = normalise(row.root ?? "");
    if (!Hex32.safeParse(root).success) return problem("root is not 0x followed by 64 hex digits");
    const documentHash = normalise(row.documenthash ?? "");
    const leaf = normalise(row.leaf ?? "");
    if (documentHash && !Hex32.safeParse(documentHash).success)
      return problem("documentHash is not 0x followed by 64 hex digits");
    if (leaf && !Hex32.safeParse(leaf).success) return problem("leaf is not 0x followed by 64 hex digits");
    if (!leaf && !documentHash) return problem("neither leaf nor documentHash is given");
    const leafOfDocument = documentHash ? leafOf(documentHash as Hex32).toLowerCase() : leaf;
    if (leaf && leaf !== leafOfDocument) return problem("leaf is not the leaf of documentHash");
    return [{ ...(row.id ? { id: row.id } : {}), root, leaf: leafOfDocument, source }];
  });
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_REPORTED_ERRORS).join("; ");
    const more = errors.length > MAX_REPORTED_ERRORS ? ` (and ${errors.length - MAX_REPORTED_ERRORS} more)` : "";
    throw new AuditError("AUDIT_BAD_EXPORT", `the export has bad rows: ${shown}${more}`, { details: { errors } });
  }
  return certificates;
}

/** The certificates of a JSON file holding one Tasdiq credential or an array of them. */
export function certificatesFromJson(text: string, source: string): ExportedCertificate[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AuditError("AUDIT_BAD_EXPORT", `${source} is not JSON`, { cause });
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    const where = Array.isArray(value) ? `${source}[${index}]` : source;
    const parsed = Credential.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AuditError(
        "AUDIT_BAD_EXPORT",
        `${where} is not a Tasdiq credential (${issue?.path.join(".")}: ${issue?.message})`,
      );
    }
    const { id, proof } = parsed.data;
    return { id, root: proof.root.toLowerCase(), leaf: leafOf(proof.documentHash).toLowerCase(), source: where };
  });
}
