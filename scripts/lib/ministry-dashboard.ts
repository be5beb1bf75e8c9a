import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MinistryBuild } from "../../web/ministry/src/config";
import { dashboardContentSecurityPolicy, dashboardPage } from "../../server/http/web";
import { runVite } from "./web-build";

export interface BuiltDashboard {
  dir: string;
  /** The Content-Security-Policy, also in the page's `<meta http-equiv>` and in `_headers`. */
  policy: string;
}

/**
 * Builds the ministry dashboard as static files for the ministry's own origin: the page with its
 * configuration built in, its policy (connections only to the configured RPC and audit endpoint) as
 * a `<meta http-equiv>`, and the same policy in `_headers` for the host to send as a header.
 */
export async function buildMinistryDashboard(
  outDir: string,
  settings: Omit<MinistryBuild, "servedBy">,
): Promise<BuiltDashboard> {
  const config = MinistryBuild.parse({ servedBy: "ministry", ...settings, origin: new URL(settings.origin).origin });
  const dir = path.resolve(outDir);
  await runVite(["--config", "web/ministry/vite.config.mts", "--outDir", dir, "--emptyOutDir"]);
  const policy = dashboardContentSecurityPolicy([
    ...new Set([config.rpcUrl, config.auditUrl].map((url) => new URL(url).origin)),
  ]);
  const page = path.join(dir, "index.html");
  writeFileSync(page, dashboardPage(readFileSync(page, "utf8"), config, policy));
  writeFileSync(
    path.join(dir, "_headers"),
    [
      "/*",
      `  Content-Security-Policy: ${policy}`,
      "  X-Content-Type-Options: nosniff",
      "  Referrer-Policy: no-referrer",
      "  Cache-Control: no-cache",
      "",
    ].join("\n"),
  );
  return { dir, policy };
}
