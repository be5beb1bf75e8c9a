import type { VerifierConfig } from "../../core";
import { WEB_DIST } from "../../scripts/lib/web-build";
import { serveStaticFolder } from "../../scripts/lib/static-site";
import { webContentSecurityPolicy } from "../../server/http/web";

export { buildWebPages } from "../../scripts/lib/web-build";

export interface StaticSite {
  /** The verifier page's address, `<origin>/v`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The built verifier served as plain static files with its own `v/config.json`, the way any web host
 * would serve it, under the issuance server's Content-Security-Policy unless given another.
 */
export async function serveVerifierStatically(
  config: VerifierConfig,
  { policy = webContentSecurityPolicy([config.rpcUrl, ...(config.crossCheckRpcUrls ?? [])]), dist = WEB_DIST } = {},
): Promise<StaticSite> {
  const site = await serveStaticFolder(dist, {
    headers: { "Content-Security-Policy": policy },
    files: { "/v/config.json": { type: "application/json", body: JSON.stringify(config) } },
  });
  return { url: `${site.origin}/v`, stop: () => site.stop() };
}
