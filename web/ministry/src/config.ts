import { z } from "zod";
import { Deployment } from "../../../core";

/** The id of the JSON block in the page's HTML that carries its configuration. */
const CONFIG_ELEMENT_ID = "dashboard-config";

/**
 * A copy of the dashboard served by a university's issuance server: figures only, never signing,
 * and where the ministry's own dashboard lives when the server knows it.
 */
const IssuanceServerCopy = z.strictObject({
  servedBy: z.literal("issuance-server"),
  ministryDashboard: z.url().optional(),
});

/**
 * The dashboard as a ministry (or the ALECSO authority) builds it for its own origin
 * (`npm run build:ministry`): where it reads the chain and sends transactions, the deployment it
 * acts on, where its figures come from, and whether a keystore file may be opened there.
 */
export const MinistryBuild = z.strictObject({
  servedBy: z.literal("ministry"),
  /** The origin this build is for; the page signs nothing when served from any other. */
  origin: z.url(),
  rpcUrl: z.url(),
  deployment: Deployment,
  /** `GET /api/audit/overview` of the audit index the ministry reads its figures from. */
  auditUrl: z.url(),
  /** Lets the ministry open a JSON keystore in the page, when it has no browser or hardware wallet. */
  keystore: z.boolean(),
});
export type MinistryBuild = z.infer<typeof MinistryBuild>;

export const DashboardConfig = z.discriminatedUnion("servedBy", [IssuanceServerCopy, MinistryBuild]);
export type DashboardConfig = z.infer<typeof DashboardConfig>;

/**
 * The configuration built into this page's HTML. A page without one, or with one that does not
 * parse, is taken for an issuance server's copy: what the page cannot vouch for never signs.
 */
export function pageConfig(): DashboardConfig {
  const text = document.getElementById(CONFIG_ELEMENT_ID)?.textContent;
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const config = DashboardConfig.safeParse(parsed);
  return config.success ? config.data : { servedBy: "issuance-server" };
}

/** Whether this page may sign: a ministry's build, opened on the very origin it was built for. */
export const signsHere = (config: DashboardConfig, pageOrigin: string): config is MinistryBuild =>
  config.servedBy === "ministry" && new URL(config.origin).origin === pageOrigin;
