import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ChainJournal, replayJournal } from "../../scripts/lib/chain-journal";
import type { JournalEntry } from "../../scripts/lib/chain-journal";
import { startHardhatNode } from "../../scripts/lib/local-node";
import type { LocalNode } from "../../scripts/lib/local-node";
import { freePort } from "./chain";

/**
 * The genesis time of chains that a replica must be able to rebuild: a Hardhat node started with the
 * same initial date and fed the same transactions at the same timestamps makes the same blocks.
 * Set before the first node starts (the node process reads it from its environment).
 */
export function fixGenesisDate(): void {
  process.env.TASDIQ_GENESIS_DATE ??= new Date(Math.floor(Date.now() / 1000 - 3600) * 1000).toISOString();
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

interface RpcTransaction {
  from: string;
  to: string | null;
  input: string;
  value: string;
  gas: string;
  nonce: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  gasPrice?: string;
}

/**
 * The chain journal of the node at `url`, written from its blocks: each block's transactions as the
 * `eth_sendTransaction` that made them (development accounts sign deterministically), or `evm_mine`.
 */
export async function journalOfChain(url: string): Promise<JournalEntry[]> {
  const head = Number(await rpc(url, "eth_blockNumber"));
  const entries: JournalEntry[] = [];
  for (let number = 1; number <= head; number++) {
    const block = (await rpc(url, "eth_getBlockByNumber", [`0x${number.toString(16)}`, true])) as {
      hash: string;
      timestamp: string;
      transactions: RpcTransaction[];
    };
    const timestamp = Number(block.timestamp);
    if (block.transactions.length === 0)
      entries.push({ method: "evm_mine", params: [], timestamp, blockHash: block.hash });
    for (const tx of block.transactions) {
      const fees = tx.maxFeePerGas
        ? { maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas }
        : { gasPrice: tx.gasPrice };
      const params = [
        {
          from: tx.from,
          ...(tx.to ? { to: tx.to } : {}),
          data: tx.input,
          value: tx.value,
          gas: tx.gas,
          nonce: tx.nonce,
          ...fees,
        },
      ];
      entries.push({ method: "eth_sendTransaction", params, timestamp, blockHash: block.hash });
    }
  }
  return entries;
}

/**
 * A second Hardhat node rebuilt from `entries` by the chain journal's replay (which checks every
 * block hash on the way). Needs {@link fixGenesisDate} set before the first node started.
 */
export async function startReplica(entries: readonly JournalEntry[]): Promise<LocalNode> {
  const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-replica-"));
  const journal = new ChainJournal(path.join(dir, "chain.journal"));
  journal.create({ genesisDate: process.env.TASDIQ_GENESIS_DATE as string, chainId: 31337 });
  for (const entry of entries) journal.append(entry);
  const node = await startHardhatNode(await freePort());
  try {
    await replayJournal(journal, node.url);
  } catch (error) {
    await node.stop();
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return node;
}

/** Mines an empty block on `url` at `timestamp`. */
export async function mineAt(url: string, timestamp: number): Promise<void> {
  await rpc(url, "evm_setNextBlockTimestamp", [timestamp]);
  await rpc(url, "evm_mine");
}
