import { Router } from "express";
import { recordAudit } from "../audit-log";
import { currentStaff, requireRole } from "../auth/middleware";
import type { AppContext, KeyCustody } from "../context";
import { ApiError, notFound } from "../http/errors";
import { latestRotation, requestSignerRotation } from "./rotation";
import { RotateKeyRequest } from "./schemas";
import { signerKeysOnChain } from "./signer-keys";

/**
 * Signer key management, for the admins of a university, limited to their own university: the keys
 * as the chain records them, and rotation to a new key. No private key is ever part of an answer.
 */
export function keyRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();
  router.use("/keys", requireRole("admin"));

  const custody = (): KeyCustody => {
    if (!context.keys) throw notFound();
    return context.keys;
  };

  router.get("/keys", async (_request, response) => {
    const { ring, provider } = custody();
    const { universityId } = currentStaff(response);
    const signers = await signerKeysOnChain(provider, context.deployment, universityId).catch((error: unknown) => {
      throw new ApiError(503, "CHAIN_UNREACHABLE", (error as Error).message.slice(0, 200));
    });
    const current = ring.signer(universityId).address;
    response.set("Cache-Control", "no-store").json({
      operator: ring.operator(universityId).address,
      currentSigner: current,
      signers: signers.map((key) => ({ ...key, current: key.address === current })),
      rotation: latestRotation(db, universityId) ?? null,
    });
  });

  router.post("/keys/rotate", async (request, response) => {
    RotateKeyRequest.parse(request.body ?? {});
    const { ring, keystore } = custody();
    const admin = currentStaff(response);
    const rotation = await requestSignerRotation(
      db,
      ring,
      keystore,
      { universityId: admin.universityId, staffId: admin.id },
      clock(),
    );
    if (!rotation) throw new ApiError(409, "ROTATION_IN_PROGRESS");
    recordAudit(
      db,
      {
        universityId: admin.universityId,
        staffId: admin.id,
        action: "signer.rotate",
        target: rotation.newSigner,
        detail: { oldSigner: rotation.oldSigner },
        ip: request.ip,
      },
      clock(),
    );
    response.status(202).json(rotation);
  });

  return router;
}
