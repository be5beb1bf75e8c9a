import { Router } from "express";
import { recordAudit } from "../audit-log";
import { currentStaff, requireRole } from "../auth/middleware";
import { IdParam } from "../auth/schemas";
import type { AppContext } from "../context";
import { RevokeRequest } from "../certificates/schemas";
import { certificatePdf } from "../certificates/pdf";
import { revokeBatch } from "../certificates/service";
import { ApiError, notFound } from "../http/errors";
import { streamZip } from "../http/zip-stream";

const NOTHING_TO_APPROVE = {
  ar: "هذه الدفعة لا تنتظر موافقة.",
  en: "This batch is not waiting for approval.",
  fr: "Ce lot n'attend pas d'approbation.",
};

const BATCH_TOO_LARGE = {
  ar: "الدفعة أكبر من أن تُنزَّل ملفًا مضغوطًا واحدًا؛ نزِّل ملفات PDF واحدًا واحدًا أو عبر الواجهة البرمجية.",
  en: "This batch is too large for one zip; download its PDFs one by one or through the API.",
  fr: "Ce lot est trop volumineux pour un seul zip ; téléchargez ses PDF un par un ou via l'API.",
};
/** Beyond this a download takes minutes: larger batches are fetched certificate by certificate. */
export const MAX_ZIPPED_PDFS = 5000;

const SELECT_BATCH = `SELECT id, status, count, root, needs_approval AS needsApproval, approved_at AS approvedAt, signer, block_number AS blockNumber,
  anchored_at AS anchoredAt, tx_hash AS txHash, error, revoked_at AS revokedAt, revocation_reason AS revocationReason,
  created_at AS createdAt, updated_at AS updatedAt FROM batches`;

export function batchRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();

  const batchOf = (universityId: number, id: number) => {
    const batch = db.prepare(`${SELECT_BATCH} WHERE id = ? AND university_id = ?`).get(id, universityId) as Record<string, unknown> | undefined;
    if (!batch) throw notFound();
    return batch;
  };

  router.get("/batches", (_request, response) => {
    const universityId = currentStaff(response).universityId;
    response.json({ batches: db.prepare(`${SELECT_BATCH} WHERE university_id = ? ORDER BY id DESC LIMIT 500`).all(universityId) });
  });

  router.get("/batches/:id", (request, response) => {
    const { id } = IdParam.parse(request.params);
    response.json(batchOf(currentStaff(response).universityId, id));
  });

  router.get("/batches/:id/pdfs.zip", async (request, response) => {
    const { id } = IdParam.parse(request.params);
    const { universityId } = currentStaff(response);
    batchOf(universityId, id);
    const ids = db.prepare("SELECT id FROM certificates WHERE batch_id = ? AND university_id = ? ORDER BY id").pluck().all(id, universityId) as string[];
    if (ids.length > MAX_ZIPPED_PDFS) throw new ApiError(413, "BATCH_TOO_LARGE", BATCH_TOO_LARGE, { count: ids.length, max: MAX_ZIPPED_PDFS });
    // The first PDF is rendered before answering, so that a batch not signed yet gets its 409.
    const first = ids.length > 0 ? await certificatePdf(context, universityId, ids[0] as string) : undefined;
    response.type("application/zip").set("Content-Disposition", `attachment; filename="tasdiq-batch-${id}.zip"`);
    await streamZip(response, ids.length, (index) => (index === 0 && first ? Promise.resolve(first) : certificatePdf(context, universityId, ids[index] as string)), (index) => `tasdiq-${ids[index] as string}.pdf`);
  });

  router.post("/batches/:id/approve", requireRole("approver", "admin"), (request, response) => {
    const { id } = IdParam.parse(request.params);
    const staff = currentStaff(response);
    batchOf(staff.universityId, id);
    const changed = db
      .prepare("UPDATE batches SET approved_by = ?, approved_at = ?, updated_at = ? WHERE id = ? AND needs_approval = 1 AND approved_at IS NULL AND status = 'batched'")
      .run(staff.id, clock().getTime(), clock().getTime(), id).changes;
    if (changed !== 1) throw new ApiError(409, "NOT_AWAITING_APPROVAL", NOTHING_TO_APPROVE);
    recordAudit(db, { universityId: staff.universityId, staffId: staff.id, action: "batch.approve", target: String(id), ip: request.ip }, clock());
    response.json(batchOf(staff.universityId, id));
  });

  router.post("/batches/:id/revoke", requireRole("registrar", "admin"), (request, response) => {
    const { id } = IdParam.parse(request.params);
    const { reason } = RevokeRequest.parse(request.body);
    const staff = currentStaff(response);
    const result = revokeBatch(context, staff, id, reason);
    recordAudit(db, { universityId: staff.universityId, staffId: staff.id, action: "batch.revoke", target: String(id), detail: { reason }, ip: request.ip }, clock());
    response.status(202).json(result);
  });

  return router;
}
