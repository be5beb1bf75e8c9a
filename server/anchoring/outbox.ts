import { Contract, Transaction, isError } from "ethers";
import type { JsonRpcProvider, TransactionRequest } from "ethers";
import { CERTIFICATE_REGISTRY_ABI, ISSUER_REGISTRY_ABI } from "../../core";
import type { Deployment } from "../../core";
import type { Database } from "../db/database";
import type { KeyRing } from "../keys/keyring";
import { postponeSignerTransaction, settleSignerTransaction, signerOfTransaction } from "../keys/rotation";
import type { SignerTransactionKind } from "../keys/rotation";
import type { Logger } from "../logger";
import { failBatch, registryRefusal } from "./failures";

interface OutboxRow {
  id: number;
  university_id: number;
  kind: "anchor" | "revoke" | SignerTransactionKind;
  ref_id: number;
  data: string;
  status: string;
  nonce: number | null;
  tx_hash: string | null;
  raw: string | null;
  attempts: number;
  updated_at: number;
}

const ZERO_LEAF = `0x${"00".repeat(32)}`;
const MAX_BACKOFF_MS = 60_000;

/** Signer key rotations send to the IssuerRegistry; everything else goes to the CertificateRegistry. */
const isSignerTransaction = (row: OutboxRow): row is OutboxRow & { kind: SignerTransactionKind } =>
  row.kind === "add_signer" || row.kind === "revoke_signer";

/**
 * The chain transactions of the server, sent from a durable outbox: each is signed and written with
 * its nonce and hash before it is broadcast; confirmation checks the receipt, and when a transaction
 * got lost or replaced it looks at the chain itself, so nothing is sent twice with effect and nothing
 * is forgotten across crashes or RPC outages. The registry rejects a second anchor of a root anyway.
 */
export class Outbox {
  private readonly registry: Contract;
  private readonly issuers: Contract;

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
  }

  /** Signs, records and broadcasts the queued transactions of one university, in order. */
  async send(universityId: number): Promise<void> {
    const now = this.clock().getTime();
    const queued = (
      this.db
        .prepare("SELECT * FROM chain_transactions WHERE university_id = ? AND status = 'queued' ORDER BY id")
        .all(universityId) as OutboxRow[]
    ).filter((row) => now >= row.updated_at + backoff(row.attempts));
    if (queued.length === 0) return;
    const operator = this.keys.operator(universityId).connect(this.provider);
    let nonce = await this.nextNonce(universityId, operator.address);
    const fees = this.freeGas
      ? { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n, gasPrice: 0n }
      : await this.provider.getFeeData();
    for (const row of queued) {
      const to = isSignerTransaction(row) ? this.deployment.issuerRegistry : this.deployment.certificateRegistry;
      const request: TransactionRequest = { to, data: row.data, from: operator.address };
      let gas: bigint;
      try {
        gas = await this.provider.estimateGas(request);
      } catch (error) {
        if (!isError(error, "CALL_EXCEPTION")) throw error;
        if (await this.settleIfEffective(row)) continue;
        const refusal = registryRefusal(error);
        // A signer key transaction stays queued: a rotation resumes once its cause (a suspension) ends.
        if (refusal !== null && !isSignerTransaction(row)) {
          this.giveUp(row, refusal);
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
      this.db.transaction(() => {
        this.db
          .prepare(
            "UPDATE chain_transactions SET status = 'submitted', nonce = ?, tx_hash = ?, raw = ?, attempts = attempts + 1, error = NULL, updated_at = ? WHERE id = ?",
          )
          .run(nonce, hash, raw, at, row.id);
        if (row.kind === "anchor") {
          this.db.prepare("UPDATE batches SET tx_hash = ? WHERE id = ?").run(hash, row.ref_id);
          this.setBatchStatus(row.ref_id, "submitted", at);
        }
      })();
      nonce += 1;
      await this.broadcast(raw, row.id);
    }
  }

  /** Follows every submitted transaction to its confirmation, rebroadcasting or requeueing as needed. */
  async confirm(): Promise<void> {
    const submitted = this.db
      .prepare("SELECT * FROM chain_transactions WHERE status = 'submitted' ORDER BY id")
      .all() as OutboxRow[];
    if (submitted.length === 0) return;
    const head = await this.provider.getBlockNumber();
    for (const row of submitted) {
      const receipt = await this.provider.getTransactionReceipt(row.tx_hash as string);
      if (receipt) {
        if (head - receipt.blockNumber + 1 < this.confirmations) continue;
        if (receipt.status === 1 || (await this.effectOnChain(row))) await this.settle(row, receipt.blockNumber);
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
    const recorded = this.db
      .prepare("SELECT MAX(nonce) FROM chain_transactions WHERE university_id = ? AND status = 'submitted'")
      .pluck()
      .get(universityId) as number | null;
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

  /** Whether what the transaction was meant to do is already true on chain. */
  private async effectOnChain(row: OutboxRow): Promise<boolean> {
    if (row.kind === "anchor") {
      const root = this.db.prepare("SELECT root FROM batches WHERE id = ?").pluck().get(row.ref_id) as string;
      return (await this.registry.getFunction("status")(row.university_id, root, ZERO_LEAF)).anchored as boolean;
    }
    if (isSignerTransaction(row)) {
      const window = await this.issuers.getFunction("signerKey")(
        row.university_id,
        signerOfTransaction(this.db, row.kind, row.ref_id),
      );
      // The server adds keys with an open window, so a set end can only come from the revocation.
      return row.kind === "add_signer" ? window.validFrom !== 0n : window.validUntil !== 0n;
    }
    const revocation = this.db
      .prepare("SELECT r.scope, r.leaves, b.root FROM revocations r JOIN batches b ON b.id = r.batch_id WHERE r.id = ?")
      .get(row.ref_id) as { scope: string; leaves: string; root: string };
    const status = (leaf: string) => this.registry.getFunction("status")(row.university_id, revocation.root, leaf);
    if (revocation.scope === "batch") return Number((await status(ZERO_LEAF)).batchRevokedAt) !== 0;
    for (const leaf of JSON.parse(revocation.leaves) as string[]) {
      if (Number((await status(leaf)).leafRevokedAt) === 0) return false;
    }
    return true;
  }

  private async settleIfEffective(row: OutboxRow): Promise<boolean> {
    if (!(await this.effectOnChain(row))) return false;
    await this.settle(row, await this.provider.getBlockNumber());
    return true;
  }

  /** Marks the transaction and what it did as confirmed, in one database transaction. */
  private async settle(row: OutboxRow, blockNumber: number): Promise<void> {
    const anchoredAt = (await this.provider.getBlock(blockNumber))?.timestamp ?? null;
    const at = this.clock().getTime();
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE chain_transactions SET status = 'confirmed', block_number = ?, updated_at = ? WHERE id = ?")
        .run(blockNumber, at, row.id);
      if (row.kind === "anchor") {
        this.db
          .prepare("UPDATE batches SET block_number = ?, anchored_at = ?, tx_hash = COALESCE(?, tx_hash) WHERE id = ?")
          .run(blockNumber, anchoredAt, row.tx_hash, row.ref_id);
        this.setBatchStatus(row.ref_id, "confirmed", at);
      } else if (isSignerTransaction(row)) {
        settleSignerTransaction(this.db, row.kind, row.ref_id, at);
      } else {
        this.db
          .prepare("UPDATE revocations SET status = 'confirmed', error = NULL, updated_at = ? WHERE id = ?")
          .run(at, row.ref_id);
      }
    })();
    this.logger.info({ outbox: row.id, kind: row.kind, ref: row.ref_id, block: blockNumber }, "confirmed on chain");
  }

  /** A batch and its certificates move together through the issuance states. */
  private setBatchStatus(batchId: number, status: string, at: number): void {
    this.db.prepare("UPDATE batches SET status = ?, updated_at = ? WHERE id = ?").run(status, at, batchId);
    this.db.prepare("UPDATE certificates SET status = ?, updated_at = ? WHERE batch_id = ?").run(status, at, batchId);
  }

  private retryLater(row: OutboxRow, reason: string): void {
    this.db
      .prepare("UPDATE chain_transactions SET attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?")
      .run(reason, this.clock().getTime(), row.id);
    if (row.kind === "anchor") this.db.prepare("UPDATE batches SET error = ? WHERE id = ?").run(reason, row.ref_id);
    else if (isSignerTransaction(row)) postponeSignerTransaction(this.db, row.ref_id, reason);
    else this.db.prepare("UPDATE revocations SET error = ? WHERE id = ?").run(reason, row.ref_id);
    this.logger.warn({ outbox: row.id, kind: row.kind, reason }, "chain transaction postponed");
  }

  /**
   * A refusal of the registry that retrying cannot clear: the transaction is dropped and what it was
   * for fails visibly, with the error's name (a batch and its certificates can then be re-sealed).
   */
  private giveUp(row: OutboxRow, error: string): void {
    const at = this.clock();
    if (row.kind === "anchor") {
      failBatch(this.db, row.ref_id, { code: "CHAIN_REFUSED", error }, at);
    } else {
      this.db.transaction(() => {
        this.db
          .prepare(
            "UPDATE chain_transactions SET status = 'failed', attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?",
          )
          .run(error, at.getTime(), row.id);
        this.db
          .prepare("UPDATE revocations SET status = 'failed', error = ?, updated_at = ? WHERE id = ?")
          .run(error, at.getTime(), row.ref_id);
      })();
    }
    this.logger.warn({ outbox: row.id, kind: row.kind, ref: row.ref_id, error }, "chain transaction refused for good");
  }

  private requeue(row: OutboxRow, reason: string): void {
    const at = this.clock().getTime();
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE chain_transactions SET status = 'queued', nonce = NULL, tx_hash = NULL, raw = NULL, error = ?, updated_at = ? WHERE id = ?",
        )
        .run(reason, at, row.id);
      if (row.kind === "anchor") this.setBatchStatus(row.ref_id, "signed", at);
    })();
    this.logger.warn({ outbox: row.id, kind: row.kind, reason }, "chain transaction requeued");
  }
}

function backoff(attempts: number): number {
  return attempts === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10));
}
