import type { JsonRpcProvider } from "ethers";
import type { Deployment } from "../../core";
import type { Database } from "../db/database";
import type { KeyRing } from "../keys/keyring";
import type { KeystoreSettings } from "../keys/keystore";
import { advanceSignerRotations } from "../keys/rotation";
import type { Logger } from "../logger";
import { hostedUniversityIds } from "../universities";
import {
  batchesToSign,
  sealPendingCertificates,
  shouldSeal,
  signAndQueueBatch,
  signedBatchesNotSent,
} from "./batching";
import { failBatch } from "./failures";
import type { BatchFailure } from "./failures";
import { Outbox } from "./outbox";
import { queueRevocations } from "./revocations";
import { RepeatingTask } from "../repeating-task";
import { issuingBlocker } from "./standing";

export interface WorkerSettings {
  batchSize: number;
  batchMaxAgeMs: number;
  confirmations: number;
  pollIntervalMs: number;
  approvalThreshold: number | null;
  /** Send transactions with zero fees (permissioned networks with free gas). */
  freeGas?: boolean;
}

export interface WorkerDeps {
  db: Database;
  provider: JsonRpcProvider;
  deployment: Deployment;
  keys: KeyRing;
  /** Where signer key rotations find the new keys they switch to. */
  keystore: KeystoreSettings;
  logger: Logger;
  clock: () => Date;
  settings: WorkerSettings;
}

const MAX_IDLE_BACKOFF_MS = 30_000;

/**
 * Drives certificates through `pending → batched → signed → submitted → confirmed`, and signer key
 * rotations through theirs (`keys/rotation.ts`). Every step reads its input from the database and
 * commits its result before the next begins, so the worker can be killed at any instant and resumes
 * from what it finds when it starts again.
 */
export class AnchoringWorker {
  private readonly outbox: Outbox;
  private failures = 0;
  private readonly task = new RepeatingTask(
    () =>
      this.tick().then(
        () => {
          this.failures = 0;
        },
        (error: unknown) => {
          this.failures += 1;
          this.deps.logger.warn(
            { reason: (error as Error).message.slice(0, 300), failures: this.failures },
            "anchoring pass failed; retrying",
          );
        },
      ),
    // After failures (a node down), the pause doubles up to a limit.
    () =>
      this.failures > 0
        ? Math.min(MAX_IDLE_BACKOFF_MS, this.deps.settings.pollIntervalMs * 2 ** Math.min(this.failures, 8))
        : this.deps.settings.pollIntervalMs,
  );

  constructor(private readonly deps: WorkerDeps) {
    this.outbox = new Outbox(
      deps.db,
      deps.provider,
      deps.deployment,
      deps.keys,
      deps.settings.confirmations,
      deps.logger,
      deps.clock,
      deps.settings.freeGas,
    );
  }

  /** One pass over every step; the steps that need the chain throw when it cannot be reached. */
  async tick(): Promise<void> {
    const { db, clock, settings } = this.deps;
    for (const universityId of hostedUniversityIds(db)) {
      if (shouldSeal(db, universityId, settings.batchSize, settings.batchMaxAgeMs, clock())) {
        await sealPendingCertificates(db, universityId, settings, clock());
      }
    }
    // Before signing: a batch signed in this pass uses the key a rotation has just switched to.
    await advanceSignerRotations(db, this.deps.keys, this.deps.keystore, clock());
    // Read once per university and key in a pass: many batches of one university share the answer.
    const blockers = new Map<string, ReturnType<typeof issuingBlocker>>();
    const blockerOf = (universityId: number, signer: string) => {
      const key = `${universityId}:${signer}`;
      if (!blockers.has(key))
        blockers.set(key, issuingBlocker(this.deps.provider, this.deps.deployment, universityId, signer));
      return blockers.get(key) as ReturnType<typeof issuingBlocker>;
    };
    for (const batch of batchesToSign(db)) {
      const signer = this.deps.keys.signer(batch.universityId);
      const blocker = await blockerOf(batch.universityId, signer.address);
      if (blocker) this.fail(batch.id, blocker);
      else await signAndQueueBatch(db, this.deps.deployment, batch, signer, clock());
    }
    // Signed but not sent yet: a key revoked (or a university suspended) since the signature would
    // make the anchored batch verify as invalid, so it is not sent.
    for (const batch of signedBatchesNotSent(db)) {
      const blocker = await blockerOf(batch.universityId, batch.signer);
      if (blocker) this.fail(batch.id, blocker);
    }
    queueRevocations(db, clock());
    for (const universityId of hostedUniversityIds(db)) await this.outbox.send(universityId);
    await this.outbox.confirm();
  }

  private fail(batchId: number, failure: BatchFailure): void {
    if (failBatch(this.deps.db, batchId, failure, this.deps.clock())) {
      this.deps.logger.warn({ batch: batchId, failure: failure.code }, "batch failed: the university cannot issue now");
    }
  }

  start(): void {
    this.task.start();
  }

  /** Stops after the pass in progress; every state it reached is already committed. */
  stop(): Promise<void> {
    return this.task.stop();
  }
}
