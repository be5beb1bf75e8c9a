import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

interface RpcRequest {
  id: unknown;
  method: string;
  params?: unknown[];
}

/** Rewrites the node's answer to one request: return the result to send instead (or the same one). */
export type Rewrite = (method: string, params: unknown[], result: unknown) => unknown;

/** A JSON-RPC node that forwards to a real one and lies where `rewrite` says, as a compromised provider would. */
export interface LyingRpc {
  url: string;
  stop(): Promise<void>;
}

export async function startLyingRpc(target: string, rewrite: Rewrite): Promise<LyingRpc> {
  const forward = async (request: RpcRequest): Promise<unknown> => {
    const response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    const answer = (await response.json()) as { result?: unknown };
    if (!("result" in answer)) return answer;
    return { ...answer, result: rewrite(request.method, request.params ?? [], answer.result) };
  };
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      void (async () => {
        outgoing.setHeader("Access-Control-Allow-Origin", "*");
        outgoing.setHeader("Access-Control-Allow-Headers", "content-type");
        if (incoming.method === "OPTIONS") return outgoing.writeHead(204).end();
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as RpcRequest | RpcRequest[];
        const answer = Array.isArray(body) ? await Promise.all(body.map(forward)) : await forward(body);
        outgoing.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      })().catch(() => outgoing.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
