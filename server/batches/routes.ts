import { Router } from "express";
import { recordAudit } from "../audit-log";
import { currentStaff, requireRole } from "../auth/middleware";
import { IdParam } from "../auth/schemas";
import type { AppContext } from "../context";
import { RevokeRequest } from "../certificates/schemas";
import { certificateFileName, certificatePdf, notConfirmed } from "../certificates/pdf";
import { revokeBatch } from "../certificates/service";
import { ApiError } from "../http/errors";
import { streamZip } from "../http/zip-stream";
import { storeOf } from "../store";
import { ApprovalPolicyRequest, RefuseRequest } from "./schemas";
import {
  approvalPolicyView,
  approveBatch,
  getBatch,
  listBatches,
  refuseBatch,
  resealBatch,
  updateApprovalPolicy,
} from "./service";

/** Beyond this a download takes minutes: larger batches are fetched certificate by certificate. */
const MAX_ZIPPED_PDFS = 5000;

export function batchRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();

  router.get("/batches", (_request, response) => {
    response.json({ batches: listBatches(db, currentStaff(response).universityId) });
  });

  router.get("/batches/:id", (request, response) => {
    const { id } = IdParam.parse(request.params);
    response.json(getBatch(db, currentStaff(response).universityId, id));
  });

  router.get("/batches/:id/pdfs.zip", async (request, response) => {
    const { id } = IdParam.parse(request.params);
    const { universityId } = currentStaff(response);
    const batch = getBatch(db, universityId, id);
    if (batch.status !== "confirmed") throw notConfirmed(batch.status);
    const files = storeOf(db).certificates.filesOfBatch(universityId, id);
    if (files.length > MAX_ZIPPED_PDFS)
      throw new ApiError(413, "BATCH_TOO_LARGE", { count: files.length, max: MAX_ZIPPED_PDFS });
    const pdfOf = (index: number) => certificatePdf(context, universityId, (files[index] as { id: string }).id);
    // The first PDF is rendered before answering, so that any other refusal still gets its 4xx.
    const first = files.length > 0 ? await pdfOf(0) : undefined;
    response.type("application/zip").set("Content-Disposition", `attachment; filename="tasdiq-batch-${id}.zip"`);
    await streamZip(
      response,
      files.length,
      (index) => (index === 0 && first ? Promise.resolve(first) : pdfOf(index)),
      (index) => certificateFileName(files[index] as (typeof files)[number]),
    );
  });

  const reviewers = requireRole("approver", "admin");
  router.post("/batches/:id/approve", reviewers, (request, response) => {
    const { id } = IdParam.parse(request.params);
    response.json(approveBatch(context, currentStaff(response), id, request.ip));
  });

  router.post("/batches/:id/refuse", reviewers, (request, response) => {
    const { id } = IdParam.parse(request.params);
    const { reason } = RefuseRequest.parse(request.body);
    response.json(refuseBatch(context, currentStaff(response), id, reason, request.ip));
  });

  router.post("/batches/:id/reseal", requireRole("registrar", "admin"), async (request, response) => {
    const { id } = IdParam.parse(request.params);
    const staff = currentStaff(response);
    const result = await resealBatch(context, staff, id);
    recordAudit(
      db,
      {
        universityId: staff.universityId,
        staffId: staff.id,
        action: "batch.reseal",
        target: String(id),
        detail: { certificates: result.resealed },
        ip: request.ip,
      },
      clock(),
    );
    response.status(202).json(result);
  });

  router.get("/approval-policy", (_request, response) => {
    response.json(approvalPolicyView(context, currentStaff(response).universityId));
  });

  router.put("/approval-policy", requireRole("admin"), (request, response) => {
    const policy = ApprovalPolicyRequest.parse(request.body);
    const staff = currentStaff(response);
    const result = updateApprovalPolicy(context, staff, policy);
    recordAudit(
      db,
      {
        universityId: staff.universityId,
        staffId: staff.id,
        action: "approval-policy.update",
        detail: policy,
        ip: request.ip,
      },
      clock(),
    );
    response.json(result);
  });

  router.post("/batches/:id/revoke", requireRole("registrar", "admin"), (request, response) => {
    const { id } = IdParam.parse(request.params);
    const { reason } = RevokeRequest.parse(request.body);
    const staff = currentStaff(response);
    const result = revokeBatch(context, staff, id, reason);
    recordAudit(
      db,
      {
        universityId: staff.universityId,
        staffId: staff.id,
        action: "batch.revoke",
        target: String(id),
        detail: { reason },
        ip: request.ip,
      },
      clock(),
    );
    response.status(202).json(result);
  });

  return router;
}
