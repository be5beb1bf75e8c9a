import { FetchRequest, JsonRpcProvider } from "ethers";

/** How long a chain request may take before it counts as failed, unless configured otherwise. */
export const DEFAULT_RPC_TIMEOUT_SECONDS = 15;

/**
 * A provider for the chain `chainId` at `url` that gives up on a request after `timeoutSeconds`: a node
 * that stalls (accepts connections, never answers) must fail like one that is down, so the anchoring
 * worker backs off and retries and a verification says "cannot check", instead of both waiting on
 * ethers' five-minute default. The network is static: ethers would otherwise ask the node its chain
 * before every call and retry forever when it is down.
 */
export function chainProvider(
  url: string,
  chainId: number,
  { timeoutSeconds = DEFAULT_RPC_TIMEOUT_SECONDS, cache = true } = {},
): JsonRpcProvider {
  const request = new FetchRequest(url);
  request.timeout = timeoutSeconds * 1000;
  return new JsonRpcProvider(request, chainId, { staticNetwork: true, ...(cache ? {} : { cacheTimeout: -1 }) });
}
