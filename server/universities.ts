import type { ChainReader, IssuerIdentity, LocalizedText, RegisteredMinistry, RegisteredUniversity } from "../core";
import type { Database } from "./db/database";
import { storeOf } from "./store";

/** Adds (or refreshes) a university this server issues for, from its record in the IssuerRegistry. */
function hostUniversity(
  db: Database,
  university: RegisteredUniversity,
  ministry: RegisteredMinistry | undefined,
  now: Date,
): void {
  storeOf(db).universities.upsert(
    {
      id: university.id,
      country: university.country,
      names: university.names,
      operator: university.operator,
      ministry: ministry?.names ?? null,
    },
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
  const row = storeOf(db).universities.ministry(universityId);
  return row?.ar && row.en && row.fr ? { ar: row.ar, en: row.en, fr: row.fr } : undefined;
}

export function issuerIdentity(db: Database, universityId: number): IssuerIdentity {
  const row = storeOf(db).universities.identity(universityId);
  if (!row) throw new Error(`university ${universityId} is not hosted here`);
  return {
    universityId: row.id,
    operator: row.operator,
    country: row.country,
    name: { ar: row.ar, en: row.en, fr: row.fr },
  };
}

export function hostedUniversityIds(db: Database): number[] {
  return storeOf(db).universities.ids();
}
