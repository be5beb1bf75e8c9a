import express, { Router } from "express";
import type { Request, RequestHandler, Response } from "express";
import multer from "multer";
import { z } from "zod";
import { recordAudit } from "../audit-log";
import { currentStaff, requireRole } from "../auth/middleware";
import type { AppContext, HttpSettings } from "../context";
import { ApiError } from "../http/errors";
import { issuerIdentity } from "../universities";
import { graduatesCsvTemplate } from "./import";
import { importError } from "./import/messages";
import type { CellError, ImportResult } from "./import";
import { IntakePool } from "./intake";
import type { DraftedCertificate } from "./intake";
import {
  CertificateIdParam,
  CertificateQuery,
  IssueHeaders,
  IssueRequest,
  Reissue,
  RevokeManyRequest,
  RevokeRequest,
  assertIssuableAt,
} from "./schemas";
import type { IssueRequest as IssueRequestType } from "./schemas";
import { certificatePack } from "./pack";
import { certificateFileName, certificatePdf } from "./pdf";
import {
  assertUniversityCanIssue,
  getCertificate,
  issueCertificates,
  issuedBefore,
  issuedBeforeText,
  listCertificates,
  revokeCertificates,
} from "./service";
import type { IssuedCertificate } from "./service";

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
      if (code === "LIMIT_FILE_SIZE" || code === "LIMIT_FIELD_VALUE")
        return next(new ApiError(413, "PAYLOAD_TOO_LARGE"));
      next(new ApiError(400, "MALFORMED_UPLOAD", (error as Error).message));
    });
}

/** Options of a file upload: issue the valid rows only, and whether repeats of certificates issued before are intended. */
const BulkOptions = z.strictObject({ validOnly: z.enum(["true", "false"]).optional(), duplicate: Reissue.optional() });
/** A file where every cell is wrong could give hundreds of thousands of errors: the first ones are enough to act on. */
const MAX_REPORTED_ERRORS = 1000;
/** Problems of a file's size rather than its content: answered 413, as an oversized upload is. */
const OVERSIZE_CODES = ["IMPORT_FILE_TOO_LARGE", "IMPORT_TOO_MANY_SHEETS", "IMPORT_TOO_MANY_CELLS"] as const;
const isOversize = (error: CellError): error is CellError & { code: (typeof OVERSIZE_CODES)[number] } =>
  (OVERSIZE_CODES as readonly string[]).includes(error.code);
/**
 * Bytes of JSON per certificate a bulk body may take: twice a typical one (about 300 bytes), so
 * a body of `maxBulkRows` certificates fits and one far beyond it is refused before it is read.
 */
const BULK_JSON_BYTES_PER_CERTIFICATE = 640;
/**
 * Bulk requests (files and JSON lists) handled at once, one per intake thread. Each holds its body,
 * its requests and their drafts in memory; more would only queue for a thread while holding theirs,
 * so they are told to come back (503) before their body is read.
 */
const BULK_CONCURRENCY = 2;
const BUSY_RETRY_SECONDS = 5;

export const BULK_ROUTE = "/api/certificates/bulk";

/** The largest JSON body of `POST /api/certificates/bulk`: sized for `maxBulkRows` certificates. */
export const bulkJsonLimitBytes = (config: Pick<HttpSettings, "maxBulkRows">): number =>
  config.maxBulkRows * BULK_JSON_BYTES_PER_CERTIFICATE;

/** Lets at most `limit` requests through at once; the others get 503 with Retry-After, before their body is read. */
function atMost(limit: number): RequestHandler {
  let running = 0;
  return (_request, response, next) => {
    if (running >= limit) {
      response.set({ "Retry-After": String(BUSY_RETRY_SECONDS), Connection: "close" });
      return next(new ApiError(503, "SERVER_BUSY", { with: "uploads" }));
    }
    running += 1;
    let released = false;
    const release = (): void => {
      if (!released) running -= 1;
      released = true;
    };
    response.on("finish", release);
    response.on("close", release);
    next();
  };
}

/** Errors in row order, then the columns' order within a row: as the registrar reads the file. */
const byRow = (errors: CellError[]): CellError[] =>
  errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => a.error.row - b.error.row || a.index - b.index)
    .map(({ error }) => error);

/**
 * The certificate routes: issuing (one, a JSON list or a graduates file), reading (list, record,
 * PDF) and revoking, in this order on one router.
 */
export function certificateRoutes(context: AppContext): Router {
  const router = Router();
  issueRoutes(router, context);
  readRoutes(router, context);
  revokeRoutes(router, context);
  return router;
}

type PathOf = (index: number) => (string | number)[];
type Issue = (
  request: Request,
  response: Response,
  requests: IssueRequestType[],
  pathOf: PathOf,
) => Promise<IssuedCertificate[]>;

/** `POST /certificates` and `POST /certificates/bulk`, for registrars and admins. */
function issueRoutes(router: Router, context: AppContext): void {
  const { clock } = context;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: context.config.maxUploadBytes, files: 1, fields: 5 },
  });
  const issuers = requireRole("registrar", "admin");
  const intake = new IntakePool();
  // Read after the caller is known to be allowed to issue: an anonymous caller never has a large body read.
  const bulkJson = express.raw({ type: "application/json", limit: bulkJsonLimitBytes(context.config) });
  const issueOne: Issue = (request, response, requests, pathOf) =>
    issueAudited(context, request, response, requests, pathOf);
  // Many certificates are salted and hashed on an intake thread, not on the event loop.
  const issueMany: Issue = (request, response, requests, pathOf) =>
    issueAudited(context, request, response, requests, pathOf, () =>
      intake.draft(issuerIdentity(context.db, currentStaff(response).universityId), requests, clock()),
    );

  router.post("/certificates", issuers, async (request, response) => {
    const certificate = IssueRequest.parse(request.body);
    assertIssuableAt([certificate], clock(), () => []);
    const [issued] = await issueOne(request, response, [certificate], () => []);
    response.status(202).json(issued);
  });

  router.post(
    "/certificates/bulk",
    issuers,
    atMost(BULK_CONCURRENCY),
    bulkJson,
    receiveFile(upload),
    async (request, response) => {
      if (request.file) await issueFile(context, intake, issueMany, request, response, request.file);
      else await issueJsonList(context, intake, issueMany, request, response);
    },
  );
}

/**
 * Issues the requests once the chain says the university may (an idempotency key replays the first
 * answer), and records who issued what in the audit log.
 */
async function issueAudited(
  context: AppContext,
  request: Request,
  response: Response,
  requests: IssueRequestType[],
  pathOf: PathOf,
  draft?: () => Promise<DraftedCertificate[]>,
): Promise<IssuedCertificate[]> {
  const staff = currentStaff(response);
  const { "Idempotency-Key": idempotencyKey } = IssueHeaders.parse({
    "Idempotency-Key": request.get("idempotency-key"),
  });
  await assertUniversityCanIssue(context, staff.universityId);
  const drafted = draft ? await draft() : undefined;
  const issued = await issueCertificates(context, staff, requests, {
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(drafted ? { drafted } : {}),
    pathOf,
  });
  const reissued = requests.filter((r) => r.duplicate !== undefined).length;
  recordAudit(
    context.db,
    {
      universityId: staff.universityId,
      staffId: staff.id,
      action: "certificates.issue",
      detail: {
        count: issued.length,
        ids: issued.slice(0, 20).map((c) => c.id),
        ...(reissued > 0 ? { reissued } : {}),
      },
      ip: request.ip,
    },
    context.clock(),
  );
  return issued;
}

/** A bulk JSON body (`{certificates: [...]}`), parsed and checked on an intake thread: all or nothing. */
async function issueJsonList(
  context: AppContext,
  intake: IntakePool,
  issueMany: Issue,
  request: Request,
  response: Response,
): Promise<void> {
  if (request.is("multipart/form-data")) throw new ApiError(400, "FILE_MISSING");
  const body = Buffer.isBuffer(request.body) ? await intake.readBulkBody(request.body) : { malformed: true as const };
  if ("malformed" in body) throw new ApiError(400, "MALFORMED_JSON");
  if ("issues" in body) throw new z.ZodError(body.issues);
  const { certificates } = body;
  const pathOf = (index: number) => ["certificates", index];
  assertIssuableAt(certificates, context.clock(), pathOf);
  response.status(202).json({
    accepted: certificates.length,
    certificates: await issueMany(request, response, certificates, pathOf),
    errors: [],
  });
}

/**
 * A graduates file (CSV or XLSX), parsed on an intake thread: every bad cell is reported, and nothing
 * is issued unless the request asks for the valid rows only.
 */
async function issueFile(
  context: AppContext,
  intake: IntakePool,
  issueMany: Issue,
  request: Request,
  response: Response,
  file: Express.Multer.File,
): Promise<void> {
  const { validOnly, duplicate } = BulkOptions.parse({ ...request.query, ...request.body });
  const { buffer, originalname, mimetype } = file;
  const parsed = await intake.parseFile(
    new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
    originalname,
    mimetype,
    { maxRows: context.config.maxBulkRows, now: context.clock() },
  );
  const oversize = parsed.errors.find(isOversize);
  if (oversize) throw new ApiError(413, oversize.code, oversize);
  const result = duplicate ? parsed : await withoutIssuedBefore(context, parsed, currentStaff(response).universityId);
  if (result.errors.length > 0 && validOnly !== "true") {
    throw new ApiError(422, "IMPORT_INVALID", {
      totalRows: result.totalRows,
      validRows: result.rows.length,
      errorCount: result.errors.length,
      errors: result.errors.slice(0, MAX_REPORTED_ERRORS),
    });
  }
  const requests = result.rows.map((row) => ({
    subject: row.subject,
    ...(row.validUntil ? { validUntil: row.validUntil.toISOString().slice(0, 10) } : {}),
    ...(duplicate ? { duplicate } : {}),
  }));
  const issued =
    requests.length > 0
      ? await issueMany(request, response, requests, (index) => ["rows", result.rows[index]?.row ?? index])
      : [];
  response.status(202).json({
    accepted: issued.length,
    certificates: issued.map((certificate, i) => ({ row: result.rows[i]?.row, ...certificate })),
    errorCount: result.errors.length,
    errors: result.errors.slice(0, MAX_REPORTED_ERRORS),
  });
}

/** The file's rows less those of awards the students already hold, each reported at its identifier cell. */
async function withoutIssuedBefore(
  context: AppContext,
  result: ImportResult,
  universityId: number,
): Promise<ImportResult> {
  const before = await issuedBefore(
    context.db,
    universityId,
    result.rows.map((row) => row.subject),
  );
  if (before.size === 0) return result;
  const repeated = [...before].map(([index, earlier]) =>
    importError(result.rows[index]?.row ?? 0, "identifier", "IMPORT_ALREADY_ISSUED", issuedBeforeText(earlier)),
  );
  return {
    ...result,
    rows: result.rows.filter((_, index) => !before.has(index)),
    errors: byRow([...result.errors, ...repeated]),
  };
}

/** The list, one record and its PDF, for every staff member of the university. */
function readRoutes(router: Router, context: AppContext): void {
  router.get("/certificates", (request, response) => {
    response.json(
      listCertificates(context, currentStaff(response).universityId, CertificateQuery.parse(request.query)),
    );
  });

  router.get("/certificates/template.csv", (_request, response) => {
    response
      .type("text/csv; charset=utf-8")
      .set("Content-Disposition", 'attachment; filename="graduates-template.csv"')
      .send(graduatesCsvTemplate());
  });

  router.get("/certificates/:id", (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    response.json(getCertificate(context, currentStaff(response).universityId, id));
  });

  router.get("/certificates/:id/pdf", async (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    const { universityId } = currentStaff(response);
    const pdf = await certificatePdf(context, universityId, id);
    const { subject } = getCertificate(context, universityId, id);
    response
      .type("application/pdf")
      .set("Content-Disposition", `attachment; filename="${certificateFileName({ id, ...subject })}"`)
      .send(Buffer.from(pdf));
  });

  router.get("/certificates/:id/pack", async (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    const pack = await certificatePack(context, currentStaff(response).universityId, id);
    response.set("Content-Disposition", `attachment; filename="tasdiq-${id}-pack.json"`).json(pack);
  });
}

/** Revoking one certificate or several, for registrars and admins; each revocation goes to the audit log. */
function revokeRoutes(router: Router, context: AppContext): void {
  const { db, clock } = context;
  const issuers = requireRole("registrar", "admin");

  router.post("/certificates/:id/revoke", issuers, async (request, response) => {
    const { id } = CertificateIdParam.parse(request.params);
    const { reason } = RevokeRequest.parse(request.body);
    const staff = currentStaff(response);
    const result = await revokeCertificates(context, staff, [id], reason);
    recordAudit(
      db,
      {
        universityId: staff.universityId,
        staffId: staff.id,
        action: "certificates.revoke",
        target: id,
        detail: { reason },
        ip: request.ip,
      },
      clock(),
    );
    response.status(202).json(result);
  });

  router.post("/certificates/revoke", issuers, async (request, response) => {
    const { ids, reason } = RevokeManyRequest.parse(request.body);
    const staff = currentStaff(response);
    const result = await revokeCertificates(context, staff, ids, reason);
    recordAudit(
      db,
      {
        universityId: staff.universityId,
        staffId: staff.id,
        action: "certificates.revoke",
        detail: { count: ids.length, reason },
        ip: request.ip,
      },
      clock(),
    );
    response.status(202).json(result);
  });
}
