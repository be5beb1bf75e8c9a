import type { Database } from "../db/database";
import { approvalStore } from "./approvals";
import { auditLogStore } from "./audit-log";
import { batchStore } from "./batches";
import { certificateStore } from "./certificates";
import { countStore } from "./counts";
import { derivedCredentialStore } from "./derived-credentials";
import { idempotencyStore } from "./idempotency";
import { intakeStore } from "./intakes";
import { mirrorPushStore } from "./mirror-pushes";
import { outboxStore } from "./outbox";
import { revocationStore } from "./revocations";
import { rotationStore } from "./rotations";
import { signInStore } from "./sign-ins";
import { staffStore } from "./staff";
import { tokenStore } from "./tokens";
import { universityStore } from "./universities";

/**
 * The only code that speaks SQL to the issuance server's database: one typed module per table group,
 * each preparing its statements once per database. Services decide where transactions begin and end
 * (`transaction`); the store never calls back into them.
 */
function createStore(db: Database) {
  return {
    approvals: approvalStore(db),
    auditLog: auditLogStore(db),
    batches: batchStore(db),
    certificates: certificateStore(db),
    counts: countStore(db),
    derivedCredentials: derivedCredentialStore(db),
    idempotency: idempotencyStore(db),
    intakes: intakeStore(db),
    mirrorPushes: mirrorPushStore(db),
    outbox: outboxStore(db),
    revocations: revocationStore(db),
    rotations: rotationStore(db),
    signIns: signInStore(db),
    staff: staffStore(db),
    tokens: tokenStore(db),
    universities: universityStore(db),
    /** Runs `work` in one database transaction (nested calls join the outer one). */
    transaction: <T>(work: () => T): T => db.transaction(work)(),
  };
}

export type Store = ReturnType<typeof createStore>;

const stores = new WeakMap<Database, Store>();

/** The store of a database, made on first use. */
export function storeOf(db: Database): Store {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createStore(db)));
  return store;
}
