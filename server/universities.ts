import type { ChainReader, IssuerIdentity, LocalizedText, RegisteredMinistry, RegisteredUniversity } from "../core";
import type { Database } from "./db/database";

/** Adds (or refreshes) a university this server issues for, from its record in the IssuerRegistry. */
export function hostUniversity(
  db: Database,
  university: RegisteredUniversity,
  ministry: RegisteredMinistry | undefined,
  now: Date,
): void {
  db.prepare(
    `INSERT INTO universities (id, country, name_ar, name_en, name_fr, operator, ministry_ar, ministry_en, ministry_fr, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET country = excluded.country, name_ar = excluded.name_ar, name_en = excluded.name_en,
       name_fr = excluded.name_fr, operator = excluded.operator, ministry_ar = excluded.ministry_ar,
       ministry_en = excluded.ministry_en, ministry_fr = excluded.ministry_fr`,
  ).run(
    university.id,
    university.country,
    university.names.ar,
    university.names.en,
    university.names.fr,
    university.operator,
    ministry?.names.ar ?? null,
    ministry?.names.en ?? null,
    ministry?.names.fr ?? null,
    now.getTime(),
  );
}

/** Reads university `id` and its ministry from the chain and hosts it here. */
export async function hostUniversityFromChain(db: Database, reader: ChainReader, id: number, now: Date): Promise<void> {
  const university = await reader.university(id);
  if (!university) throw new Error(`university ${id} is not in the IssuerRegistry`);
  hostUniversity(db, university, await reader.ministry(university.country), now);
}

/** The names of the ministry of a hosted university, as recorded when it was hosted. */
export function ministryNames(db: Database, universityId: number): LocalizedText | undefined {
  const row = db
    .prepare("SELECT ministry_ar AS ar, ministry_en AS en, ministry_fr AS fr FROM universities WHERE id = ?")
    .get(universityId) as { ar: string | null; en: string | null; fr: string | null } | undefined;
  return row?.ar && row.en && row.fr ? { ar: row.ar, en: row.en, fr: row.fr } : undefined;
}

export function issuerIdentity(db: Database, universityId: number): IssuerIdentity {
  const row = db
    .prepare("SELECT id, country, name_ar AS ar, name_en AS en, name_fr AS fr, operator FROM universities WHERE id = ?")
    .get(universityId) as
    { id: number; country: string; ar: string; en: string; fr: string; operator: string } | undefined;
  if (!row) throw new Error(`university ${universityId} is not hosted here`);
  return {
    universityId: row.id,
    operator: row.operator,
    country: row.country,
    name: { ar: row.ar, en: row.en, fr: row.fr },
  };
}

export function hostedUniversityIds(db: Database): number[] {
  return db.prepare("SELECT id FROM universities ORDER BY id").pluck().all() as number[];
}
