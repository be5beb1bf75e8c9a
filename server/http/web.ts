import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import { VerifierConfig } from "../../core";
import type { AppContext } from "../context";

/** Where `npm run build:web` writes the pages. */
export const DEFAULT_WEB_DIST = path.join(__dirname, "..", "..", "web", "dist");

/**
 * The policy of the web pages: everything from this origin, except what the verifier must reach —
 * the chain RPC and the issuance servers of universities (found on chain, so any https origin, and
 * loopback for a local deployment). WebAssembly for the QR decoder; workers for pdf.js.
 */
export function webContentSecurityPolicy(publicRpcUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${new URL(publicRpcUrl).origin} https: http://127.0.0.1:* http://localhost:*`,
    "worker-src 'self' blob:",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The built pages, each served at its folder's name. */
const PAGES = ["v", "ministry", "portal"] as const;

/**
 * Serves the built pages (verifier at /v, registrar portal at /portal, ministry dashboard at
 * /ministry) and the verifier's configuration, which the dashboard reads too.
 */
export function webRoutes(context: AppContext): Router {
  const router = Router();
  const dist = context.config.webDist;
  const config = VerifierConfig.parse({ rpcUrl: context.config.publicRpcUrl, deployments: [context.deployment] });
  router.get("/v/config.json", (_request, response) => {
    response.set("Cache-Control", "no-cache").json(config);
  });
  if (!dist || !existsSync(path.join(dist, "v", "index.html"))) return router;
  const policy = webContentSecurityPolicy(context.config.publicRpcUrl);
  router.use((_request, response, next) => {
    response.set("Content-Security-Policy", policy);
    next();
  });
  for (const page of PAGES) {
    router.get([`/${page}`, `/${page}/`], (_request, response) => {
      response.set("Cache-Control", "no-cache").sendFile(path.join(dist, page, "index.html"));
    });
  }
  router.get("/", (_request, response) => response.redirect(302, "/v"));
  router.use(express.static(dist, { index: false, maxAge: "1h" }));
  return router;
}
