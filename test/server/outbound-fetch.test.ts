import { createServer } from "node:http";
import type { RequestListener, Server } from "node:http";
import { expect } from "chai";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  OutboundFetchError,
  outboundFetch,
  outboundPost,
  parseNetwork,
  reachableUnder,
} from "../../server/outbound-fetch";
import { scaled } from "../reliability/settings";

/** A server on 127.0.0.1 behaving as `handler` says; its base URL. */
async function serve(handler: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, server };
}

const STORED = { id: "0123456789abcdef", encrypted: { alg: "A256GCM-HKDF-SHA256", iv: "x", ciphertext: "y" } };
const LIMITS = { maxBytes: 256 * 1024, timeoutMs: 1000, maxRedirects: 2 };
/** As the tests and the local demo configure it: http and loopback allowed. */
const local = outboundFetch({ allowHttp: true, allowedNetworks: ["127.0.0.0/8", "::1/128"] }, LIMITS);
/** As in production: https and public addresses only. */
const strict = outboundFetch({ allowHttp: false, allowedNetworks: [] }, LIMITS);

async function refusal(attempt: Promise<unknown>): Promise<Error> {
  const outcome = await attempt.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, "the fetch was refused").to.be.instanceOf(Error);
  return outcome as Error;
}

describe("the server's outbound fetch on behalf of anonymous callers", () => {
  let base: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    const { url, server } = await serve((request, response) => {
      const [, kind, n] = request.url?.split("/") ?? [];
      if (kind === "stored")
        return response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(STORED));
      if (kind === "huge") {
        // 1 MiB announced…
        return response.writeHead(200, { "content-length": String(1024 * 1024) }).end(Buffer.alloc(1024 * 1024, "a"));
      }
      if (kind === "endless") {
        // …or streamed without a length, forever, until the client hangs up.
        response.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, " ");
        const pump = (): void => void (response.write(chunk) ? setImmediate(pump) : response.once("drain", pump));
        return pump();
      }
      if (kind === "silent") return response.writeHead(200).write("{");
      if (kind === "hops")
        return response.writeHead(302, { location: Number(n) > 0 ? `/hops/${Number(n) - 1}` : "/stored" }).end();
      if (kind === "to") return response.writeHead(302, { location: decodeURIComponent(n ?? "") }).end();
      if (kind === "pushes" && request.method === "POST") {
        let body = "";
        request.on("data", (chunk: Buffer) => (body += chunk.toString()));
        return void request.on("end", () =>
          response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ echoed: body })),
        );
      }
      response.writeHead(404).end();
    });
    base = url;
    servers.push(server);
  });
  afterAll(() => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });

  it("reads a stored credential from an allowed server", async () => {
    const response = await local(`${base}/stored`);
    expect(response).to.include({ ok: true, status: 200 });
    expect(await response.json()).to.deep.equal(STORED);
  });

  it("stops reading an answer past its byte limit, announced or not", async () => {
    for (const path of ["/huge", "/endless"]) {
      const started = performance.now();
      expect((await refusal(local(`${base}${path}`))).message, path).to.match(/bytes/);
      expect(performance.now() - started, path).to.be.below(LIMITS.timeoutMs);
    }
  });

  it("gives up on a server that never finishes its answer", async () => {
    const started = performance.now();
    expect((await refusal(local(`${base}/silent`))).message).to.match(/no answer within 1000 ms/);
    expect(performance.now() - started).to.be.below(LIMITS.timeoutMs + 500);
  });

  it("follows at most two redirects", async () => {
    expect(await (await local(`${base}/hops/1`)).json()).to.deep.equal(STORED);
    expect((await refusal(local(`${base}/hops/2`))).message).to.match(/more than 2 redirects/);
  });

  it("checks every redirect's target again: no private address, no other scheme", async () => {
    const guarded = outboundFetch({ allowHttp: true, allowedNetworks: ["127.0.0.1/32"] }, LIMITS);
    for (const target of [
      "http://127.0.0.2/",
      "http://10.0.0.1/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]/",
      "file:///etc/passwd",
    ]) {
      const error = await refusal(guarded(`${base}/to/${encodeURIComponent(target)}`));
      expect(error, target).to.be.instanceOf(OutboundFetchError);
    }
  });

  it("refuses http, loopback, private and link-local addresses unless configured, IPv4-mapped IPv6 and odd IPv4 spellings included", async () => {
    expect((await refusal(strict(`${base}/stored`))).message).to.match(/http: URLs are not fetched/);
    const anyScheme = outboundFetch({ allowHttp: true, allowedNetworks: [] }, LIMITS);
    for (const host of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "[::1]",
      "[::]",
      "[fd00::1]",
      "[fe80::1]",
      "[::ffff:127.0.0.1]",
      "[::ffff:a9fe:a9fe]",
      "[64:ff9b::a00:1]",
      "2130706433",
      "0x7f.1",
      "0177.0.0.1",
    ]) {
      const error = await refusal(anyScheme(`http://${host}:9/api/public/credentials/x`));
      expect(error, host).to.be.instanceOf(OutboundFetchError);
      expect(error.message, host).to.match(/which is not fetched/);
      expect(await refusal(strict(`https://${host}/`)), host).to.be.instanceOf(OutboundFetchError);
    }
  });

  it("posts a mirror push under the same policy: to an allowed server, never to a private address or over http when not allowed, redirects not followed", async () => {
    const post = outboundPost({ allowHttp: true, allowedNetworks: ["127.0.0.0/8"] }, LIMITS);
    const answer = await post(`${base}/pushes`, '{"entries":[]}');
    expect([answer.ok, answer.status, JSON.parse(await answer.text())]).to.deep.equal([
      true,
      200,
      { echoed: '{"entries":[]}' },
    ]);
    const moved = await post(`${base}/to/${encodeURIComponent(`${base}/pushes`)}`, "{}");
    expect([moved.ok, moved.status]).to.deep.equal([false, 302]);
    const anyScheme = outboundPost({ allowHttp: true, allowedNetworks: [] }, LIMITS);
    expect((await refusal(anyScheme(`${base}/pushes`, "{}"))).message).to.match(/which is not fetched/);
    const strictPost = outboundPost({ allowHttp: false, allowedNetworks: [] }, LIMITS);
    expect((await refusal(strictPost(`${base}/pushes`, "{}"))).message).to.match(/http: URLs are not fetched/);
  });

  it("resolves a host name and refuses it when any of its addresses is not public", async () => {
    // "localhost" resolves to 127.0.0.1 and/or ::1 here, both loopback.
    const error = await refusal(outboundFetch({ allowHttp: true, allowedNetworks: [] }, LIMITS)(`http://localhost:9/`));
    expect(error.message).to.match(/^localhost resolves to (127\.0\.0\.1|::1), which is not fetched$/);
  });

  it("decides an IPv4 address and its IPv4-mapped IPv6 forms alike, under every policy (property)", () => {
    const policies = [[], ["127.0.0.0/8", "::1/128"], ["10.0.0.0/8"]].map((allowedNetworks) =>
      reachableUnder({ allowHttp: true, allowedNetworks }),
    );
    fc.assert(
      fc.property(fc.ipV4(), fc.constantFrom(...policies), (address, reachable) => {
        const [a, b, c, d] = address.split(".").map(Number) as [number, number, number, number];
        const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        const decision = reachable(address, 4);
        expect(reachable(`::ffff:${address}`, 6), address).to.equal(decision);
        expect(reachable(`::ffff:${hex}`, 6), address).to.equal(decision);
      }),
      { numRuns: scaled(2_000, 50_000) },
    );
  });

  it("reads networks in CIDR notation and refuses anything else", () => {
    expect(parseNetwork("127.0.0.0/8")).to.deep.equal(["127.0.0.0", 8, "ipv4"]);
    expect(parseNetwork("::1")).to.deep.equal(["::1", 128, "ipv6"]);
    for (const bad of ["localhost", "10.0.0.0/33", "::/129", "10.0.0.0/x"])
      expect(() => parseNetwork(bad), bad).to.throw(/CIDR/);
  });
});
