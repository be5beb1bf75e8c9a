import { z } from "zod";
import type { ZodOpenApiPathsObject, ZodOpenApiResponseObject } from "zod-openapi";
import { ErrorAnswer } from "../../core/api";

/**
 * A feature's routes as it declares them beside its handlers: per path and method, the request's
 * schemas (path, query, headers, body) and the response's schema per status. The OpenAPI document is
 * generated from these declarations (`openapi/document.ts`), and tests check real answers against them.
 */
export type ApiPaths = ZodOpenApiPathsObject;

/** A JSON answer of `schema`. */
export const json = (schema: z.ZodType, description: string): ZodOpenApiResponseObject => ({
  description,
  content: { "application/json": { schema } },
});
export const jsonBody = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });
export const failure = (description: string): ZodOpenApiResponseObject => json(ErrorAnswer, description);

/** What every signed-in route may answer besides its own. */
export const signedInErrors = {
  "400": failure("Invalid input: code, field paths and messages"),
  "401": failure("Not signed in"),
  "403": failure(
    "Role not allowed (FORBIDDEN), an API token without the route's scope (TOKEN_SCOPE), or a one-time password not changed yet (PASSWORD_CHANGE_REQUIRED)",
  ),
};

/** What every anonymous route may answer besides its own: the rate per address and the body limit (`public/limits.ts`). */
export const anonymousErrors = {
  "413": failure("Body over 64 KiB (PAYLOAD_TOO_LARGE)"),
  "429": failure(
    "Too many requests from this address (TOO_MANY_REQUESTS); the Retry-After header says when to come back",
  ),
};

export const certificateIdPath = z.object({ id: z.string().meta({ description: "Certificate id (16 hex digits)" }) });
export const numericIdPath = z.object({ id: z.coerce.number().int() });
export const idempotencyHeader = z.object({
  "idempotency-key": z.string().optional().meta({ description: "Retrying with the same key returns the first answer" }),
});
export const NOT_ANCHORED = "Not anchored yet (NOT_ANCHORED_YET): details.status is the certificate's or batch's state";
