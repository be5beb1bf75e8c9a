import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Database } from "./db/database";
import { storeOf } from "./store";
import { failure } from "./http/api-paths";
import type { ApiPaths } from "./http/api-paths";
import { ApiError, notFound } from "./http/errors";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
}

/**
 * Prometheus metrics: process figures, HTTP traffic, and the issuance pipeline read from the database
 * at each scrape (certificates, batches and chain transactions per status).
 */
export function createMetrics(db: Database): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tasdiq_" });
  const counts = storeOf(db).counts;
  const gauge = (name: string, help: string, read: () => { status: string; n: number }[]): void => {
    new Gauge({
      name,
      help,
      labelNames: ["status"],
      registers: [registry],
      collect() {
        this.reset();
        for (const { status, n } of read()) this.set({ status }, n);
      },
    });
  };
  gauge("tasdiq_certificates", "Certificates by issuance status", counts.certificatesByStatus);
  gauge("tasdiq_batches", "Batches by status", counts.batchesByStatus);
  gauge("tasdiq_chain_transactions", "Outgoing chain transactions by status", counts.chainTransactionsByStatus);
  return {
    registry,
    httpRequests: new Counter({
      name: "tasdiq_http_requests_total",
      help: "HTTP requests",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "tasdiq_http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
  };
}

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/**
 * GET /metrics for a scraper holding `token` (`Authorization: Bearer`), compared in constant time;
 * the figures say how much a university issues and when, so they are not public. Without a
 * configured token the route answers 404, as if it did not exist.
 */
export function metricsRoute(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (request, response) => {
    if (!token) throw notFound();
    const given = /^Bearer\s+(\S+)$/i.exec(request.get("authorization") ?? "")?.[1] ?? "";
    // Digests of equal length, so neither the comparison nor its length check depends on the secret.
    if (!timingSafeEqual(digest(given), digest(token))) {
      response.set("WWW-Authenticate", "Bearer");
      throw new ApiError(401, "UNAUTHENTICATED");
    }
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

/** The route of `metricsRoute`, beside it. */
export const metricsApi: ApiPaths = {
  "/metrics": {
    get: {
      security: [{ metrics: [] }],
      summary: "Prometheus metrics, for the bearer of TASDIQ_METRICS_TOKEN; not served (404) when none is configured",
      responses: {
        "200": { description: "Text exposition format" },
        "401": failure("Token missing or wrong"),
        "404": failure("No metrics token configured"),
      },
    },
  },
};
