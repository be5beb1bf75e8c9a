import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { describe, it } from "vitest";
import { Deployment, VerificationPack, packBlock, verdictOf, verifyPack } from "../../core";

/** The published vector of docs/verification-pack.md (scripts/pack-vector.ts), verified with no node at all. */
const vector = JSON.parse(
  readFileSync(path.join(__dirname, "..", "..", "docs", "verification-pack-vector.json"), "utf8"),
) as {
  deployment: unknown;
  checkpoint: { number: number; hash: string };
  now: string;
  expected: { verdict: string; checks: [string, string, string][] };
  pack: unknown;
};

describe("the verification pack vector", () => {
  const pack = VerificationPack.parse(vector.pack);
  const options = { trustedDeployments: [Deployment.parse(vector.deployment)], now: () => new Date(vector.now) };

  it("is of the block its checkpoint names", () => {
    expect(packBlock(pack)).to.deep.equal(vector.checkpoint);
  });

  it("verifies with no network against its checkpoint as documented", async () => {
    const fragments = await verifyPack(pack, vector.checkpoint.hash, options);
    expect(verdictOf(fragments)).to.equal(vector.expected.verdict);
    expect(fragments.map((f) => [f.name, f.status, f.reason.code])).to.deep.equal(vector.expected.checks);
  });

  it("cannot be checked against another block's hash", async () => {
    const fragments = await verifyPack(pack, `0x${"ab".repeat(32)}`, options);
    expect(verdictOf(fragments)).to.equal("CANNOT_CHECK");
  });
});
