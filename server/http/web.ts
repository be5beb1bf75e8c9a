import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import { VerifierConfig } from "../../core";
import type { AppContext } from "../context";
import { PROJECT_ROOT } from "../paths";

/** Where `npm run build:web` writes the pages. */
export const DEFAULT_WEB_DIST = path.join(PROJECT_ROOT, "web", "dist");

/**
 * The policy of the web pages: everything from this origin, except what the verifier must reach —
 * the chain RPC and the issuance servers of universities (found on chain, so any https origin, and
 * loopback for a local deployment). WebAssembly for the QR decoder; workers for pdf.js.
 */
export function webContentSecurityPolicy(rpcUrls: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${[...new Set(rpcUrls.map((url) => new URL(url).origin))].join(" ")} https: http://127.0.0.1:* http://localhost:*`,
    "worker-src 'self' blob:",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The ministry dashboard's policy: only its own files, and connections only to `connectTo` (its RPC
 * and audit origins), so that even a modified script has nowhere to send a key or a signature.
 */
export function dashboardContentSecurityPolicy(connectTo: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connectTo.join(" ")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The built dashboard page with its configuration (web/ministry/src/config.ts) in a JSON block and,
 * when given, its policy as a `<meta http-equiv>` ahead of every script, so that the policy holds
 * on a static host that sends no header.
 */
export function dashboardPage(html: string, config: Record<string, unknown>, policy?: string): string {
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  // A <meta> policy cannot say frame-ancestors (browsers ignore it there, with a console error); the header does.
  const metaPolicy = policy
    ?.split("; ")
    .filter((directive) => !directive.startsWith("frame-ancestors"))
    .join("; ");
  const meta = metaPolicy
    ? `<meta http-equiv="Content-Security-Policy" content="${metaPolicy.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}" />`
    : "";
  return html
    .replace(/<meta charset="utf-8"\s*\/?>/i, (charset) => charset + meta)
    .replace("</head>", `<script type="application/json" id="dashboard-config">${json}</script></head>`);
}

/** The other built pages, each served at its folder's name. */
const PAGES = ["v", "portal"] as const;

/**
 * Serves the built pages (verifier at /v, registrar portal at /portal, ministry dashboard at
 * /ministry) and the verifier's configuration. The dashboard here is a read-only copy: a university's
 * server never serves a page a ministry signs in (docs/deploy.md), so its configuration says so and
 * its policy lets it reach this server only.
 */
export function webRoutes(context: AppContext): Router {
  const router = Router();
  const dist = context.config.webDist;
  const { publicRpcUrl, publicCrossCheckRpcUrls = [] } = context.config;
  const config = VerifierConfig.parse({
    rpcUrl: publicRpcUrl,
    ...(publicCrossCheckRpcUrls.length > 0 ? { crossCheckRpcUrls: publicCrossCheckRpcUrls } : {}),
    deployments: [context.deployment],
  });
  router.get("/v/config.json", (_request, response) => {
    response.set("Cache-Control", "no-cache").json(config);
  });
  if (!dist || !existsSync(path.join(dist, "v", "index.html"))) return router;
  const policy = webContentSecurityPolicy([publicRpcUrl, ...publicCrossCheckRpcUrls]);
  router.use((_request, response, next) => {
    response.set("Content-Security-Policy", policy);
    next();
  });
  const dashboard = readFileSync(path.join(dist, "ministry", "index.html"), "utf8");
  const dashboardPolicy = dashboardContentSecurityPolicy(["'self'"]);
  router.get(["/ministry", "/ministry/"], (_request, response) => {
    const link = context.config.ministryDashboardUrl;
    const page = dashboardPage(dashboard, {
      servedBy: "issuance-server",
      ...(link ? { ministryDashboard: link } : {}),
    });
    response.set({ "Content-Security-Policy": dashboardPolicy, "Cache-Control": "no-cache" }).type("html").send(page);
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
