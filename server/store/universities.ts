import type { Database } from "../db/database";

/** A university this server issues for, with its ministry's names, as the IssuerRegistry held them. */
export interface HostedUniversity {
  id: number;
  country: string;
  names: { ar: string; en: string; fr: string };
  operator: string;
  ministry: { ar: string; en: string; fr: string } | null;
}

/** The universities hosted here (`universities`). */
export function universityStore(db: Database) {
  const statements = {
    upsert: db.prepare(
      `INSERT INTO universities (id, country, name_ar, name_en, name_fr, operator, ministry_ar, ministry_en, ministry_fr, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET country = excluded.country, name_ar = excluded.name_ar, name_en = excluded.name_en,
         name_fr = excluded.name_fr, operator = excluded.operator, ministry_ar = excluded.ministry_ar,
         ministry_en = excluded.ministry_en, ministry_fr = excluded.ministry_fr`,
    ),
    ministry: db.prepare(
      "SELECT ministry_ar AS ar, ministry_en AS en, ministry_fr AS fr FROM universities WHERE id = ?",
    ),
    identity: db.prepare(
      "SELECT id, country, name_ar AS ar, name_en AS en, name_fr AS fr, operator FROM universities WHERE id = ?",
    ),
    ids: db.prepare("SELECT id FROM universities ORDER BY id").pluck(),
  };

  return {
    /** Adds the university, or refreshes its record (keeping when it was first hosted). */
    upsert(u: HostedUniversity, at: number): void {
      statements.upsert.run(
        u.id,
        u.country,
        u.names.ar,
        u.names.en,
        u.names.fr,
        u.operator,
        u.ministry?.ar ?? null,
        u.ministry?.en ?? null,
        u.ministry?.fr ?? null,
        at,
      );
    },
    ministry: (id: number) =>
      statements.ministry.get(id) as { ar: string | null; en: string | null; fr: string | null } | undefined,
    identity: (id: number) =>
      statements.identity.get(id) as
        { id: number; country: string; ar: string; en: string; fr: string; operator: string } | undefined,
    ids: () => statements.ids.all() as number[],
  };
}
