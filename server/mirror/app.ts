import express from "express";
import type { Express } from "express";
import helmet from "helmet";
import { z } from "zod";
import { ChainReadError, CredentialId, MIRROR_PUSH_MAX_BYTES, MirrorPush, mirrorPushSigner } from "../../core";
import type { ChainReader, Deployment } from "../../core";
import { ApiError, errorHandler, notFound } from "../http/errors";
import type { Logger } from "../logger";
import { rateLimitPerAddress } from "../public/limits";
import type { AnonymousLimits } from "../public/limits";
import type { MirrorStore } from "./store";

/** What a mirror's HTTP application needs; built by `startMirror`, or by tests with real adapters. */
export interface MirrorContext {
  store: MirrorStore;
  deployment: Deployment;
  reader: ChainReader;
  /** The country of the ministry running the mirror; null for the authority's, which keeps every country's. */
  country: string | null;
  logger: Logger;
  clock: () => Date;
  /** Requests per second and burst per caller address, on every route. */
  limits: Pick<AnonymousLimits, "ratePerSecond" | "burst">;
  /** Express `trust proxy`: the proxies whose X-Forwarded-For names the caller; empty: none. */
  trustedProxies: readonly string[];
}

const UniversityParam = z.object({ universityId: z.coerce.number().int().positive().max(0xffffffff) });
const CredentialParams = UniversityParam.extend({ id: CredentialId });

/**
 * Accepts a push when its signer is the university's operator on chain, the university is accredited
 * now, and (for a ministry's mirror) of that ministry's country. Returns how many copies were new.
 */
async function acceptPush(context: MirrorContext, push: MirrorPush): Promise<{ kept: number }> {
  let university;
  try {
    university = await context.reader.university(push.universityId);
  } catch (error) {
    if (error instanceof ChainReadError) throw new ApiError(503, "CHAIN_UNREACHABLE");
    throw error;
  }
  // An unknown university has no operator: its pushes are refused like a stranger's.
  if (!university || mirrorPushSigner(context.deployment, push) !== university.operator)
    throw new ApiError(403, "MIRROR_PUSH_NOT_OPERATOR");
  if (!university.accredited) throw new ApiError(403, "MIRROR_UNIVERSITY_NOT_ACCREDITED");
  if (context.country !== null && university.country !== context.country)
    throw new ApiError(403, "MIRROR_WRONG_COUNTRY");
  const kept = context.store.keep(push.universityId, push.entries, context.clock().getTime());
  context.logger.info({ university: push.universityId, entries: push.entries.length, kept }, "push kept");
  return { kept };
}

/**
 * A mirror's HTTP application: the stored credentials of the universities it mirrors, under the same
 * route as on a university's server with the university's id in front
 * (`/universities/<id>/api/public/credentials/<credential id>`), and the signed pushes that fill it.
 */
export function createMirrorApp(context: MirrorContext): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", context.trustedProxies.length > 0 ? [...context.trustedProxies] : false);
  // Verifier pages of any origin read the stored credentials.
  app.use(helmet({ crossOriginResourcePolicy: { policy: "cross-origin" } }));
  // Anyone may read and anyone may try a push: each address gets its share, then 429 with Retry-After.
  app.use(rateLimitPerAddress(context.limits));

  app.get("/universities/:universityId/api/public/credentials/:id", (request, response) => {
    response.set("Access-Control-Allow-Origin", "*");
    const { universityId, id } = CredentialParams.parse(request.params);
    const row = context.store.get(universityId, id);
    if (!row) throw notFound();
    response
      .set("Cache-Control", "no-store")
      .type("json")
      .end(`{"id":${JSON.stringify(id)},"encrypted":${row.envelope}}`);
  });

  app.post("/api/pushes", express.json({ limit: MIRROR_PUSH_MAX_BYTES }), async (request, response) => {
    const push = MirrorPush.parse(request.body);
    response.json(await acceptPush(context, push));
  });

  app.get("/api/health", (_request, response) => {
    response.json({ status: "ok", chainId: context.deployment.chainId, credentials: context.store.count() });
  });

  app.use(() => {
    throw notFound();
  });
  app.use(errorHandler(context.logger));
  return app;
}
