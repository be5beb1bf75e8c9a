import { expect } from "chai";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { httpChainEndpoint } from "../../core";
import { keptAliveRpcFetch } from "../../server/chain-rpc";

/** A node stand-in: its answer depends on the method asked. */
function fakeNode(): Promise<Server> {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      if (method === "slow") return void setTimeout(() => response.end("{}"), 2000);
      if (method === "huge") {
        response.write(`{"jsonrpc":"2.0","id":${id},"result":"`);
        return void response.end(`${"0".repeat(17 * 1024 * 1024)}"}`);
      }
      if (method === "refused") return void response.end(JSON.stringify({ id, error: { message: "no such method" } }));
      if (method === "broken") return void response.writeHead(502).end("bad gateway");
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ jsonrpc: "2.0", id, result: { method, keepAlive: request.headers.connection } }));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("JSON-RPC to the chain nodes over kept-alive connections", () => {
  let node: Server;
  let url: string;

  beforeAll(async () => {
    node = await fakeNode();
    url = `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => node.close(() => resolve())));

  it("gives each answer's result and keeps the connection open for the next", async () => {
    const endpoint = httpChainEndpoint(url, keptAliveRpcFetch(1000));
    const answers = await Promise.all(["eth_chainId", "eth_getProof"].map((method) => endpoint.send(method, [])));
    expect(answers).to.deep.equal([
      { method: "eth_chainId", keepAlive: "keep-alive" },
      { method: "eth_getProof", keepAlive: "keep-alive" },
    ]);
  });

  it("rejects an error answer, an HTTP failure, a node too slow and an answer too large", async () => {
    const endpoint = httpChainEndpoint(url, keptAliveRpcFetch(500));
    const failure = (method: string) =>
      endpoint.send(method, []).then(
        () => "answered",
        (error: Error) => error.message,
      );
    expect(await failure("refused")).to.include("no such method");
    expect(await failure("broken")).to.include("HTTP 502");
    expect(await failure("slow")).to.match(/abort/i);
    expect(await failure("huge")).to.include("more than");
  });
});
