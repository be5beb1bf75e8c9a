import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { VerifierConfig } from "../../core";
import { webContentSecurityPolicy } from "../../server/http/web";

const ROOT = path.join(__dirname, "..", "..");
/** Where `npm run build:web` writes the pages. */
export const WEB_DIST = path.join(ROOT, "web", "dist");
const BUILT_PAGE = path.join(WEB_DIST, "v", "index.html");
/** What the built pages are made of: a change to any of these makes the build stale. */
const SOURCES = [path.join(ROOT, "web"), path.join(ROOT, "core"), path.join(ROOT, "package-lock.json")];
const LOCK = path.join(tmpdir(), `tasdiq-web-build-${Buffer.from(ROOT).toString("hex").slice(-16)}.lock`);

function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry)
    .filter((name) => name !== "dist" && name !== "node_modules")
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

const isFresh = (): boolean => existsSync(BUILT_PAGE) && statSync(BUILT_PAGE).mtimeMs >= Math.max(...SOURCES.map(newestChange));

async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      // Another test file is building; a lock left by a killed run is taken over after two minutes.
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Builds web/ with Vite (`npm run build:web`) unless web/dist is newer than every source, so test
 * files and scripts always load the current page; test files running in parallel build it once.
 */
export async function buildWebPages(): Promise<string> {
  if (isFresh()) return WEB_DIST;
  await acquireLock();
  try {
    if (!isFresh()) {
      await promisify(execFile)(process.execPath, [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "web/vite.config.mts", "--logLevel", "warn"], { cwd: ROOT });
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  return WEB_DIST;
}

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
