import type { Database } from "../db/database";

/** Failed sign-ins of the last window, per subject (`account:<email>` or `address:<ip>`). */
export function signInStore(db: Database) {
  const statements = {
    nthLatestSince: db
      .prepare("SELECT at FROM sign_in_failures WHERE subject = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?")
      .pluck(),
    forgetUntil: db.prepare("DELETE FROM sign_in_failures WHERE at <= ?"),
    record: db.prepare("INSERT INTO sign_in_failures (subject, at) VALUES (?, ?)"),
    clear: db.prepare("DELETE FROM sign_in_failures WHERE subject = ? OR rowid = ?"),
  };

  return {
    /** When the subject's `n`th latest failure after `since` happened (n from 1); undefined when it has fewer. */
    nthLatestSince: (subject: string, since: number, n: number) =>
      statements.nthLatestSince.get(subject, since, n - 1) as number | undefined,
    forgetUntil(at: number): void {
      statements.forgetUntil.run(at);
    },
    /** Counts a failure; returns its row, to take it back. */
    record: (subject: string, at: number): number | bigint => statements.record.run(subject, at).lastInsertRowid,
    /** Takes back every failure of `subject` and the one failure `row`. */
    clear(subject: string, row: number | bigint): void {
      statements.clear.run(subject, row);
    },
  };
}
