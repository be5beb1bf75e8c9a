import type { Database } from "../db/database";

/** The first answer to each idempotency key of a university (`idempotency_keys`). */
export function idempotencyStore(db: Database) {
  const statements = {
    answer: db.prepare(
      "SELECT request_hash AS requestHash, response FROM idempotency_keys WHERE university_id = ? AND key = ?",
    ),
    record: db.prepare(
      "INSERT INTO idempotency_keys (university_id, key, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?)",
    ),
  };
  return {
    answer: (universityId: number, key: string) =>
      statements.answer.get(universityId, key) as { requestHash: string; response: string } | undefined,
    record(universityId: number, key: string, requestHash: string, responseJson: string, at: number): void {
      statements.record.run(universityId, key, requestHash, responseJson, at);
    },
  };
}
