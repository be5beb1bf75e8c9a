import { createServer } from "node:http";
import type { Server } from "node:http";

/** One JSON-RPC request as a relay receives it. */
export interface RelayedRequest {
  jsonrpc?: "2.0";
  id: number | string | null;
  method: string;
  params?: unknown[];
}

/**
 * An HTTP JSON-RPC endpoint on loopback `port` (0: any free one) whose every request, single or
 * batched, is answered by `forward`; browsers may call it (CORS). A body that is not JSON, or a
 * `forward` that throws, gets a JSON-RPC error.
 */
export async function serveJsonRpc(
  port: number,
  forward: (request: RelayedRequest) => Promise<unknown>,
): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      void (async () => {
        outgoing.setHeader("Access-Control-Allow-Origin", "*");
        outgoing.setHeader("Access-Control-Allow-Headers", "content-type");
        if (incoming.method === "OPTIONS") return outgoing.writeHead(204).end();
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as RelayedRequest | RelayedRequest[];
          const answer = Array.isArray(body) ? await Promise.all(body.map(forward)) : await forward(body);
          outgoing.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
        } catch (error) {
          outgoing
            .writeHead(200, { "content-type": "application/json" })
            .end(
              JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: (error as Error).message } }),
            );
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}
