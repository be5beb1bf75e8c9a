import { toQuantity } from "ethers";
import type { JsonRpcProvider } from "ethers";
import type { Deployment } from "../../core";
import { AuditError } from "./errors";
import { decodeLog } from "./events";
import type { DecodedLog } from "./events";
import { getLogs } from "./logs";
import type { RawLog } from "./logs";
import { Projection } from "./projection";
import { IndexStore, openAuditDatabase } from "./store";
import type { BlockRef, Database, StoredBlock } from "./store";

export interface AuditIndexerOptions {
  provider: JsonRpcProvider;
  deployment: Deployment;
  /** The index's own SQLite file (created if needed), or ":memory:". */
  file: string;
  /**
   * Blocks left unindexed below the head, so that what is indexed is unlikely to be reorganised.
   * 0 suits chains with immediate finality (QBFT, the local node); a reorganisation deeper than this
   * is still found and rolled back at the next sync.
   */
  confirmations?: number;
  /**
   * Most blocks per `eth_getLogs` call. Ranges start small and adapt to about 1,000 logs per call;
   * a range a node refuses is halved until it answers.
   */
  blocksPerQuery?: number;
}

export interface SyncResult {
  /** First block read in this sync. */
  fromBlock: number;
  /** Last block indexed, the new checkpoint; below `fromBlock` when there was nothing new to read. */
  toBlock: number;
  /** New events stored. */
  events: number;
  /** Set when the chain no longer held what was indexed: everything from this block on was dropped and re-read. */
  rolledBackFrom?: number;
}

/** The chain changed under a sync (a reorganisation): what was read is dropped and the sync starts over. */
class ChainMoved extends Error {}

const BLOCK_FETCHES_PER_ROUND = 500;
const FIRST_RANGE = 100;
const LOGS_PER_QUERY = 1000;
const SYNC_ATTEMPTS = 3;

/**
 * Blocks in the next `eth_getLogs` call: up to twice as many while calls bring fewer than
 * LOGS_PER_QUERY logs (a sparse chain is crossed in few calls), fewer when they bring more (hosted
 * nodes refuse answers of more than a few thousand logs, and an answer is held in memory whole),
 * within [1, max].
 */
function nextRangeSize(size: number, logs: number, max: number): number {
  const scale = logs === 0 ? 2 : Math.min(2, LOGS_PER_QUERY / logs);
  return Math.max(1, Math.min(max, Math.round(size * scale)));
}

/** The audit index as the HTTP layer sees it: its store to read, and a sync to bring it up to date. */
export interface AuditIndex {
  readonly database: Database;
  sync(): Promise<unknown>;
}

/**
 * Rebuilds the state of both registries from their event logs alone into its own SQLite store, for
 * the ministry audit. It reads only the chain (never a university's database), resumes from its
 * checkpoint, and, when the chain no longer holds the checkpoint's block, rolls back to the last
 * block it still holds and indexes again from there.
 */
export class AuditIndexer implements AuditIndex {
  readonly database: Database;
  private readonly store: IndexStore;
  private readonly projection: Projection;
  private readonly provider: JsonRpcProvider;
  private readonly deployment: Deployment;
  private readonly confirmations: number;
  private readonly blocksPerQuery: number;
  private chainChecked = false;
  private running: Promise<SyncResult> | undefined;
  private following: Promise<SyncResult> | undefined;

  constructor({ provider, deployment, file, confirmations = 0, blocksPerQuery = 2000 }: AuditIndexerOptions) {
    if (!Number.isInteger(confirmations) || confirmations < 0)
      throw new AuditError("AUDIT_BAD_INPUT", "confirmations must be a whole number ≥ 0");
    if (!Number.isInteger(blocksPerQuery) || blocksPerQuery < 1)
      throw new AuditError("AUDIT_BAD_INPUT", "blocksPerQuery must be a whole number ≥ 1");
    this.provider = provider;
    this.deployment = deployment;
    this.confirmations = confirmations;
    this.blocksPerQuery = blocksPerQuery;
    this.database = openAuditDatabase(file);
    this.store = new IndexStore(this.database);
    this.store.bind(deployment);
    this.projection = new Projection(this.database);
  }

  /** The last indexed block, with its time; undefined before the first sync. */
  get checkpoint(): StoredBlock | undefined {
    const checkpoint = this.store.checkpoint();
    return checkpoint && this.store.block(checkpoint.number);
  }

  /**
   * Indexes every new event up to `head - confirmations`, the head as of the call at least. A dashboard
   * may call it on a timer and on each request: a call made while a sync runs (which may have read
   * the head before the caller's own transaction) is served by one more run after it, shared by every
   * call made meanwhile.
   */
  sync(): Promise<SyncResult> {
    if (this.running) {
      this.following ??= this.running
        .catch(() => undefined)
        .then(() => {
          this.following = undefined;
          return this.sync();
        });
      return this.following;
    }
    this.running = this.syncWithRetries().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Closes the store; call it once any running sync has settled. */
  close(): void {
    this.database.close();
  }

  private async syncWithRetries(): Promise<SyncResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.syncOnce();
      } catch (error) {
        if (!(error instanceof ChainMoved) || attempt >= SYNC_ATTEMPTS) throw error;
      }
    }
  }

  private async syncOnce(): Promise<SyncResult> {
    await this.checkChain();
    const rolledBackFrom = await this.rollBackReorganisation();
    const checkpoint = this.store.checkpoint();
    const fromBlock = checkpoint ? checkpoint.number + 1 : this.deployment.deploymentBlock;
    const target = (await this.provider.getBlockNumber()) - this.confirmations;
    let events = 0;
    let size = Math.min(FIRST_RANGE, this.blocksPerQuery);
    for (let from = fromBlock; from <= target;) {
      const to = Math.min(from + size - 1, target);
      const range = await this.indexRange(from, to);
      events += range.stored;
      from = to + 1;
      size = nextRangeSize(size, range.logs, this.blocksPerQuery);
    }
    return {
      fromBlock,
      toBlock: Math.max(target, fromBlock - 1),
      events,
      ...(rolledBackFrom === undefined ? {} : { rolledBackFrom }),
    };
  }

  private async checkChain(): Promise<void> {
    if (this.chainChecked) return;
    // Asked of the node itself: a provider built with a static network would answer from its settings.
    const chainId = Number(await this.provider.send("eth_chainId", []));
    if (chainId !== this.deployment.chainId) {
      throw new AuditError(
        "AUDIT_WRONG_CHAIN",
        `the node serves chain ${chainId}, the deployment is on chain ${this.deployment.chainId}`,
      );
    }
    // A deployment file of another chain with the same id would otherwise give an empty audit.
    if ((await this.provider.getCode(this.deployment.issuerRegistry)) === "0x") {
      throw new AuditError(
        "AUDIT_NO_REGISTRY",
        `no IssuerRegistry at ${this.deployment.issuerRegistry} on this chain: check the deployment file`,
      );
    }
    this.chainChecked = true;
  }

  /**
   * When the checkpoint's block is no longer on the chain, finds the last stored block that still is
   * and rolls back to it; returns the first block dropped. Being on the chain is monotone along the
   * stored blocks (a block's hash commits to all its ancestors), so a binary search finds it in a
   * few calls even when the whole chain was replaced.
   */
  private async rollBackReorganisation(): Promise<number | undefined> {
    const checkpoint = this.store.checkpoint();
    if (!checkpoint || (await this.isOnChain(checkpoint))) return undefined;
    const stored = this.store.storedBlocksBelow(checkpoint.number);
    let ancestor: BlockRef | undefined;
    for (let low = 0, high = stored.count - 1; low <= high;) {
      const middle = Math.floor((low + high) / 2);
      const block = stored.at(middle);
      if (await this.isOnChain(block)) {
        ancestor = block;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    this.store.rollBackTo(ancestor);
    return ancestor ? ancestor.number + 1 : this.deployment.deploymentBlock;
  }

  private async isOnChain(block: BlockRef): Promise<boolean> {
    return (await this.blockAt(block.number))?.hash === block.hash;
  }

  /**
   * Reads, decodes and stores the events of blocks [from, to] in one transaction, with the new
   * checkpoint; returns how many logs were read and how many of them were new.
   */
  private async indexRange(from: number, to: number): Promise<{ logs: number; stored: number }> {
    // The last block's hash is read before the logs and again after: if it changed, the logs may
    // come from a chain that no longer exists.
    const [end] = await this.fetchBlocks([to]);
    const logs = await this.fetchLogs(from, to);
    const decoded = logs.map((log) => decodeLog(log, this.registryOf(log)));
    const blocks = new Map(
      (await this.fetchBlocks([...new Set([...decoded.map((log) => log.blockNumber), to])])).map((b) => [b.number, b]),
    );
    if (!end || blocks.get(to)?.hash !== end.hash) throw new ChainMoved();
    const timed = decoded.map((log) => {
      const block = blocks.get(log.blockNumber);
      if (block?.hash !== log.blockHash) throw new ChainMoved();
      return { log, at: block.timestamp };
    });

    let stored = 0;
    this.database.transaction(() => {
      for (const block of blocks.values()) this.store.putBlock(block);
      for (const { log, at } of timed) if (this.projection.store(log, at)) stored++;
      this.store.setCheckpoint(end);
    })();
    return { logs: logs.length, stored };
  }

  private registryOf(log: RawLog): DecodedLog["registry"] {
    return log.address.toLowerCase() === this.deployment.issuerRegistry.toLowerCase() ? "issuer" : "certificate";
  }

  private async fetchLogs(from: number, to: number): Promise<RawLog[]> {
    try {
      const address = [this.deployment.issuerRegistry, this.deployment.certificateRegistry];
      const logs = await getLogs(this.provider, { address, fromBlock: from, toBlock: to });
      return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
    } catch (error) {
      // Nodes cap the logs or the blocks of one call, each with its own error message: a smaller
      // range is the answer to all of them. A single block that fails is a real error.
      if (from === to) throw error;
      const middle = Math.floor((from + to) / 2);
      return [...(await this.fetchLogs(from, middle)), ...(await this.fetchLogs(middle + 1, to))];
    }
  }

  /** Each block once, a bounded number at a time (the provider batches them into JSON-RPC batches). */
  private async fetchBlocks(numbers: readonly number[]): Promise<StoredBlock[]> {
    const blocks: StoredBlock[] = [];
    for (let i = 0; i < numbers.length; i += BLOCK_FETCHES_PER_ROUND) {
      const round = numbers.slice(i, i + BLOCK_FETCHES_PER_ROUND);
      for (const block of await Promise.all(round.map((number) => this.blockAt(number)))) {
        // A block below the head that the node no longer has: the chain was cut back meanwhile.
        if (!block) throw new ChainMoved();
        blocks.push(block);
      }
    }
    return blocks;
  }

  /** Hash and time of block `number`, undefined when the node has no such block. */
  private async blockAt(number: number): Promise<StoredBlock | undefined> {
    // The raw call: ethers' getBlock formats every field, at several times the cost, and only the
    // hash and the time are needed.
    const block = (await this.provider.send("eth_getBlockByNumber", [toQuantity(number), false])) as {
      hash?: string;
      timestamp: string;
    } | null;
    return block?.hash ? { number, hash: block.hash, timestamp: Number(block.timestamp) } : undefined;
  }
}
