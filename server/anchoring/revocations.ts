import type { Database } from "../db/database";
import { storeOf } from "../store";
import { encodeRevokeBatch, encodeRevokeMany } from "./calls";

/**
 * Moves revocations whose batch is now anchored into the outbox (revokeMany or revokeBatch), each in
 * the same database transaction as its status change, so none is queued twice or forgotten.
 */
export function queueRevocations(db: Database, now: Date): number {
  const store = storeOf(db);
  const ready = store.revocations.ready();
  const at = now.getTime();
  for (const revocation of ready) {
    const data =
      revocation.scope === "batch"
        ? encodeRevokeBatch(revocation.universityId, revocation.root, revocation.reason)
        : encodeRevokeMany(
            revocation.universityId,
            revocation.root,
            JSON.parse(revocation.leaves) as string[],
            revocation.reason,
          );
    store.transaction(() => {
      store.revocations.markQueued(revocation.id, at);
      store.outbox.queue(revocation.universityId, "revoke", revocation.id, data, at);
    });
  }
  return ready.length;
}
