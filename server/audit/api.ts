import { z } from "zod";
import { failure, json } from "../http/api-paths";
import type { ApiPaths } from "../http/api-paths";
import { AuditQuery } from "./routes";

const rows = (description: string) => z.array(z.looseObject({})).meta({ description });

/** The ministry audit's figures (`report.ts`), at the level of detail a client of the API relies on. */
const AuditOverview = z
  .object({
    scope: z.string().meta({ description: "A country's ISO code, or all" }),
    period: z.object({ from: z.number(), to: z.number() }).meta({ description: "[from, to) in UNIX seconds" }),
    index: z.object({
      checkpoint: z
        .object({ number: z.number().int(), hash: z.string(), timestamp: z.number().int() })
        .optional()
        .meta({ description: "The last indexed block: every figure is as of this block" }),
      events: z.number().int(),
    }),
    ministries: rows("Ministries with their terms"),
    universities: rows("Universities with their accreditation history and figures"),
    anchoring: rows("Certificates anchored per university per month"),
    revocations: rows("Revocations by reason"),
    suspensions: rows("Suspensions"),
    keys: rows("Signer keys"),
    anomalies: rows("Anomaly flags"),
  })
  .meta({ id: "AuditOverview" });

/** The route of `routes.ts`: the ministry audit, open to anyone. */
export const auditApi: ApiPaths = {
  "/api/audit/overview": {
    get: {
      security: [],
      summary:
        "Ministry audit figures from the chain's public events: universities, anchors per month, revocations, suspensions, keys, anomalies",
      requestParams: { query: AuditQuery },
      responses: {
        "200": json(AuditOverview, "Audit report for the country (or all) and period"),
        "400": failure("Unknown country (AUDIT_BAD_COUNTRY) or invalid period (AUDIT_BAD_DATE)"),
        "404": failure("Audit index not enabled on this server"),
      },
    },
  },
};
