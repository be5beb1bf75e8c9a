import type { Database } from "better-sqlite3";
import type { Interval, LocalizedText } from "../../core";
import { IN_SCOPE, filterParams } from "./scope";
import type { AuditFilter } from "./scope";

/**
 * Who may issue, as the index rebuilt it from the IssuerRegistry's events: ministries, universities
 * with their accreditation history, signer keys, the ALECSO authority, the rights to anchor. Read-only
 * queries like those of queries.ts; the period of a filter does not apply to them (histories are
 * whole).
 */

/** A registration of a ministry: [from, until) as the registry keeps it, and when it was removed (0: not). */
export interface MinistryTerm extends Interval {
  country: string;
  account: string;
  names: LocalizedText;
  removedAt: number;
}

/**
 * An accreditation interval [from, until) as the registry keeps it: a suspension at time t ends it at
 * t + 1 (the anchors of that second came before the suspension).
 */
export interface AccreditationInterval extends Interval {
  /** Why the interval was closed, when a suspension closed it. */
  suspensionReason?: string;
}

export interface AuditedUniversity {
  id: number;
  country: string;
  operator: string;
  names: LocalizedText;
  /** The current URL of its issuance server. */
  url: string;
  /**
   * `accredited`: its last interval is open and its country has a ministry (what the registry's
   * `university(id).accredited` says); `suspended`: its last interval is closed; `no-ministry`: open
   * interval, but its country's ministry was removed, so it cannot anchor.
   */
  state: "accredited" | "suspended" | "no-ministry";
  accreditation: AccreditationInterval[];
}

export interface SignerKeyRecord {
  key: string;
  universityId: number;
  country: string;
  addedAt: number;
  /** The key's window [validFrom, validUntil), shortened by its revocations; validUntil 0 = no end. */
  validFrom: number;
  validUntil: number;
  /** When the last revocation of the key was made, 0 if never. */
  revokedAt: number;
}

const names = (row: { name_ar: string; name_en: string; name_fr: string }): LocalizedText => ({
  ar: row.name_ar,
  en: row.name_en,
  fr: row.name_fr,
});

/** The registration history of the ministries in scope, oldest first. */
export function ministries(db: Database, { scope }: Pick<AuditFilter, "scope">): MinistryTerm[] {
  const rows = db
    .prepare<
      Record<string, unknown>,
      {
        country: string;
        account: string;
        name_ar: string;
        name_en: string;
        name_fr: string;
        registered_at: number;
        removed_at: number | null;
        until_at: number | null;
      }
    >(
      `SELECT country, account, name_ar, name_en, name_fr, registered_at, removed_at, until_at FROM ministries
       WHERE @country IS NULL OR country = @country ORDER BY country, id`,
    )
    .all(filterParams({ scope }));
  return rows.map((row) => ({
    country: row.country,
    account: row.account,
    names: names(row),
    from: row.registered_at,
    until: row.until_at ?? 0,
    removedAt: row.removed_at ?? 0,
  }));
}

/** Universities in scope with their whole accreditation history and current state (period ignored). */
export function universities(db: Database, filter: AuditFilter): AuditedUniversity[] {
  const params = filterParams(filter);
  const rows = db
    .prepare<
      Record<string, unknown>,
      {
        id: number;
        country: string;
        operator: string;
        name_ar: string;
        name_en: string;
        name_fr: string;
        url: string;
        has_ministry: number;
      }
    >(
      `SELECT u.id, u.country, u.operator, u.name_ar, u.name_en, u.name_fr,
         (SELECT url FROM university_urls WHERE university_id = u.id ORDER BY block_number DESC, log_index DESC LIMIT 1) AS url,
         EXISTS (SELECT 1 FROM ministries m WHERE m.country = u.country AND m.removed_at IS NULL) AS has_ministry
       FROM universities u WHERE ${IN_SCOPE} ORDER BY u.id`,
    )
    .all(params);
  const intervals = db
    .prepare<
      Record<string, unknown>,
      { university_id: number; from_at: number; until_at: number | null; suspension_reason: string | null }
    >(
      `SELECT a.university_id, a.from_at, a.until_at, a.suspension_reason
       FROM accreditations a JOIN universities u ON u.id = a.university_id WHERE ${IN_SCOPE} ORDER BY a.university_id, a.rowid`,
    )
    .all(params);
  return rows.map((row) => {
    const accreditation = intervals
      .filter((interval) => interval.university_id === row.id)
      .map(({ from_at, until_at, suspension_reason }) => ({
        from: from_at,
        until: until_at ?? 0,
        ...(suspension_reason === null ? {} : { suspensionReason: suspension_reason }),
      }));
    const open = accreditation.at(-1)?.until === 0;
    const state = !open ? "suspended" : row.has_ministry ? "accredited" : "no-ministry";
    return {
      id: row.id,
      country: row.country,
      operator: row.operator,
      names: names(row),
      url: row.url,
      state,
      accreditation,
    };
  });
}

/** Signer keys of the universities in scope, in the order they were added (period ignored). */
export function signerKeys(db: Database, filter: AuditFilter): SignerKeyRecord[] {
  return db
    .prepare<Record<string, unknown>, SignerKeyRecord>(
      `SELECT k.key, k.university_id AS universityId, u.country, k.added_at AS addedAt, k.valid_from AS validFrom,
         COALESCE(last.revoked_from, k.valid_until) AS validUntil, COALESCE(last.revoked_at, 0) AS revokedAt
       FROM signer_keys k JOIN universities u ON u.id = k.university_id
       LEFT JOIN signer_revocations last ON last.rowid = (
         SELECT r.rowid FROM signer_revocations r WHERE r.key = k.key ORDER BY r.block_number DESC, r.log_index DESC LIMIT 1)
       WHERE ${IN_SCOPE} ORDER BY k.university_id, k.block_number, k.rowid`,
    )
    .all(filterParams(filter));
}

export interface AuthorityState {
  /** The ALECSO authority (owner of the IssuerRegistry), and the account a handover waits on, if any. */
  owner: string | undefined;
  pendingOwner: string | undefined;
}

/** Who holds the ALECSO authority, from the registry's ownership events. */
export function authority(db: Database): AuthorityState {
  const transfers = db
    .prepare<[], { stage: "started" | "completed"; newOwner: string }>(
      "SELECT stage, new_owner AS newOwner FROM authority_transfers ORDER BY block_number, log_index",
    )
    .all();
  const state: AuthorityState = { owner: undefined, pendingOwner: undefined };
  for (const { stage, newOwner } of transfers) {
    // Ownable2Step clears the pending owner when a handover completes.
    if (stage === "completed") Object.assign(state, { owner: newOwner, pendingOwner: undefined });
    else state.pendingOwner = newOwner;
  }
  return state;
}

export interface AnchoringRight {
  operator: string;
  universityId: number;
  allowed: boolean;
  changedAt: number;
}

/**
 * The right to anchor of each operator in scope as the CertificateRegistry last recorded it; it
 * should agree with the university's state (a mismatch would be a bug in the registries).
 */
export function anchoringRights(db: Database, filter: AuditFilter): AnchoringRight[] {
  const rows = db
    .prepare<Record<string, unknown>, Omit<AnchoringRight, "allowed"> & { allowed: number }>(
      `SELECT r.operator, r.university_id AS universityId, r.allowed, r.changed_at AS changedAt
       FROM anchoring_rights r JOIN universities u ON u.id = r.university_id
       WHERE ${IN_SCOPE} AND r.rowid = (
         SELECT l.rowid FROM anchoring_rights l WHERE l.operator = r.operator ORDER BY l.block_number DESC, l.log_index DESC LIMIT 1)
       ORDER BY r.university_id`,
    )
    .all(filterParams(filter));
  return rows.map((row) => ({ ...row, allowed: row.allowed === 1 }));
}
