import type { Database } from "../db/database";

/**
 * Issuance requests being written (`intakes`). A large request is written in slices, one
 * transaction each, so the event loop answers between them; while its intake is open its
 * certificates are neither sealed nor listed, and an intake left open by a server that stopped
 * is discarded with its certificates, as if the request had never arrived (it got no answer).
 */
export function intakeStore(db: Database) {
  const statements = {
    open: db.prepare("INSERT INTO intakes (university_id, created_at) VALUES (?, ?)"),
    isOpen: db.prepare("SELECT 1 FROM intakes WHERE university_id = ? LIMIT 1").pluck(),
    close: db.prepare("DELETE FROM intakes WHERE id = ?"),
    discardCertificates: db.prepare("DELETE FROM certificates WHERE intake_id = ?"),
    all: db.prepare("SELECT id FROM intakes").pluck(),
  };
  const discard = (id: number): void => {
    statements.discardCertificates.run(id);
    statements.close.run(id);
  };
  return {
    /** Opens an intake for the university; its id tags the certificates written under it. */
    open: (universityId: number, at: number): number => Number(statements.open.run(universityId, at).lastInsertRowid),
    isOpen: (universityId: number): boolean => statements.isOpen.get(universityId) !== undefined,
    /** Makes the intake's certificates ordinary ones: sealed, listed, anchored. */
    close(id: number): void {
      statements.close.run(id);
    },
    /** Deletes the intake and every certificate written under it. */
    discard,
    /** Discards every open intake: only for a server starting, when none can still be being written. */
    discardAll(): number {
      const ids = statements.all.all() as number[];
      ids.forEach(discard);
      return ids.length;
    },
  };
}
