import type { Provider } from "ethers";
import { readMirrors } from "../../core";
import type { Deployment, PublishedMirror } from "../../core";

/**
 * The mirrors the registry lists, read at most once per `ttlMs`: they change when a ministry or the
 * authority publishes one, a few times a year. A failed read is not kept, so the next call asks again.
 */
export function publishedMirrors(
  provider: Provider,
  deployment: Deployment,
  ttlMs = 30_000,
  now: () => number = Date.now,
): () => Promise<PublishedMirror[]> {
  let cached: { at: number; list: Promise<PublishedMirror[]> } | undefined;
  return () => {
    if (!cached || now() - cached.at >= ttlMs) {
      const list = readMirrors(provider, deployment);
      const entry = { at: now(), list };
      cached = entry;
      list.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.list;
  };
}
