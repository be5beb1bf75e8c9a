import { createDocument } from "zod-openapi";
import type { ZodOpenApiObject } from "zod-openapi";
import { auditApi } from "../audit/api";
import { authApi } from "../auth/api";
import { batchesApi } from "../batches/api";
import { certificatesApi } from "../certificates/api";
import type { ApiPaths } from "../http/api-paths";
import { keysApi } from "../keys/api";
import { metricsApi } from "../metrics";
import { publicApi } from "../public/api";
import { staffApi } from "../staff/api";
import { verifyApi } from "../verify/api";

/**
 * Every route of the API as its feature declares it beside its handlers: request and response
 * schemas per status. Nothing about a route is written here, so nothing here can drift from it.
 */
export function apiPaths(): ApiPaths {
  return {
    ...authApi,
    ...staffApi,
    ...keysApi,
    ...certificatesApi,
    ...batchesApi,
    ...publicApi,
    ...verifyApi,
    ...auditApi,
    ...metricsApi,
  };
}

const INFO: ZodOpenApiObject["info"] = {
  title: "Tasdiq issuance API",
  version: "1.0.0",
  description: "Issue, list and revoke blockchain-anchored academic certificates.",
};

/** Signed-in routes take a session or API token; `/metrics` its own token. Public routes say `security: []`. */
const SECURITY_SCHEMES: NonNullable<ZodOpenApiObject["components"]>["securitySchemes"] = {
  bearer: {
    type: "http",
    scheme: "bearer",
    description: "Session token from /api/auth/login, or an API token (only within its scopes)",
  },
  metrics: { type: "http", scheme: "bearer", description: "TASDIQ_METRICS_TOKEN" },
};

/** The OpenAPI 3.1 document of the issuance API, generated from the routes' own zod schemas. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: "3.1.0",
    info: INFO,
    components: { securitySchemes: SECURITY_SCHEMES },
    security: [{ bearer: [] }],
    paths: apiPaths(),
  });
}
