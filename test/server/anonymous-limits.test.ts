import type { Request, Response } from "express";
import { expect } from "chai";
import { afterEach, describe, it, vi } from "vitest";
import { ApiError } from "../../server/http/errors";
import { VerificationGate, rateLimitPerAddress } from "../../server/public/limits";

/** Just what the limits use of a response: its headers. */
function fakeResponse(): Response & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  return {
    headers,
    set: (name: string, value: string) => ((headers[name] = value), undefined),
  } as unknown as Response & { headers: Record<string, string> };
}

describe("the rate per address of the anonymous routes", () => {
  it("lets a burst through, then one request per 1/rate seconds, and says when to come back", () => {
    let now = 0;
    const limit = rateLimitPerAddress({ ratePerSecond: 2, burst: 3 }, () => now);
    const send = (ip: string): { outcome: unknown; response: ReturnType<typeof fakeResponse> } => {
      const response = fakeResponse();
      let outcome: unknown = "not called";
      limit({ ip } as Request, response, (error?: unknown) => (outcome = error));
      return { outcome, response };
    };
    for (let i = 0; i < 3; i++) expect(send("198.51.100.7").outcome).to.equal(undefined);
    const refused = send("198.51.100.7");
    expect(refused.outcome).to.be.instanceOf(ApiError).and.include({ status: 429, code: "TOO_MANY_REQUESTS" });
    expect((refused.outcome as ApiError).messages).to.have.keys("ar", "en", "fr");
    expect(refused.response.headers["Retry-After"]).to.equal("1");
    // Another address has its own bucket.
    expect(send("203.0.113.9").outcome).to.equal(undefined);
    now += 500;
    expect(send("198.51.100.7").outcome).to.equal(undefined);
    expect(send("198.51.100.7").outcome).to.be.instanceOf(ApiError);
  });
});

describe("the cap on verifications running at once", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A verification that ends when `finish()` is called. */
  function pending(): { work: () => Promise<string>; finish: () => void; started: boolean } {
    let finish = (): void => undefined;
    const job = {
      started: false,
      finish: () => finish(),
      work: () => {
        job.started = true;
        return new Promise<string>((resolve) => (finish = () => resolve("done")));
      },
    };
    return job;
  }

  it("runs at most `slots` at once, hands a finished slot to the next in line, and never piles up", async () => {
    vi.useFakeTimers();
    const gate = new VerificationGate(1);
    const first = pending();
    const second = pending();
    const running = gate.run(fakeResponse(), first.work);
    const waiting = gate.run(fakeResponse(), second.work);
    await vi.advanceTimersByTimeAsync(10);
    expect([first.started, second.started]).to.deep.equal([true, false]);
    // The line holds 8 per slot; the next caller is answered at once.
    const line = Array.from({ length: 7 }, () => gate.run(fakeResponse(), async () => "later"));
    const overflow = fakeResponse();
    const refused = await gate.run(overflow, async () => "never").catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(ApiError).and.include({ status: 503, code: "SERVER_BUSY" });
    expect(overflow.headers["Retry-After"]).to.equal("1");
    first.finish();
    expect(await running).to.equal("done");
    await vi.advanceTimersByTimeAsync(0);
    expect(second.started).to.equal(true);
    second.finish();
    expect(await waiting).to.equal("done");
    expect(await Promise.all(line)).to.deep.equal(Array(7).fill("later"));
  });

  it("answers 503 to a verification that waited 2 s for its turn", async () => {
    vi.useFakeTimers();
    const gate = new VerificationGate(1);
    const stuck = pending();
    void gate.run(fakeResponse(), stuck.work);
    const late = gate.run(fakeResponse(), async () => "never").catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await late)
      .to.be.instanceOf(ApiError)
      .and.include({ status: 503 });
    // The one that gave up left the line: the slot goes to the next caller.
    stuck.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(await gate.run(fakeResponse(), async () => "next")).to.equal("next");
  });
});
