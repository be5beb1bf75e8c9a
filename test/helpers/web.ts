import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import path from "node:path";
import type { VerifierConfig } from "../../core";
import { WEB_DIST } from "../../scripts/lib/web-build";
import { webContentSecurityPolicy } from "../../server/http/web";

export { WEB_DIST, buildWebPages } from "../../scripts/lib/web-build";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

export interface StaticSite {
  /** The verifier page's address, `<origin>/v`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The built verifier served as plain static files with its own `v/config.json`, the way any web host
 * would serve it, under the issuance server's Content-Security-Policy unless given another.
 */
export async function serveVerifierStatically(config: VerifierConfig, { policy = webContentSecurityPolicy(config.rpcUrl), dist = WEB_DIST } = {}): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    response.setHeader("Content-Security-Policy", policy);
    if (pathname === "/v/config.json") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(config));
      return;
    }
    const file = path.join(dist, pathname === "/v" || pathname === "/v/" ? "v/index.html" : pathname);
    if (!file.startsWith(dist + path.sep) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/v`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
