import type { AddressInfo } from "node:net";
import { serveJsonRpc } from "../../scripts/lib/json-rpc-relay";
import type { RelayedRequest } from "../../scripts/lib/json-rpc-relay";

/** Rewrites the node's answer to one request: return the result to send instead (or the same one). */
export type Rewrite = (method: string, params: unknown[], result: unknown) => unknown;

/** A JSON-RPC node that forwards to a real one and lies where `rewrite` says, as a compromised provider would. */
export interface LyingRpc {
  url: string;
  stop(): Promise<void>;
}

export async function startLyingRpc(target: string, rewrite: Rewrite): Promise<LyingRpc> {
  const forward = async (request: RelayedRequest): Promise<unknown> => {
    const response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    const answer = (await response.json()) as { result?: unknown };
    if (!("result" in answer)) return answer;
    return { ...answer, result: rewrite(request.method, request.params ?? [], answer.result) };
  };
  const server = await serveJsonRpc(0, forward);
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
