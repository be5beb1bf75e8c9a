import express from "express";
import type { Express, Request, RequestHandler } from "express";
import helmet from "helmet";
import { authenticate } from "./auth/middleware";
import { accountRoutes, loginRoutes } from "./auth/routes";
import { batchRoutes } from "./batches/routes";
import { BULK_ROUTE, bulkJsonLimitBytes, certificateRoutes } from "./certificates/routes";
import { auditRoutes } from "./audit/routes";
import type { AppContext } from "./context";
import { metricsRoute } from "./metrics";
import { docsRoutes } from "./openapi/routes";
import { webRoutes } from "./http/web";
import { ApiError, errorHandler, notFound } from "./http/errors";
import { keyRoutes } from "./keys/routes";
import { DEFAULT_ANONYMOUS_LIMITS, rateLimitPerAddress } from "./public/limits";
import { holderRoutes } from "./public/holder-routes";
import { publicRoutes } from "./public/routes";
import { staffRoutes } from "./staff/routes";
import { verifyRoutes } from "./verify/routes";

/** Signed-in routes take a record, a policy, a list of ids to revoke: well under a megabyte. */
const JSON_LIMIT_BYTES = 1024 * 1024;
/** Anonymous routes take a credential, a link or a code: a few kilobytes. */
const ANONYMOUS_JSON_LIMIT_BYTES = 64 * 1024;
const ANONYMOUS_ROUTES = ["/api/verify", "/api/public", "/v/config.json"];
/** Room for the boundaries, part headers and form fields around an uploaded file. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/**
 * Refuses a body whose declared length is beyond every limit before reading any of it: the body
 * parser would otherwise read the whole body (discarding it) before answering 413.
 */
function refuseDeclaredOversize(maxBytes: number): RequestHandler {
  return (request, response, next) => {
    if (Number(request.get("content-length") ?? 0) <= maxBytes) return next();
    response.set("Connection", "close");
    next(new ApiError(413, "PAYLOAD_TOO_LARGE"));
  };
}

/** Builds the issuance server's HTTP application without listening (tests and main.ts share it). */
export function createApp(context: AppContext): Express {
  const app = express();
  app.disable("x-powered-by");
  // X-Forwarded-For names the client only when sent by a configured proxy; otherwise anyone could
  // pick the address that sign-in throttling and the audit log see.
  app.set("trust proxy", context.config.trustedProxies?.length ? context.config.trustedProxies : false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: { "default-src": ["'self'"], "img-src": ["'self'", "data:"], "connect-src": ["'self'"] },
      },
    }),
  );
  app.use((request, response, next) => {
    const stop = context.metrics.httpDuration.startTimer();
    response.on("finish", () => {
      const route = request.route ? `${request.baseUrl}${String(request.route.path)}` : "unmatched";
      stop({ method: request.method, route });
      context.metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  });
  // Anyone may call these: a rate per address and a small body, checked before reading any of it.
  app.use(ANONYMOUS_ROUTES, rateLimitPerAddress(context.config.anonymousLimits ?? DEFAULT_ANONYMOUS_LIMITS));
  app.use(
    ANONYMOUS_ROUTES,
    refuseDeclaredOversize(ANONYMOUS_JSON_LIMIT_BYTES),
    express.json({ limit: ANONYMOUS_JSON_LIMIT_BYTES }),
  );
  app.use(
    refuseDeclaredOversize(
      Math.max(
        JSON_LIMIT_BYTES,
        bulkJsonLimitBytes(context.config),
        context.config.maxUploadBytes + MULTIPART_OVERHEAD_BYTES,
      ),
    ),
  );
  // The bulk route reads its own, larger body once the caller is known, and parses it off the event loop.
  const isBulkRoute = (request: Request): boolean => request.path.toLowerCase().replace(/\/+$/, "") === BULK_ROUTE;
  app.use(
    express.json({
      limit: JSON_LIMIT_BYTES,
      type: (request) => !isBulkRoute(request as Request) && Boolean((request as Request).is("application/json")),
    }),
  );

  app.get("/metrics", metricsRoute(context.metrics, context.config.metricsToken));
  app.use("/api", docsRoutes());
  app.use("/api", publicRoutes(context));
  app.use("/api", holderRoutes(context));
  app.use("/api", verifyRoutes(context));
  app.use("/api", auditRoutes(context));
  // Sign-in, tokens, staff and certificate records carry secrets: no cache, shared or private, keeps them.
  app.use("/api", (_request, response, next) => {
    response.set("Cache-Control", "no-store");
    next();
  });
  app.use("/api", loginRoutes(context));
  // Everything below needs a session or API token.
  app.use("/api", authenticate(context.db, context.clock));
  app.use("/api", accountRoutes(context));
  app.use("/api", certificateRoutes(context));
  app.use("/api", batchRoutes(context));
  app.use("/api", staffRoutes(context));
  app.use("/api", keyRoutes(context));
  app.use("/api", () => {
    throw notFound();
  });
  app.use(webRoutes(context));
  app.use(errorHandler(context.logger));
  return app;
}
