import { Contract, Transaction, isError } from "ethers";
import type { JsonRpcProvider, TransactionRequest } from "ethers";
import { CERTIFICATE_REGISTRY_ABI, ISSUER_REGISTRY_ABI } from "../../core";
import type { Deployment } from "../../core";
import type { Database } from "../db/database";
import type { KeyRing } from "../keys/keyring";
import { postponeSignerTransaction, settleSignerTransaction, signerOfTransaction } from "../keys/rotation";
import type { Logger } from "../logger";
import { storeOf } from "../store";
import type { Store } from "../store";
import type { OutboxRow, TransactionKind } from "../store/outbox";
import { failBatch, registryRefusal } from "./failures";

const ZERO_LEAF = `0x${"00".repeat(32)}`;
const MAX_BACKOFF_MS = 60_000;

/**
 * What the outbox does for one kind of transaction, besides sending it: each callback runs inside
 * the database transaction that records the outbox row's own change.
 */
interface KindHandler {
  /** The registry the transaction is sent to. */
  registry: "certificateRegistry" | "issuerRegistry";
  /** Whether what the transaction was meant to do is already true on chain. */
  effectOnChain(row: OutboxRow): Promise<boolean>;
  /** Signed with a nonce and about to be broadcast. */
  onSubmitted(row: OutboxRow, txHash: string, at: number): void;
  /** Its effect is on chain, in block `blockNumber` (mined at `minedAt`, UNIX seconds). */
  onConfirmed(row: OutboxRow, blockNumber: number, minedAt: number | null, at: number): void;
  /** Postponed (would revert, for now): why, for whoever follows what it was for. */
  onPostponed(row: OutboxRow, reason: string): void;
  /**
   * The registry refuses it with a custom error retrying cannot clear: the row is dropped and what
   * it was for fails visibly. Null: it stays queued, and a signer key rotation resumes once its
   * cause (a suspension) ends.
   */
  onRefused: ((row: OutboxRow, error: string, now: Date) => void) | null;
  /** Lost on its way (reverted, or its nonce went to another transaction): it will be signed again. */
  onRequeued(row: OutboxRow, at: number): void;
}

/**
 * The chain transactions of the server, sent from a durable outbox: each is signed and written with
 * its nonce and hash before it is broadcast; confirmation checks the receipt, and when a transaction
 * got lost or replaced it looks at the chain itself, so nothing is sent twice with effect and nothing
 * is forgotten across crashes or RPC outages. The registry rejects a second anchor of a root anyway.
 */
export class Outbox {
  private readonly registry: Contract;
  private readonly issuers: Contract;
  private readonly store: Store;
  private readonly handlers: Record<TransactionKind, KindHandler>;

  constructor(
    private readonly db: Database,
    private readonly provider: JsonRpcProvider,
    private readonly deployment: Deployment,
    private readonly keys: KeyRing,
    private readonly confirmations: number,
    private readonly logger: Logger,
    private readonly clock: () => Date,
    /** Networks with free gas (Besu `zeroBaseFee`): send every transaction with zero fees. */
    private readonly freeGas = false,
  ) {
    this.registry = new Contract(deployment.certificateRegistry, CERTIFICATE_REGISTRY_ABI, provider);
    this.issuers = new Contract(deployment.issuerRegistry, ISSUER_REGISTRY_ABI, provider);
    this.store = storeOf(db);
    this.handlers = this.kindHandlers();
  }

  private kindHandlers(): Record<TransactionKind, KindHandler> {
    const { db, store, issuers } = this;
    const status = (row: OutboxRow, root: string, leaf: string) =>
      this.registry.getFunction("status")(row.university_id, root, leaf);
    const anchor: KindHandler = {
      registry: "certificateRegistry",
      effectOnChain: async (row) => (await status(row, store.batches.root(row.ref_id), ZERO_LEAF)).anchored as boolean,
      onSubmitted(row, txHash, at) {
        store.batches.setTxHash(row.ref_id, txHash);
        store.batches.move(row.ref_id, "submitted", at);
      },
      onConfirmed(row, blockNumber, minedAt, at) {
        store.batches.anchored(row.ref_id, blockNumber, minedAt, row.tx_hash);
        store.batches.move(row.ref_id, "confirmed", at);
        // Published now: queued for the mirrors in the same transaction, so a crash cannot skip it.
        store.mirrorPushes.queueBatch(row.ref_id);
      },
      onPostponed: (row, reason) => store.batches.setError(row.ref_id, reason),
      // The batch and its certificates fail; they can then be re-sealed.
      onRefused: (row, error, now) => failBatch(db, row.ref_id, { code: "CHAIN_REFUSED", error }, now),
      onRequeued: (row, at) => store.batches.move(row.ref_id, "signed", at),
    };
    const revoke: KindHandler = {
      registry: "certificateRegistry",
      async effectOnChain(row) {
        const target = store.revocations.target(row.ref_id);
        if (target.scope === "batch") return Number((await status(row, target.root, ZERO_LEAF)).batchRevokedAt) !== 0;
        for (const leaf of JSON.parse(target.leaves) as string[]) {
          if (Number((await status(row, target.root, leaf)).leafRevokedAt) === 0) return false;
        }
        return true;
      },
      onSubmitted: () => undefined,
      onConfirmed: (row, _blockNumber, _minedAt, at) => store.revocations.markConfirmed(row.ref_id, at),
      onPostponed: (row, reason) => store.revocations.setError(row.ref_id, reason),
      onRefused(row, error, now) {
        store.transaction(() => {
          store.outbox.fail(row.id, error, now.getTime());
          store.revocations.fail(row.ref_id, error, now.getTime());
        });
      },
      onRequeued: () => undefined,
    };
    const signerKey = (kind: "add_signer" | "revoke_signer"): KindHandler => ({
      registry: "issuerRegistry",
      async effectOnChain(row) {
        const window = await issuers.getFunction("signerKey")(
          row.university_id,
          signerOfTransaction(db, kind, row.ref_id),
        );
        // The server adds keys with an open window, so a set end can only come from the revocation.
        return kind === "add_signer" ? window.validFrom !== 0n : window.validUntil !== 0n;
      },
      onSubmitted: () => undefined,
      onConfirmed: (row, _blockNumber, _minedAt, at) => settleSignerTransaction(db, kind, row.ref_id, at),
      onPostponed: (row, reason) => postponeSignerTransaction(db, row.ref_id, reason),
      onRefused: null,
      onRequeued: () => undefined,
    });
    return { anchor, revoke, add_signer: signerKey("add_signer"), revoke_signer: signerKey("revoke_signer") };
  }

  /** Signs, records and broadcasts the queued transactions of one university, in order. */
  async send(universityId: number): Promise<void> {
    const now = this.clock().getTime();
    const queued = this.store.outbox
      .queuedOf(universityId)
      .filter((row) => now >= row.updated_at + backoff(row.attempts));
    if (queued.length === 0) return;
    const operator = this.keys.operator(universityId).connect(this.provider);
    let nonce = await this.nextNonce(universityId, operator.address);
    const fees = this.freeGas
      ? { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n, gasPrice: 0n }
      : await this.provider.getFeeData();
    for (const row of queued) {
      const handler = this.handlers[row.kind];
      const request: TransactionRequest = {
        to: this.deployment[handler.registry],
        data: row.data,
        from: operator.address,
      };
      let gas: bigint;
      try {
        gas = await this.provider.estimateGas(request);
      } catch (error) {
        if (!isError(error, "CALL_EXCEPTION")) throw error;
        if (await this.settleIfEffective(row)) continue;
        const refusal = registryRefusal(error);
        if (refusal !== null && handler.onRefused !== null) {
          handler.onRefused(row, refusal, this.clock());
          this.logger.warn(
            { outbox: row.id, kind: row.kind, ref: row.ref_id, error: refusal },
            "chain transaction refused for good",
          );
          continue;
        }
        this.retryLater(row, `would revert: ${error.revert?.name ?? refusal ?? error.shortMessage}`);
        continue;
      }
      const tx: TransactionRequest = {
        ...request,
        nonce,
        chainId: this.deployment.chainId,
        gasLimit: (gas * 12n) / 10n,
        ...(fees.maxFeePerGas !== null
          ? { type: 2, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? 0n }
          : { type: 0, gasPrice: fees.gasPrice ?? 0n }),
      };
      const raw = await operator.signTransaction(tx);
      const hash = Transaction.from(raw).hash as string;
      const at = this.clock().getTime();
      this.store.transaction(() => {
        this.store.outbox.markSubmitted(row.id, nonce, hash, raw, at);
        handler.onSubmitted(row, hash, at);
      });
      nonce += 1;
      await this.broadcast(raw, row.id);
    }
  }

  /** Follows every submitted transaction to its confirmation, rebroadcasting or requeueing as needed. */
  async confirm(): Promise<void> {
    const submitted = this.store.outbox.submitted();
    if (submitted.length === 0) return;
    const head = await this.provider.getBlockNumber();
    for (const row of submitted) {
      const receipt = await this.provider.getTransactionReceipt(row.tx_hash as string);
      if (receipt) {
        if (head - receipt.blockNumber + 1 < this.confirmations) continue;
        if (receipt.status === 1 || (await this.handlers[row.kind].effectOnChain(row)))
          await this.settle(row, receipt.blockNumber);
        else this.requeue(row, "the transaction reverted");
        continue;
      }
      if (await this.provider.getTransaction(row.tx_hash as string)) continue;
      // Neither mined nor pending: lost (node restart, eviction) or its nonce went to another transaction.
      if (await this.settleIfEffective(row)) continue;
      const operator = this.keys.operator(row.university_id).address;
      const confirmedNonce = await this.provider.getTransactionCount(operator, "latest");
      if ((row.nonce as number) < confirmedNonce) this.requeue(row, "the nonce was used by another transaction");
      else await this.broadcast(row.raw as string, row.id);
    }
  }

  private async nextNonce(universityId: number, address: string): Promise<number> {
    const pending = await this.provider.getTransactionCount(address, "pending");
    const recorded = this.store.outbox.highestSubmittedNonce(universityId);
    return Math.max(pending, recorded === null ? 0 : recorded + 1);
  }

  private async broadcast(raw: string, id: number): Promise<void> {
    try {
      await this.provider.broadcastTransaction(raw);
    } catch (error) {
      // Left as submitted: confirm() finds out what happened and rebroadcasts or requeues.
      this.logger.warn(
        { outbox: id, reason: (error as Error).message.slice(0, 200) },
        "broadcast failed; will check again",
      );
    }
  }

  private async settleIfEffective(row: OutboxRow): Promise<boolean> {
    if (!(await this.handlers[row.kind].effectOnChain(row))) return false;
    await this.settle(row, await this.provider.getBlockNumber());
    return true;
  }

  /** Marks the transaction and what it did as confirmed, in one database transaction. */
  private async settle(row: OutboxRow, blockNumber: number): Promise<void> {
    const minedAt = (await this.provider.getBlock(blockNumber))?.timestamp ?? null;
    const at = this.clock().getTime();
    this.store.transaction(() => {
      this.store.outbox.markConfirmed(row.id, blockNumber, at);
      this.handlers[row.kind].onConfirmed(row, blockNumber, minedAt, at);
    });
    this.logger.info({ outbox: row.id, kind: row.kind, ref: row.ref_id, block: blockNumber }, "confirmed on chain");
  }

  private retryLater(row: OutboxRow, reason: string): void {
    this.store.outbox.postpone(row.id, reason, this.clock().getTime());
    this.handlers[row.kind].onPostponed(row, reason);
    this.logger.warn({ outbox: row.id, kind: row.kind, reason }, "chain transaction postponed");
  }

  private requeue(row: OutboxRow, reason: string): void {
    const at = this.clock().getTime();
    this.store.transaction(() => {
      this.store.outbox.requeue(row.id, reason, at);
      this.handlers[row.kind].onRequeued(row, at);
    });
    this.logger.warn({ outbox: row.id, kind: row.kind, reason }, "chain transaction requeued");
  }
}

function backoff(attempts: number): number {
  return attempts === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10));
}
