import path from "node:path";
import express, { Router } from "express";
import { openApiDocument } from "./document";

const SWAGGER_UI = path.dirname(require.resolve("swagger-ui-dist/package.json"));

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tasdiq API</title>
<link rel="stylesheet" href="./swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="./swagger-ui-bundle.js"></script><script src="./init.js"></script></body></html>`;

// A script file rather than inline code, so the strict Content-Security-Policy holds on this page too.
const INIT = `window.ui = SwaggerUIBundle({ url: "../openapi.json", dom_id: "#swagger-ui" });`;

/** The OpenAPI document and a browsable page for it, served from local files (no CDN). */
export function docsRoutes(): Router {
  const router = Router();
  const document = openApiDocument();
  router.get("/openapi.json", (_request, response) => {
    response.json(document);
  });
  router.get("/docs", (request, response, next) => {
    if (!request.originalUrl.endsWith("/")) return response.redirect(301, `${request.originalUrl}/`);
    next();
  });
  router.get("/docs/", (_request, response) => {
    response.type("html").send(PAGE);
  });
  router.get("/docs/init.js", (_request, response) => {
    response.type("js").send(INIT);
  });
  router.use("/docs", express.static(SWAGGER_UI, { index: false }));
  return router;
}
