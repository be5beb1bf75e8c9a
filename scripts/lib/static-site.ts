import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";

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
  /** `http://host:port`, without a trailing slash. */
  origin: string;
  stop(): Promise<void>;
}

export interface StaticSiteOptions {
  /** Sent with every answer (e.g. the Content-Security-Policy). */
  headers?: Record<string, string>;
  host?: string;
  /** 0 for any free port. */
  port?: number;
  /** Answers kept in memory rather than in the folder, by path (e.g. a page's config.json). */
  files?: Record<string, { type: string; body: string }>;
}

/**
 * Serves a folder the way a plain static web host does: files as they are, a folder's index.html for
 * the folder (with or without its trailing slash), 404 for anything else.
 */
export async function serveStaticFolder(
  dir: string,
  { headers = {}, host = "127.0.0.1", port = 0, files = {} }: StaticSiteOptions = {},
): Promise<StaticSite> {
  const root = path.resolve(dir);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const kept = files[pathname];
    if (kept) {
      response.writeHead(200, { ...headers, "content-type": kept.type }).end(kept.body);
      return;
    }
    let file = path.join(root, pathname);
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if ((file !== root && !file.startsWith(root + path.sep)) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404, headers).end();
      return;
    }
    response
      .writeHead(200, { ...headers, "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" })
      .end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return {
    origin: `http://${host}:${typeof address === "object" && address ? address.port : port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The headers a `_headers` file (the format of Netlify and Cloudflare Pages) gives every path
 * (`/*`), for serving a built folder with the headers its build asks for.
 */
export function headersFile(dir: string): Record<string, string> {
  const file = path.join(dir, "_headers");
  if (!existsSync(file)) return {};
  const headers: Record<string, string> = {};
  let everyPath = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!/^\s/.test(line)) everyPath = line.trim() === "/*";
    const header = /^\s+([\w-]+):\s*(.*)$/.exec(line);
    if (everyPath && header?.[1] && header[2] !== undefined) headers[header[1]] = header[2];
  }
  return headers;
}
