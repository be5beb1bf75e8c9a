import { Router } from "express";
import type { RequestHandler } from "express";
import multer from "multer";
import { z } from "zod";
import { recordAudit } from "../audit-log";
import { currentStaff, requireRole } from "../auth/middleware";
import type { AppContext } from "../context";
import { ApiError, MESSAGES } from "../http/errors";
import { parseGraduatesFile } from "./import";
import { BulkIssueRequest, CertificateIdParam, CertificateQuery, IdempotencyKey, IssueRequest, RevokeManyRequest, RevokeRequest, assertIssuableAt } from "./schemas";
import type { IssueRequest as IssueRequestType } from "./schemas";
import { certificatePdf } from "./pdf";
import { assertUniversityCanIssue, getCertificate, issueCertificates, listCertificates, revokeCertificates } from "./service";

const INVALID_FILE = {
  ar: "الملف يحتوي على أخطاء ولم تُصدَر أي شهادة. صحِّح الخلايا المذكورة، أو اطلب إصدار الصفوف الصحيحة فقط.",
  en: "The file has errors and nothing was issued. Fix the listed cells, or ask to issue the valid rows only.",
  fr: "Le fichier contient des erreurs et rien n'a été émis. Corrigez les cellules indiquées ou demandez l'émission des seules lignes valides.",
};
const NO_FILE = {
  ar: "أرسل ملف CSV أو XLSX في الحقل file، أو قائمة JSON.",
  en: "Send a CSV or XLSX file in the field `file`, or a JSON list.",
  fr: "Envoyez un fichier CSV ou XLSX dans le champ `file`, ou une liste JSON.",
};

const MALFORMED_UPLOAD = {
  ar: "تعذّرت قراءة الطلب متعدد الأجزاء. أرسل ملفًا واحدًا في الحقل file.",
  en: "The multipart request could not be read. Send one file in the field `file`.",
  fr: "La requête multipart est illisible. Envoyez un seul fichier dans le champ `file`.",
};

/**
 * The upload middleware, with multer's and busboy's errors (a second file, an unexpected field, a
 * broken or truncated multipart body) answered as the client's mistakes they are, not as a 500.
 */
function receiveFile(upload: multer.Multer): RequestHandler {
  const single = upload.single("file");
  return (request, response, next) =>
    single(request, response, (error?: unknown) => {
      if (error === undefined) return next();
      const code = (error as { code?: string }).code;
      if (code === "LIMIT_FILE_SIZE" || code === "LIMIT_FIELD_VALUE") return next(new ApiError(413, "PAYLOAD_TOO_LARGE", MESSAGES.PAYLOAD_TOO_LARGE));
      next(new ApiError(400, "MALFORMED_UPLOAD", MALFORMED_UPLOAD, (error as Error).message));
    });
}

const BulkOptions = z.strictObject({ validOnly: z.enum(["true", "false"]).optional() });
/** A file where every cell is wrong could give hundreds of thousands of errors: the first ones are enough to act on. */
const MAX_REPORTED_ERRORS = 1000;

export function certificateRoutes(context: AppContext): Router {
  const { db, clock } = context;
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: context.config.maxUploadBytes, files: 1, fields: 5 } });
  const issuers = requireRole("registrar", "admin");

  const issue = async (request: import("express").Request, response: import("express").Response, requests: IssueRequestType[]) => {
    const staff = currentStaff(response);
    await assertUniversityCanIssue(context, staff.universityId);
    const key = request.get("idempotency-key");
    const issued = issueCertificates(context, staff, requests, key === undefined ? undefined : IdempotencyKey.parse(key));
    recordAudit(db, { universityId: staff.universityId, staffId: staff.id, action: "certificates.issue", detail: { count: issued.length, ids: issued.slice(0, 20).map((c) => c.id) }, ip: request.ip }, clock());
    return issued;
  };

  router.post("/certificates", issuers, async (request, response) => {
    const certificate = IssueRequest.parse(request.body);
    assertIssuableAt([certificate], clock(), () => []);
    const [issued] = await issue(request, response, [certificate]);
    response.status(202).json(issued);
  });

  router.post("/certificates/bulk", issuers, receiveFile(upload), async (request, response) => {
    if (!request.file) {
      if (request.is("multipart/form-data")) throw new ApiError(400, "FILE_MISSING", NO_FILE);
      const { certificates } = BulkIssueRequest.parse(request.body);
      assertIssuableAt(certificates, clock(), (index) => ["certificates", index]);
      response.status(202).json({ accepted: certificates.length, certificates: await issue(request, response, certificates), errors: [] });
      return;
    }
    const { validOnly } = BulkOptions.parse({ ...request.query, ...request.body });
    const result = await parseGraduatesFile(new Uint8Array(request.file.buffer), request.file.originalname, request.file.mimetype, { maxRows: context.config.maxBulkRows, now: clock() });
    if (result.errors.length > 0 && validOnly !== "true") {
      throw new ApiError(422, "IMPORT_INVALID", INVALID_FILE, {
        totalRows: result.totalRows,
        validRows: result.rows.length,
        errorCount: result.errors.length,
        errors: result.errors.slice(0, MAX_REPORTED_ERRORS),
      });
    }
    const issued = result.rows.length > 0 ? await issue(request, response, result.rows.map((row) => ({ subject: row.subject, ...(row.validUntil ? { validUntil: row.validUntil.toISOString().slice(0, 10) } : {}) }))) : [];
    response.status(202).json({
      accepted: issued.length,
      certificates: issued.map((certificate, i) => ({ row: result.rows[i]?.row, ...certificate })),
      errorCount: result.errors.length,
      errors: result.errors.slice(0, MAX_REPORTED_ERRORS),
    });
  });

  router.get("/certificates", (request, response) => {
    response.json(listCertificates(context, currentStaff(response).universityId, CertificateQuery.parse(request.query)));
  });

  router.get("/certificates/:id", (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    response.json(getCertificate(context, currentStaff(response).universityId, id));
  });

  router.get("/certificates/:id/pdf", async (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    const pdf = await certificatePdf(context, currentStaff(response).universityId, id);
    response.type("application/pdf").set("Content-Disposition", `attachment; filename="tasdiq-${id}.pdf"`).send(Buffer.from(pdf));
  });

  router.post("/certificates/:id/revoke", issuers, (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    const { reason } = RevokeRequest.parse(request.body);
    const staff = currentStaff(response);
    const result = revokeCertificates(context, staff, [id], reason);
    recordAudit(db, { universityId: staff.universityId, staffId: staff.id, action: "certificates.revoke", target: id, detail: { reason }, ip: request.ip }, clock());
    response.status(202).json(result);
  });

  router.post("/certificates/revoke", issuers, (request, response) => {
    const { ids, reason } = RevokeManyRequest.parse(request.body);
    const staff = currentStaff(response);
    const result = revokeCertificates(context, staff, ids, reason);
    recordAudit(db, { universityId: staff.universityId, staffId: staff.id, action: "certificates.revoke", detail: { count: ids.length, reason }, ip: request.ip }, clock());
    response.status(202).json(result);
  });

  return router;
}
