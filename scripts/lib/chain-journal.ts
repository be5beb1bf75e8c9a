import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { serveJsonRpc } from "./json-rpc-relay";
import type { RelayedRequest } from "./json-rpc-relay";

/**
 * A local Hardhat node keeps no state when it stops. The journal keeps it: every JSON-RPC request
 * that produces a block (a transaction, a mined block) is recorded with the timestamp of that block,
 * durably, before its answer reaches the client. On the next start a fresh node with the same
 * genesis time replays the journal, block by block at the same timestamps, which rebuilds the very
 * same chain (same hashes), and a replay that diverges is reported instead of ignored.
 */

interface RpcResponse {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface JournalEntry {
  method: string;
  params: unknown[];
  /** Timestamp and hash of the block the request produced. */
  timestamp: number;
  blockHash: string;
}

interface JournalHeader {
  /** ISO date of the genesis block, passed to the node as its initial date. */
  genesisDate: string;
  chainId: number;
}

const BLOCK_PRODUCING = new Set(["eth_sendRawTransaction", "eth_sendTransaction", "evm_mine"]);

export class ChainJournal {
  constructor(readonly file: string) {}

  exists(): boolean {
    return existsSync(this.file);
  }

  header(): JournalHeader {
    const [first] = readFileSync(this.file, "utf8").split("\n");
    return JSON.parse(first ?? "{}") as JournalHeader;
  }

  entries(): JournalEntry[] {
    return readFileSync(this.file, "utf8")
      .split("\n")
      .slice(1)
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as JournalEntry);
  }

  create(header: JournalHeader): void {
    writeFileSync(this.file, `${JSON.stringify(header)}\n`);
  }

  /** Appends an entry and flushes it to disk before returning. */
  append(entry: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    const fd = openSync(this.file, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as RpcResponse;
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function latestBlock(url: string): Promise<{ timestamp: number; hash: string }> {
  const block = (await rpc(url, "eth_getBlockByNumber", ["latest", false])) as { timestamp: string; hash: string };
  return { timestamp: Number(block.timestamp), hash: block.hash };
}

/**
 * Replays the journal into a fresh node started at the journal's genesis date. Throws when a block
 * comes out different from the recorded one: then the chain is not the one the databases describe.
 */
export async function replayJournal(journal: ChainJournal, nodeUrl: string): Promise<number> {
  const entries = journal.entries();
  for (const [index, entry] of entries.entries()) {
    await rpc(nodeUrl, "evm_setNextBlockTimestamp", [entry.timestamp]);
    await rpc(nodeUrl, entry.method, entry.params);
    const block = await latestBlock(nodeUrl);
    if (block.hash !== entry.blockHash) {
      throw new Error(
        `the replayed chain differs from the journal at entry ${index + 1} (${entry.method}): ` +
          `block ${block.hash} instead of ${entry.blockHash}. Move ${journal.file} and the .tasdiq databases away to start afresh.`,
      );
    }
  }
  return entries.length;
}

/**
 * An HTTP JSON-RPC endpoint in front of the node that records block-producing requests in the
 * journal. Hardhat mines each transaction as it arrives (automine), so the block of a request is the
 * latest block right after its answer.
 */
export async function startJournalingProxy(journal: ChainJournal, nodeUrl: string, port: number): Promise<Server> {
  // One request at a time through the node, so that "latest block" is the block of that request.
  let queue: Promise<unknown> = Promise.resolve();
  const forward = (request: RelayedRequest): Promise<RpcResponse> => {
    const run = queue.then(async () => {
      const response = await fetch(nodeUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      const answer = (await response.json()) as RpcResponse;
      if (BLOCK_PRODUCING.has(request.method) && answer.error === undefined) {
        const block = await latestBlock(nodeUrl);
        journal.append({
          method: request.method,
          params: request.params ?? [],
          timestamp: block.timestamp,
          blockHash: block.hash,
        });
      }
      return answer;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  return serveJsonRpc(port, forward);
}
