import type { Database, Statement } from "better-sqlite3";
import type { DecodedLog, EventName, RegistryEvent } from "./events";

/** Where and when an event was logged, as the tables record it. */
interface Logged {
  at: number;
  block: number;
  tx: string;
  logIndex: number;
}

type Apply<E> = (event: E, logged: Logged) => void;

/**
 * One statement per change an event makes to the registry tables. Closing an interval: the registry
 * ends an interval closed at time t at t + 1 (IssuerRegistry._endOfThisSecond), as the anchors of that
 * second came before the closing transaction; the index keeps both times.
 */
const STATEMENTS = {
  insertMinistry: `INSERT INTO ministries (country, account, name_ar, name_en, name_fr, registered_at, block_number)
    VALUES (@country, @account, @ar, @en, @fr, @at, @block)`,
  closeMinistry: `UPDATE ministries SET removed_at = @at, until_at = @at + 1, removed_block = @block
    WHERE country = @country AND removed_at IS NULL`,
  insertConnection:
    "INSERT INTO registry_connections (certificate_registry, connected_at, block_number) VALUES (@certificateRegistry, @at, @block)",
  insertUniversity: `INSERT INTO universities (id, country, operator, name_ar, name_en, name_fr, accredited_at, block_number, tx_hash)
    VALUES (@id, @country, @operator, @ar, @en, @fr, @at, @block, @tx)`,
  openAccreditation: "INSERT INTO accreditations (university_id, from_at, block_number) VALUES (@id, @at, @block)",
  closeAccreditation: `UPDATE accreditations
    SET suspended_at = @at, until_at = @at + 1, until_block = @block, suspension_reason = @reason, suspension_tx = @tx
    WHERE university_id = @id AND until_at IS NULL`,
  insertUrl: `INSERT INTO university_urls (university_id, url, changed_at, block_number, log_index)
    VALUES (@id, @url, @at, @block, @logIndex)`,
  insertSigner: `INSERT INTO signer_keys (key, university_id, valid_from, valid_until, added_at, block_number)
    VALUES (@key, @id, @validFrom, @validUntil, @at, @block)`,
  insertSignerRevocation: `INSERT INTO signer_revocations (key, university_id, revoked_from, revoked_at, block_number, log_index)
    VALUES (@key, @id, @revokedFrom, @at, @block, @logIndex)`,
  insertTransfer: `INSERT INTO authority_transfers (stage, previous_owner, new_owner, at, block_number, log_index)
    VALUES (@stage, @previousOwner, @newOwner, @at, @block, @logIndex)`,
  insertBatch: `INSERT INTO batches (university_id, root, count, anchored_at, block_number, tx_hash)
    VALUES (@issuer, @root, @count, @at, @block, @tx)`,
  insertRevocation: `INSERT INTO revocations (university_id, root, leaf, reason, revoked_by, revoked_at, block_number, tx_hash)
    VALUES (@issuer, @root, @leaf, @reason, @by, @at, @block, @tx)`,
  insertBatchRevocation: `INSERT INTO batch_revocations (university_id, root, reason, revoked_by, revoked_at, block_number, tx_hash)
    VALUES (@issuer, @root, @reason, @by, @at, @block, @tx)`,
  insertRight: `INSERT INTO anchoring_rights (operator, university_id, allowed, changed_at, block_number, log_index)
    VALUES (@operator, @issuer, @allowed, @at, @block, @logIndex)`,
} as const;

type Run = (params: Record<string, unknown>) => void;

/**
 * Turns decoded events into rows of the registry tables (see schema.ts). Each event is stored once:
 * an event already in `events` (same transaction and log index) is skipped, so indexing a range again
 * after a crash or a rollback changes nothing.
 */
export class Projection {
  private readonly insertEvent: Statement;
  private readonly apply: { [K in EventName]: Apply<Extract<RegistryEvent, { name: K }>> };

  constructor(db: Database) {
    this.insertEvent = db.prepare(
      `INSERT OR IGNORE INTO events (tx_hash, log_index, block_number, registry, name, args)
       VALUES (@tx, @logIndex, @block, @registry, @name, @args)`,
    );
    const run = Object.fromEntries(
      Object.entries(STATEMENTS).map(([name, sql]) => {
        const statement = db.prepare(sql);
        return [name, (params: Record<string, unknown>) => void statement.run(params)];
      }),
    ) as Record<keyof typeof STATEMENTS, Run>;

    this.apply = {
      MinistryRegistered: (e, l) => run.insertMinistry({ ...l, ...e.names, country: e.country, account: e.account }),
      MinistryRemoved: (e, l) => run.closeMinistry({ ...l, country: e.country }),
      CertificateRegistryConnected: (e, l) =>
        run.insertConnection({ ...l, certificateRegistry: e.certificateRegistry }),
      UniversityAccredited: (e, l) => {
        run.insertUniversity({ ...l, ...e.names, id: e.id, country: e.country, operator: e.operator });
        run.openAccreditation({ ...l, id: e.id });
        run.insertUrl({ ...l, id: e.id, url: e.url });
      },
      UniversitySuspended: (e, l) => run.closeAccreditation({ ...l, id: e.id, reason: e.reason }),
      UniversityReinstated: (e, l) => run.openAccreditation({ ...l, id: e.id }),
      UniversityUrlChanged: (e, l) => run.insertUrl({ ...l, id: e.id, url: e.url }),
      SignerAdded: (e, l) => run.insertSigner({ ...l, ...e }),
      SignerRevoked: (e, l) => run.insertSignerRevocation({ ...l, ...e }),
      // Where credentials are mirrored is no fact of issuance: the audit keeps nothing of it.
      MirrorPublished: () => undefined,
      MirrorWithdrawn: () => undefined,
      OwnershipTransferStarted: (e, l) => run.insertTransfer({ ...l, ...e, stage: "started" }),
      OwnershipTransferred: (e, l) => run.insertTransfer({ ...l, ...e, stage: "completed" }),
      Anchored: (e, l) => run.insertBatch({ ...l, ...e }),
      Revoked: (e, l) => run.insertRevocation({ ...l, ...e }),
      BatchRevoked: (e, l) => run.insertBatchRevocation({ ...l, ...e }),
      AnchoringRightChanged: (e, l) => run.insertRight({ ...l, ...e, allowed: e.allowed ? 1 : 0 }),
    };
  }

  /** Stores `log` (logged at time `at`) unless it is already stored; true when it was new. */
  store(log: DecodedLog, at: number): boolean {
    const { name, ...args } = log.event;
    const logged: Logged = { at, block: log.blockNumber, tx: log.transactionHash, logIndex: log.logIndex };
    const inserted = this.insertEvent.run({ ...logged, registry: log.registry, name, args: JSON.stringify(args) });
    if (inserted.changes === 0) return false;
    (this.apply[name] as Apply<RegistryEvent>)(log.event, logged);
    return true;
  }
}
