import type { ChainEndpoint } from "./proof-reader";

/**
 * How a request reaches a node: the caller's `fetch` (the browser's, Node's, or a wrapper of it), or
 * anything answering the part of a `Response` read here.
 */
export type RpcFetch = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string },
) => Promise<Pick<Response, "ok" | "status" | "json">>;

/**
 * A chain endpoint speaking JSON-RPC over HTTP through `fetch`, named by its URL. An answer with an
 * `error`, without a `result`, or not JSON rejects.
 */
export function httpChainEndpoint(url: string, fetch: RpcFetch): ChainEndpoint {
  let nextId = 1;
  return {
    name: url,
    async send(method, params) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
      });
      if (!response.ok) throw new Error(`${url} answered ${method} with HTTP ${response.status}`);
      const answer = (await response.json()) as { result?: unknown; error?: { message?: unknown } };
      if (answer.error !== undefined) throw new Error(`${url} refused ${method}: ${String(answer.error.message)}`);
      if (!("result" in answer)) throw new Error(`${url} answered ${method} without a result`);
      return answer.result;
    },
  };
}
