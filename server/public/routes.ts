import { Router } from "express";
import type { AppContext } from "../context";
import { ApiError, notFound } from "../http/errors";
import { CertificateIdParam } from "../certificates/schemas";
import { storeOf } from "../store";

/** How old the figures `/api/health` gives may be, in ms. */
const HEALTH_FIGURES_MS = 1000;

/** A holder's derived credential, published once stored: its certificate was anchored before. */
const derivedRow = (envelope: string | undefined) =>
  envelope === undefined ? undefined : { envelope, status: "confirmed" as const };

/**
 * What anyone may read without signing in: a stored credential's ciphertext by id (useless without
 * the secret in the QR code, or, for a holder's derived credential, in its link), health and
 * metrics. Cross-origin calls under /public are allowed, the holder's (`holder-routes.ts`, mounted
 * after these) included, so a verifier page served from elsewhere can fetch credentials.
 */
export function publicRoutes(context: AppContext): Router {
  const { certificates, counts, derivedCredentials } = storeOf(context.db);
  const router = Router();

  router.use("/public", (_request, response, next) => {
    response.set("Access-Control-Allow-Origin", "*");
    next();
  });

  // The busiest anonymous route: its statement prepared once (the store's), and the stored JSON sent
  // as it is, never parsed; nor hashed for an ETag (express's send), as the answer is no-store.
  router.get("/public/credentials/:id", (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    const row = certificates.published(id) ?? derivedRow(derivedCredentials.published(id));
    if (!row) throw notFound();
    // Served only once anchored: a credential of a batch that then fails would verify as invalid.
    if (row.envelope === null || row.status !== "confirmed") throw new ApiError(404, "CREDENTIAL_NOT_READY");
    response
      .set("Cache-Control", "no-store")
      .type("json")
      .end(`{"id":${JSON.stringify(id)},"encrypted":${row.envelope}}`);
  });

  // Counting reads every certificate not yet anchored: done at most once a second, however often
  // balancers, monitors or anyone else ask.
  let figures: { at: number; certificatesInProgress: number; chainTransactionsInProgress: number } | undefined;
  router.get("/health", (_request, response) => {
    const now = Date.now();
    if (!figures || now - figures.at >= HEALTH_FIGURES_MS)
      figures = {
        at: now,
        certificatesInProgress: counts.certificatesInProgress(),
        chainTransactionsInProgress: counts.chainTransactionsInProgress(),
      };
    response.json({
      status: "ok",
      chainId: context.deployment.chainId,
      certificatesInProgress: figures.certificatesInProgress,
      chainTransactionsInProgress: figures.chainTransactionsInProgress,
    });
  });

  return router;
}
