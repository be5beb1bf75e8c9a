import type { IssuerIdentity, RegisteredUniversity } from "../core";
import type { Database } from "./db/database";

/** Adds (or refreshes) a university this server issues for, from its record in the IssuerRegistry. */
export function hostUniversity(db: Database, university: RegisteredUniversity, now: Date): void {
  db.prepare(
    `INSERT INTO universities (id, country, name_ar, name_en, name_fr, operator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET country = excluded.country, name_ar = excluded.name_ar, name_en = excluded.name_en,
       name_fr = excluded.name_fr, operator = excluded.operator`,
  ).run(university.id, university.country, university.names.ar, university.names.en, university.names.fr, university.operator, now.getTime());
}

export function issuerIdentity(db: Database, universityId: number): IssuerIdentity {
  const row = db
    .prepare("SELECT id, country, name_ar AS ar, name_en AS en, name_fr AS fr, operator FROM universities WHERE id = ?")
    .get(universityId) as { id: number; country: string; ar: string; en: string; fr: string; operator: string } | undefined;
  if (!row) throw new Error(`university ${universityId} is not hosted here`);
  return { universityId: row.id, operator: row.operator, country: row.country, name: { ar: row.ar, en: row.en, fr: row.fr } };
}

export function hostedUniversityIds(db: Database): number[] {
  return db.prepare("SELECT id FROM universities ORDER BY id").pluck().all() as number[];
}
