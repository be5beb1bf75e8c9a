import http from "node:http";
import https from "node:https";
import type { RpcFetch } from "../core";

/** An answer of a node larger than this is refused: the largest proofs a verification asks for are tens of KB. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * Posts JSON-RPC requests to the chain nodes over kept-alive node:http connections. Node's global
 * `fetch` costs several times the CPU per request, which a flood of verifications multiplies.
 */
export function keptAliveRpcFetch(timeoutMs: number): RpcFetch {
  const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
  return (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const client = target.protocol === "https:" ? https : http;
      const agent = agents[target.protocol as keyof typeof agents];
      if (!agent) return reject(new Error(`${target.protocol} is not a protocol of a chain node`));
      const request = client.request(
        target,
        {
          method: init.method,
          headers: { ...init.headers, "content-length": Buffer.byteLength(init.body) },
          agent,
          signal: AbortSignal.timeout(timeoutMs),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          response.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes > MAX_ANSWER_BYTES)
              response.destroy(new Error(`${url} answered more than ${MAX_ANSWER_BYTES} bytes`));
            else chunks.push(chunk);
          });
          response.on("error", reject);
          // The timeout or the size bound cut the answer short.
          response.on("close", () => {
            if (!response.complete) reject(new Error(`${url} did not finish its answer`));
          });
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            const body = Buffer.concat(chunks).toString("utf8");
            resolve({ ok: status >= 200 && status < 300, status, json: async () => JSON.parse(body) as unknown });
          });
        },
      );
      request.on("error", reject);
      request.end(init.body);
    });
}
