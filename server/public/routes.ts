import { Router } from "express";
import type { AppContext } from "../context";
import { ApiError, notFound } from "../http/errors";
import { CertificateIdParam } from "../certificates/schemas";

/**
 * What anyone may read without signing in: a stored credential's ciphertext by id (useless without
 * the secret in the QR code), health and metrics. Cross-origin reads are allowed so a verifier page
 * served from elsewhere can fetch credentials.
 */
export function publicRoutes(context: AppContext): Router {
  const { db } = context;
  const router = Router();

  router.use("/public", (_request, response, next) => {
    response.set("Access-Control-Allow-Origin", "*");
    next();
  });

  // The busiest anonymous route: prepared once, and the stored JSON sent as it is, never parsed; nor
  // hashed for an ETag (express's send), as the answer is no-store.
  const storedCredential = db.prepare("SELECT envelope, status FROM certificates WHERE id = ?");
  router.get("/public/credentials/:id", (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    const row = storedCredential.get(id) as { envelope: string | null; status: string } | undefined;
    if (!row) throw notFound();
    // Served only once anchored: a credential of a batch that then fails would verify as invalid.
    if (row.envelope === null || row.status !== "confirmed") throw new ApiError(404, "CREDENTIAL_NOT_READY");
    response
      .set("Cache-Control", "no-store")
      .type("json")
      .end(`{"id":${JSON.stringify(id)},"encrypted":${row.envelope}}`);
  });

  router.get("/health", (_request, response) => {
    const pending = db
      .prepare("SELECT COUNT(*) FROM certificates WHERE status NOT IN ('confirmed', 'failed')")
      .pluck()
      .get() as number;
    const unsent = db
      .prepare("SELECT COUNT(*) FROM chain_transactions WHERE status IN ('queued', 'submitted')")
      .pluck()
      .get() as number;
    response.json({
      status: "ok",
      chainId: context.deployment.chainId,
      certificatesInProgress: pending,
      chainTransactionsInProgress: unsent,
    });
  });

  return router;
}
