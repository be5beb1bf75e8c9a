import { mkdirSync } from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
import type { Deployment } from "../../core";
import { AuditError } from "./errors";
import { ROLLBACK, SCHEMA, SCHEMA_VERSION } from "./schema";

export type { Database };

/** A block as the index keeps it. */
export interface BlockRef {
  number: number;
  hash: string;
}

export interface StoredBlock extends BlockRef {
  timestamp: number;
}

/**
 * Opens the audit index. Writable (the indexer): created if needed, WAL so that a dashboard can read
 * while the indexer writes, emptied when built by another schema version (the next sync indexes it
 * again). Read-only (a dashboard in another process): the file must exist and be at the current
 * schema version.
 */
export function openAuditDatabase(file: string, { readonly = false }: { readonly?: boolean } = {}): Database {
  if (readonly) {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    if (db.pragma("user_version", { simple: true }) !== SCHEMA_VERSION) {
      db.close();
      throw new AuditError(
        "AUDIT_STORE_OUTDATED",
        `the audit index ${file} is not at schema version ${SCHEMA_VERSION}: run a sync first, which rebuilds it`,
      );
    }
    return db;
  }
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  // The index can always be rebuilt from the chain, so a commit lost in a power cut costs only a
  // re-read, never a wrong figure: NORMAL is enough and much faster than FULL.
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  createOrRebuild(db);
  return db;
}

/**
 * Creates the tables in a new file, or drops every table of a file built by another schema version
 * (its tables are not the ones this code reads and writes) and creates them again: the
 * file then holds no checkpoint, so the next sync reads the chain from the deployment block. One
 * transaction: a reader never sees half the tables.
 */
function createOrRebuild(db: Database): void {
  if (db.pragma("user_version", { simple: true }) === SCHEMA_VERSION) return;
  db.transaction(() => {
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all();
    for (const table of tables) db.exec(`DROP TABLE "${table}"`);
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/** Checkpoint, block hashes and rollback: the bookkeeping of the index, apart from the registry tables. */
export class IndexStore {
  private readonly statements;

  constructor(readonly db: Database) {
    this.statements = {
      checkpoint: db.prepare<[], { number: number; hash: string }>(
        "SELECT block_number AS number, block_hash AS hash FROM checkpoint WHERE id = 1",
      ),
      setCheckpoint: db.prepare<{ number: number; hash: string }>(
        `INSERT INTO checkpoint (id, block_number, block_hash) VALUES (1, @number, @hash)
         ON CONFLICT (id) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash`,
      ),
      clearCheckpoint: db.prepare("DELETE FROM checkpoint"),
      putBlock: db.prepare<StoredBlock>(
        "INSERT OR REPLACE INTO blocks (number, hash, timestamp) VALUES (@number, @hash, @timestamp)",
      ),
      block: db.prepare<[number], StoredBlock>("SELECT number, hash, timestamp FROM blocks WHERE number = ?"),
      countBelow: db.prepare<[number], number>("SELECT COUNT(*) FROM blocks WHERE number < ?").pluck(),
      nthBelow: db.prepare<[number, number], BlockRef>(
        "SELECT number, hash FROM blocks WHERE number < ? ORDER BY number LIMIT 1 OFFSET ?",
      ),
      rollback: ROLLBACK.map((sql) => db.prepare<{ fork: number }>(sql)),
    };
  }

  /**
   * Binds the store to `deployment` on first use; afterwards refuses any other deployment, so that
   * figures of two chains or two registries never mix in one file.
   */
  bind(deployment: Deployment): void {
    const row = {
      chainId: deployment.chainId,
      issuer: deployment.issuerRegistry.toLowerCase(),
      certificate: deployment.certificateRegistry.toLowerCase(),
    };
    this.db
      .prepare(
        `INSERT OR IGNORE INTO deployment (id, chain_id, issuer_registry, certificate_registry, deployment_block)
         VALUES (1, @chainId, @issuer, @certificate, @block)`,
      )
      .run({ ...row, block: deployment.deploymentBlock });
    const stored = this.db
      .prepare<[], { chainId: number; issuer: string; certificate: string }>(
        "SELECT chain_id AS chainId, issuer_registry AS issuer, certificate_registry AS certificate FROM deployment",
      )
      .get();
    if (stored?.chainId !== row.chainId || stored.issuer !== row.issuer || stored.certificate !== row.certificate) {
      throw new AuditError(
        "AUDIT_OTHER_DEPLOYMENT",
        "this audit index was built for another deployment: use another --db file",
        {
          details: { stored, requested: row },
        },
      );
    }
  }

  checkpoint(): BlockRef | undefined {
    return this.statements.checkpoint.get();
  }

  setCheckpoint(block: BlockRef): void {
    this.statements.setCheckpoint.run(block);
  }

  putBlock(block: StoredBlock): void {
    this.statements.putBlock.run(block);
  }

  block(number: number): StoredBlock | undefined {
    return this.statements.block.get(number);
  }

  /** How many stored blocks lie below `number`, and the `index`-th of them in ascending order. */
  storedBlocksBelow(number: number): { count: number; at(index: number): BlockRef } {
    return {
      count: this.statements.countBelow.get(number) ?? 0,
      at: (index) => {
        const block = this.statements.nthBelow.get(number, index);
        if (!block) throw new Error(`no stored block #${index} below ${number}`);
        return block;
      },
    };
  }

  /**
   * Forgets everything logged after `ancestor` (the last block still on the chain), or everything
   * when there is none, and makes `ancestor` the checkpoint.
   */
  rollBackTo(ancestor: BlockRef | undefined): void {
    this.db.transaction(() => {
      for (const statement of this.statements.rollback) statement.run({ fork: ancestor ? ancestor.number + 1 : 0 });
      if (ancestor) this.setCheckpoint(ancestor);
      else this.statements.clearCheckpoint.run();
    })();
  }
}
