import express from "express";
import type { Express } from "express";
import helmet from "helmet";
import { authenticate } from "./auth/middleware";
import { accountRoutes, loginRoutes } from "./auth/routes";
import { batchRoutes } from "./batches/routes";
import { certificateRoutes } from "./certificates/routes";
import type { AppContext } from "./context";
import { docsRoutes } from "./http/docs";
import { webRoutes } from "./http/web";
import { errorHandler, notFound } from "./http/errors";
import { publicRoutes } from "./public/routes";
import { staffRoutes } from "./staff/routes";
import { verifyRoutes } from "./verify/routes";

const JSON_LIMIT = "20mb";

/** Builds the issuance server's HTTP application without listening (tests and main.ts share it). */
export function createApp(context: AppContext): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
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
  app.use(express.json({ limit: JSON_LIMIT }));

  app.get("/metrics", async (_request, response) => {
    response.type(context.metrics.registry.contentType).send(await context.metrics.registry.metrics());
  });
  app.use("/api", docsRoutes());
  app.use("/api", publicRoutes(context));
  app.use("/api", verifyRoutes(context));
  app.use("/api", loginRoutes(context));
  // Everything below needs a session or API token.
  app.use("/api", authenticate(context.db, context.clock));
  app.use("/api", accountRoutes(context));
  app.use("/api", certificateRoutes(context));
  app.use("/api", batchRoutes(context));
  app.use("/api", staffRoutes(context));
  app.use("/api", () => {
    throw notFound();
  });
  app.use(webRoutes(context));
  app.use(errorHandler(context.logger));
  return app;
}
