import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context";
import { ApiError, notFound } from "../http/errors";
import { AuditError } from "./errors";
import { auditReport } from "./report";
import { parsePeriod, parseScope } from "./scope";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

/** `?country=JO|all&from=YYYY-MM-DD&to=YYYY-MM-DD`, both days included, as the audit CLI takes them. */
export const AuditQuery = z.strictObject({
  country: z.string().min(2).max(3).optional(),
  from: Day.optional(),
  to: Day.optional(),
});

/**
 * `GET /api/audit/overview`: the figures of the ministry audit (universities with their accreditation
 * history, certificates anchored per university per month, revocations by reason, suspensions, keys,
 * anomaly flags) for one country or all. Open to anyone: everything in it is public chain data, and
 * the country is a view filter, not a permission; so any origin may read it, and a ministry's own
 * dashboard (served from the ministry's origin) can take its figures from here.
 */
export function auditRoutes(context: Pick<AppContext, "audit" | "logger">): Router {
  const router = Router();
  router.get("/audit/overview", async (request, response) => {
    const audit = context.audit;
    if (!audit) throw notFound();
    const query = AuditQuery.parse(request.query);
    let filter;
    try {
      filter = { scope: parseScope(query.country), period: parsePeriod(query) };
    } catch (error) {
      // parseScope refuses only a country (AUDIT_BAD_COUNTRY), parsePeriod only dates (AUDIT_BAD_DATE).
      if (error instanceof AuditError)
        throw new ApiError(
          400,
          error.code === "AUDIT_BAD_COUNTRY" ? "AUDIT_BAD_COUNTRY" : "AUDIT_BAD_DATE",
          error.message,
        );
      throw error;
    }
    // Brought up to date on demand, so that a ministry sees its own transaction at once. Concurrent
    // calls share one sync, and one already running may have read the head before this request's
    // transaction was mined: the sync after it cannot have. When the chain cannot be read the last
    // indexed figures are served; the answer's `index.checkpoint` says how old they are.
    await audit
      .sync()
      .then(() => audit.sync())
      .catch((error: unknown) =>
        context.logger.warn({ err: error }, "audit index sync failed; serving the last indexed figures"),
      );
    response
      .set({ "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" })
      .json(auditReport(audit.database, filter));
  });
  return router;
}
