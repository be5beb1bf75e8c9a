import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { hexlify, randomBytes } from "ethers";
import type { JsonRpcSigner } from "ethers";
import { AuditIndexer } from "../../server/audit";
import type { AuditIndexerOptions } from "../../server/audit";
import { freePort } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";

export const DAY = 86_400;

export const NAMES = {
  TN: {
    ar: "وزارة التعليم العالي والبحث العلمي التونسية",
    en: "Tunisian Ministry of Higher Education",
    fr: "Ministère tunisien de l'Enseignement supérieur",
  },
  JO: {
    ar: "وزارة التعليم العالي الأردنية",
    en: "Jordanian Ministry of Higher Education",
    fr: "Ministère jordanien de l'Enseignement supérieur",
  },
};

/** The `bytes2` form of a country code: "TN" → 0x544e. */
export function countryBytes(code: string): string {
  return hexlify(new TextEncoder().encode(code));
}

export function randomRoot(): string {
  return hexlify(randomBytes(32));
}

/** A fresh file for an audit index, in its own temporary folder. */
export function tempIndexFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), "tasdiq-audit-")), "audit.sqlite");
}

export function newIndexer(chain: TestChain, file: string, options: Partial<AuditIndexerOptions> = {}): AuditIndexer {
  return new AuditIndexer({ provider: chain.provider, deployment: chain.deployment, file, ...options });
}

/** Registers the ministry of `code` run by development account `index`. */
export async function registerMinistry(
  chain: TestChain,
  code: keyof typeof NAMES,
  index: number,
): Promise<JsonRpcSigner> {
  const ministry = await chain.account(index);
  await (
    await chain.issuerRegistry
      .connect(chain.authority)
      .registerMinistry(countryBytes(code), ministry.address, NAMES[code])
  ).wait();
  return ministry;
}

/** Accredits a university run by development account `operatorIndex`; returns its id and operator. */
export async function accredit(
  chain: TestChain,
  ministry: JsonRpcSigner,
  operatorIndex: number,
  name: string,
): Promise<{ id: number; operator: JsonRpcSigner }> {
  const operator = await chain.account(operatorIndex);
  const names = { ar: `جامعة ${name}`, en: `University of ${name}`, fr: `Université de ${name}` };
  await (
    await chain.issuerRegistry
      .connect(ministry)
      .accreditUniversity(operator.address, names, `https://${name.toLowerCase()}.example`)
  ).wait();
  return { id: Number(await chain.issuerRegistry.universityOf(operator.address)), operator };
}

/** Anchors a batch of `count` certificates under a random root (the indexer sees only roots and counts). */
export async function anchorRandom(chain: TestChain, operator: JsonRpcSigner, count: number): Promise<string> {
  const root = randomRoot();
  await (await chain.certificateRegistry.connect(operator).anchor(root, count)).wait();
  return root;
}

/** Makes the next mined block carry `timestamp` (UNIX seconds). */
export async function setNextBlockTime(chain: TestChain, timestamp: number): Promise<void> {
  await chain.provider.send("evm_setNextBlockTimestamp", [timestamp]);
}

/** Every log of both registries, as the node gives them: what the index must hold. */
export async function allRegistryLogs(chain: TestChain): Promise<number> {
  const logs = await chain.provider.getLogs({
    address: [chain.deployment.issuerRegistry, chain.deployment.certificateRegistry],
    fromBlock: chain.deployment.deploymentBlock,
    toBlock: "latest",
  });
  return logs.length;
}

export interface PickyNode {
  url: string;
  /** Blocks asked for by each `eth_getLogs` call, refused or not. */
  ranges: number[];
  close(): Promise<void>;
}

/**
 * A JSON-RPC proxy in front of `target` that, like many hosted nodes, refuses `eth_getLogs` over more
 * than `maxBlocks` blocks, and passes everything else through.
 */
export async function startPickyNode(target: string, maxBlocks: number): Promise<PickyNode> {
  const ranges: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const call = JSON.parse(body) as {
        id?: number;
        method?: string;
        params?: [{ fromBlock: string; toBlock: string }];
      };
      if (call.method === "eth_getLogs" && call.params) {
        const blocks = Number(call.params[0].toBlock) - Number(call.params[0].fromBlock) + 1;
        ranges.push(blocks);
        if (blocks > maxBlocks) {
          response.setHeader("content-type", "application/json");
          response.end(
            JSON.stringify({
              jsonrpc: "2.0",
              id: call.id,
              error: { code: -32005, message: `block range is too wide (max ${maxBlocks})` },
            }),
          );
          return;
        }
      }
      void fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body }).then(
        async (answer) => {
          response.setHeader("content-type", "application/json");
          response.end(await answer.text());
        },
      );
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    ranges,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
