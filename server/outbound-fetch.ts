import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import type { LookupFunction } from "node:net";
import type { FetchUrl } from "../core";

/**
 * What the server may reach when it fetches on behalf of an anonymous caller (`POST /api/verify`
 * fetches a stored credential from the URL a university put on chain): https only and public
 * addresses only, unless the configuration allows more (the local demo and the tests serve on
 * http://127.0.0.1).
 */
export interface OutboundFetchPolicy {
  allowHttp: boolean;
  /** Networks reachable although private, loopback or link-local, in CIDR notation ("127.0.0.0/8", "::1/128"). */
  allowedNetworks: readonly string[];
}

export interface OutboundFetchLimits {
  /** Bytes of the answer's body; a stored credential is a few KB. */
  maxBytes: number;
  /** For the whole exchange: every redirect, connection and the body. */
  timeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundFetchLimits = { maxBytes: 256 * 1024, timeoutMs: 5000, maxRedirects: 2 };

/** Why an outbound fetch was not made or not finished; the route answers as for an unreachable server. */
export class OutboundFetchError extends Error {}

/** Addresses that are not the public internet: private, loopback, link-local, shared, multicast, reserved, translated. */
const NOT_PUBLIC: [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.0.2.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["198.51.100.0", 24, "ipv4"],
  ["203.0.113.0", 24, "ipv4"],
  ["224.0.0.0", 3, "ipv4"],
  // Unspecified, loopback and IPv4-compatible; IPv4-mapped addresses are checked as the IPv4 they carry.
  ["::", 96, "ipv6"],
  // Translation prefixes (NAT64, 6to4, Teredo) can lead to any IPv4 address, private ones included.
  ["64:ff9b::", 96, "ipv6"],
  ["64:ff9b:1::", 48, "ipv6"],
  ["100::", 64, "ipv6"],
  ["2001::", 32, "ipv6"],
  ["2001:db8::", 32, "ipv6"],
  ["2002::", 16, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["fec0::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"],
];

function blockList(networks: readonly [string, number, "ipv4" | "ipv6"][]): BlockList {
  const list = new BlockList();
  for (const [address, prefix, family] of networks) list.addSubnet(address, prefix, family);
  return list;
}

/** "10.1.0.0/16" → its address, prefix length and family; throws on anything else. */
export function parseNetwork(cidr: string): [string, number, "ipv4" | "ipv6"] {
  const [address = "", prefix] = cidr.split("/");
  const family = isIP(address);
  const bits = Number(prefix ?? (family === 6 ? 128 : 32));
  if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32))
    throw new Error(`not a network in CIDR notation: ${cidr}`);
  return [address, bits, family === 6 ? "ipv6" : "ipv4"];
}

/**
 * Whether the server may connect to `address` (family 4 or 6) under `policy`: public, or in an
 * allowed network. An IPv4-mapped IPv6 address gets the answer of the IPv4 address it carries.
 */
export function reachableUnder(policy: OutboundFetchPolicy): (address: string, family: number) => boolean {
  const refused = blockList(NOT_PUBLIC);
  const allowed = blockList(policy.allowedNetworks.map(parseNetwork));
  return (address, family) => {
    const kind = family === 6 ? "ipv6" : "ipv4";
    return !refused.check(address, kind) || allowed.check(address, kind);
  };
}

/** An IP literal in a URL's host comes in brackets when it is IPv6. */
const unbracketed = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, "$1");

/** Posts a JSON body and gives back the answer as text; see {@link outboundPost}. */
export type OutboundPost = (
  url: string,
  body: string,
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/**
 * Requests the server makes to addresses it did not choose (URLs a university or a mirror's publisher
 * put on chain): every address the host resolves to (IPv4, IPv6, IPv4-mapped IPv6) must be public or
 * allowed, the connection goes to the address checked (a second DNS answer cannot swap it), and the
 * answer is cut off past `maxBytes` or `timeoutMs`.
 */
function outboundRequests(policy: OutboundFetchPolicy, limits: OutboundFetchLimits) {
  const reachable = reachableUnder(policy);

  /** The address to connect to for `url`, once every address of its host is known to be reachable. */
  async function checkedAddress(url: URL): Promise<{ address: string; family: number }> {
    if (url.protocol !== "https:" && !(policy.allowHttp && url.protocol === "http:"))
      throw new OutboundFetchError(`${url.protocol} URLs are not fetched`);
    const host = unbracketed(url.hostname);
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await lookup(host, { all: true, verbatim: true });
    const bad = addresses.find(({ address, family }) => !reachable(address, family));
    const [first] = addresses;
    if (bad || !first)
      throw new OutboundFetchError(`${host} resolves to ${bad?.address ?? "nothing"}, which is not fetched`);
    return first;
  }

  /** One exchange with the checked address of `url`: a GET, or a POST of `body` (JSON). */
  async function exchange(
    url: URL,
    signal: AbortSignal,
    body?: string,
  ): Promise<{ status: number; location?: string; body: Buffer }> {
    const target = await checkedAddress(url);
    return new Promise((resolve, reject) => {
      const request = (url.protocol === "https:" ? https : http).request(
        url,
        {
          method: body === undefined ? "GET" : "POST",
          signal,
          headers: {
            accept: "application/json",
            ...(body === undefined
              ? {}
              : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
          },
          // The connection goes to the address just checked; TLS still verifies the host name.
          lookup: ((_host: string, options: { all?: boolean }, callback: (...answer: unknown[]) => void) =>
            options.all ? callback(null, [target]) : callback(null, target.address, target.family)) as LookupFunction,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          if (Number(response.headers["content-length"] ?? 0) > limits.maxBytes) {
            response.destroy();
            return reject(new OutboundFetchError(`answer of ${response.headers["content-length"]} bytes`));
          }
          const chunks: Buffer[] = [];
          let length = 0;
          response.on("data", (chunk: Buffer) => {
            length += chunk.length;
            if (length > limits.maxBytes) {
              response.destroy();
              reject(new OutboundFetchError(`answer longer than ${limits.maxBytes} bytes`));
            } else chunks.push(chunk);
          });
          response.on("end", () =>
            resolve({ status, location: response.headers.location, body: Buffer.concat(chunks) }),
          );
          // After "end" this changes nothing; before, the answer was cut off.
          response.on("close", () => reject(new OutboundFetchError("answer cut off")));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  /** Runs `work` with a signal that stops it after `timeoutMs`; the race also stops waiting for a DNS answer, which takes none. */
  function bounded<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(limits.timeoutMs);
    const timedOut = new Promise<never>((_resolve, reject) =>
      signal.addEventListener(
        "abort",
        () => reject(new OutboundFetchError(`no answer within ${limits.timeoutMs} ms`)),
        { once: true },
      ),
    );
    return Promise.race([work(signal), timedOut]);
  }

  return { exchange, bounded };
}

/**
 * A {@link FetchUrl} for fetches the server makes on behalf of others, within `policy` and `limits`
 * (see {@link outboundRequests}); a redirect is followed only a few times and checked again.
 */
export function outboundFetch(
  policy: OutboundFetchPolicy,
  limits: OutboundFetchLimits = DEFAULT_OUTBOUND_LIMITS,
): FetchUrl {
  const { exchange, bounded } = outboundRequests(policy, limits);
  return (address) =>
    bounded(async (signal) => {
      let url = new URL(address);
      for (let redirects = 0; ; redirects++) {
        const answer = await exchange(url, signal);
        if (answer.status < 300 || answer.status >= 400 || answer.location === undefined) {
          return {
            ok: answer.status >= 200 && answer.status < 300,
            status: answer.status,
            json: async () => JSON.parse(answer.body.toString("utf8")) as unknown,
          };
        }
        if (redirects >= limits.maxRedirects)
          throw new OutboundFetchError(`more than ${limits.maxRedirects} redirects`);
        url = new URL(answer.location, url);
      }
    });
}

/**
 * Posts JSON to an address read from the chain (a mirror's) within `policy` and `limits`; a redirect
 * is not followed but answered as the failure it is for a push.
 */
export function outboundPost(
  policy: OutboundFetchPolicy,
  limits: OutboundFetchLimits = DEFAULT_OUTBOUND_LIMITS,
): OutboundPost {
  const { exchange, bounded } = outboundRequests(policy, limits);
  return (address, body) =>
    bounded(async (signal) => {
      const answer = await exchange(new URL(address), signal, body);
      return {
        ok: answer.status >= 200 && answer.status < 300,
        status: answer.status,
        text: async () => answer.body.toString("utf8"),
      };
    });
}
