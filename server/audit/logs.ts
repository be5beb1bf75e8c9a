import { toQuantity } from "ethers";
import type { JsonRpcProvider } from "ethers";

/** A log as the indexer needs it. */
export interface RawLog {
  address: string;
  topics: readonly string[];
  data: string;
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  index: number;
}

interface JsonRpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

let requestId = 0;

/**
 * `eth_getLogs` on the node of `provider` (same URL, headers and timeout), sent with `fetch` and read
 * with `JSON.parse`. Not through ethers: its Node transport copies the whole body again on each chunk
 * received and then decodes it byte by byte (ethers-io/ethers.js#5184, #5168), so a 7 MB answer of
 * 10,000 logs takes seconds instead of a tenth of one. Throws on any error answer, which the caller
 * takes as a cue to ask for fewer blocks.
 */
export async function getLogs(
  provider: JsonRpcProvider,
  filter: { address: string[]; fromBlock: number; toBlock: number },
): Promise<RawLog[]> {
  const connection = provider._getConnection();
  const response = await fetch(connection.url, {
    method: "POST",
    headers: { ...connection.headers, "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: ++requestId,
      method: "eth_getLogs",
      params: [
        { address: filter.address, fromBlock: toQuantity(filter.fromBlock), toBlock: toQuantity(filter.toBlock) },
      ],
    }),
    signal: AbortSignal.timeout(connection.timeout),
  });
  const answer = (await response.json()) as { result?: JsonRpcLog[]; error?: { code: number; message: string } };
  if (!answer.result) throw new Error(`eth_getLogs failed: ${answer.error?.message ?? `HTTP ${response.status}`}`);
  return answer.result
    .filter((log) => !log.removed)
    .map((log) => ({
      address: log.address,
      topics: log.topics,
      data: log.data,
      blockNumber: Number(log.blockNumber),
      blockHash: log.blockHash,
      transactionHash: log.transactionHash,
      index: Number(log.logIndex),
    }));
}
