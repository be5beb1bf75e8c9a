import BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
import { MIGRATIONS } from "./migrations";
import { privateDatabaseFile } from "./private-files";

export type { Database };

/**
 * Opens (creating if needed, readable by the server's user only) the server's SQLite file in WAL mode with full synchronous commits, so
 * a committed state transition survives a crash or a power cut, and applies pending migrations.
 */
export function openDatabase(file: string): Database {
  const db = openPrivateSqlite(file);
  db.pragma("foreign_keys = ON");
  migrate(db);
  return db;
}

/**
 * A SQLite file readable by the server's user only (0600 in a 0700 folder), in WAL mode with full
 * synchronous commits: what is committed survives a crash or a power cut.
 */
export function openPrivateSqlite(file: string): Database {
  if (file !== ":memory:") privateDatabaseFile(file);
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  return db;
}

function migrate(db: Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const applied = new Set(db.prepare("SELECT version FROM schema_migrations").pluck().all() as number[]);
  MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(version, Date.now());
    })();
  });
}
