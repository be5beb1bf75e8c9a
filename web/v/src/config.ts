import { VerifierConfig } from "../../../core";

/**
 * Where the page's configuration sits: `config.json` beside the page, whether the page was opened as
 * `/v`, `/v/` or `/v/index.html`, on the issuance server or on any static host.
 */
function configUrl(pageUrl: string): URL {
  const page = new URL(pageUrl);
  page.hash = "";
  page.search = "";
  if (!page.pathname.endsWith("/") && !/\.html?$/.test(page.pathname)) page.pathname += "/";
  return new URL("config.json", page);
}

/** Loads and validates the chain RPC and the trusted deployments; undefined when unusable. */
export async function loadConfig(pageUrl: string): Promise<VerifierConfig | undefined> {
  try {
    const response = await fetch(configUrl(pageUrl), { cache: "no-cache", credentials: "same-origin" });
    if (!response.ok) return undefined;
    const parsed = VerifierConfig.safeParse(await response.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
