import { expect } from "chai";
import type { ContractTransactionResponse, JsonRpcSigner } from "ethers";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  anchoringByMonth,
  anomalies,
  auditReport,
  revocationsByReason,
  suspensions,
  universities,
} from "../../server/audit";
import type { AuditIndexer, AuditPeriod } from "../../server/audit";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain } from "../helpers/chain";
import { DAY, accredit, newIndexer, randomRoot, registerMinistry, setNextBlockTime, tempIndexFile } from "./helpers";

/**
 * A year of activity made on a real node with chosen block times, then the figures per country and
 * month, and the anomaly flags: each crafted anomaly is flagged, the ordinary activity is not.
 */
describe("audit figures and anomaly flags", () => {
  let chain: TestChain;
  let indexer: AuditIndexer;
  let base: number; // midnight UTC on the first day of month M1
  const ids = { normal: 0, burst: 0, revoking: 0, suspended: 0, tunis: 0 };
  const roots = { suspiciousAnchor: "", earlyAnchor: "" };
  let months: { m1: string; m2: string };
  let period: AuditPeriod;
  let m2: AuditPeriod;

  beforeAll(async () => {
    chain = await startTestChain();
    const normal = await accreditUniversity(chain); // Jordan: ministry account 1, operator account 2
    const joMinistry = await chain.account(1);
    const burst = await accredit(chain, joMinistry, 3, "Burst");
    const revoking = await accredit(chain, joMinistry, 4, "Revoking");
    const suspended = await accredit(chain, joMinistry, 5, "Suspended");
    const tunis = await accredit(chain, await registerMinistry(chain, "TN", 6), 7, "Tunis");
    Object.assign(ids, {
      normal: normal.id,
      burst: burst.id,
      revoking: revoking.id,
      suspended: suspended.id,
      tunis: tunis.id,
    });

    const now = new Date((((await chain.provider.getBlock("latest"))?.timestamp ?? 0) + 40 * DAY) * 1000);
    base = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) / 1000;
    const monthOf = (t: number): string => new Date(t * 1000).toISOString().slice(0, 7);
    const m2Start = Date.UTC(new Date(base * 1000).getUTCFullYear(), new Date(base * 1000).getUTCMonth() + 1, 1) / 1000;
    const m3Start =
      Date.UTC(new Date(m2Start * 1000).getUTCFullYear(), new Date(m2Start * 1000).getUTCMonth() + 1, 1) / 1000;
    months = { m1: monthOf(base), m2: monthOf(m2Start) };
    period = { from: base, to: m3Start };
    m2 = { from: m2Start, to: m3Start };

    const actions: { at: number; run: () => Promise<ContractTransactionResponse> }[] = [];
    const anchor = (operator: JsonRpcSigner, count: number, at: number, keep?: (root: string) => void): void => {
      const root = randomRoot();
      keep?.(root);
      actions.push({ at, run: () => chain.certificateRegistry.connect(operator).anchor(root, count) });
    };
    const at = (day: number, hour = 10): number => base + day * DAY + hour * 3600;
    let normalFirstRoot = "";
    let revokingRoot = "";
    for (let day = 0; day < 10; day++) anchor(normal.operator, 20, at(day), (root) => (normalFirstRoot ||= root));
    for (const day of [31, 32, 33, 34, 35]) anchor(normal.operator, 20, m2Start + (day - 31) * DAY + 36_000);
    actions.push({
      at: m2Start + 6 * DAY,
      run: () => chain.certificateRegistry.connect(normal.operator).revoke(normal.id, normalFirstRoot, randomRoot(), 1),
    });
    for (let day = 0; day < 5; day++) anchor(burst.operator, 10, at(day, 11));
    anchor(burst.operator, 500, at(5, 11));
    anchor(burst.operator, 12, at(6, 11));
    anchor(revoking.operator, 100, at(1, 12), (root) => (revokingRoot = root));
    actions.push({
      at: at(2, 12),
      run: () =>
        chain.certificateRegistry
          .connect(revoking.operator)
          .revokeMany(revoking.id, revokingRoot, Array.from({ length: 10 }, randomRoot), 2),
    });
    anchor(suspended.operator, 50, at(2, 13), (root) => (roots.earlyAnchor = root));
    anchor(suspended.operator, 40, at(10, 12), (root) => (roots.suspiciousAnchor = root));
    actions.push({
      at: at(11, 6),
      run: () => chain.issuerRegistry.connect(joMinistry).suspendUniversity(suspended.id, "Audit of diplomas"),
    });
    anchor(tunis.operator, 30, at(3, 9));
    anchor(tunis.operator, 30, m2Start + DAY);

    for (const action of actions.sort((a, b) => a.at - b.at)) {
      await setNextBlockTime(chain, action.at);
      await (await action.run()).wait();
    }
    indexer = newIndexer(chain, tempIndexFile());
    await indexer.sync();
  });
  afterAll(async () => {
    indexer?.close();
    await chain?.stop();
  });

  it("counts certificates anchored per university and month, within the country", () => {
    const rows = anchoringByMonth(indexer.database, { scope: "JO", period }).map((r) => [
      r.month,
      r.universityId,
      r.batches,
      r.certificates,
    ]);
    expect(rows).to.deep.equal([
      [months.m1, ids.normal, 10, 200],
      [months.m1, ids.burst, 7, 562],
      [months.m1, ids.revoking, 1, 100],
      [months.m1, ids.suspended, 2, 90],
      [months.m2, ids.normal, 5, 100],
    ]);
  });

  it("shows every country to the ALECSO authority, one country to its ministry, one month when asked", () => {
    const all = anchoringByMonth(indexer.database, { scope: "all", period });
    expect(all.filter((r) => r.country === "TN").map((r) => [r.month, r.certificates])).to.deep.equal([
      [months.m1, 30],
      [months.m2, 30],
    ]);
    expect(
      anchoringByMonth(indexer.database, { scope: "TN", period }).every((r) => r.universityId === ids.tunis),
    ).to.equal(true);
    expect(
      anchoringByMonth(indexer.database, { scope: "JO", period: m2 }).map((r) => [r.universityId, r.certificates]),
    ).to.deep.equal([[ids.normal, 100]]);
    expect(
      anchoringByMonth(indexer.database, { scope: "JO", universityId: ids.burst, period }).map((r) => r.certificates),
    ).to.deep.equal([562]);
  });

  it("counts revocations per reason and lists suspensions with their reason", () => {
    expect(
      revocationsByReason(indexer.database, { scope: "JO", period }).map((r) => [
        r.universityId,
        r.reason,
        r.certificates,
        r.batches,
      ]),
    ).to.deep.equal([
      [ids.normal, 1, 1, 0],
      [ids.revoking, 2, 10, 0],
    ]);
    const [suspension] = suspensions(indexer.database, { scope: "JO", period });
    expect(suspension).to.include({
      universityId: ids.suspended,
      suspendedAt: base + 11 * DAY + 6 * 3600,
      reason: "Audit of diplomas",
      reinstatedAt: 0,
    });
    expect(suspensions(indexer.database, { scope: "TN", period })).to.deep.equal([]);
    expect(universities(indexer.database, { scope: "JO" }).find((u) => u.id === ids.suspended)?.state).to.equal(
      "suspended",
    );
  });

  it("flags the crafted anomalies and nothing in the ordinary activity", () => {
    const found = anomalies(indexer.database, { scope: "all", period });
    expect(found).to.have.length(3);
    expect(found).to.deep.include({
      kind: "anchoring-burst",
      universityId: ids.burst,
      country: "JO",
      day: new Date((base + 5 * DAY) * 1000).toISOString().slice(0, 10),
      certificates: 500,
      baselineMedian: 10,
    });
    expect(found).to.deep.include({
      kind: "revocation-rate",
      universityId: ids.revoking,
      country: "JO",
      anchored: 100,
      revoked: 10,
      rate: 0.1,
    });
    expect(found).to.deep.include({
      kind: "anchors-before-suspension",
      universityId: ids.suspended,
      country: "JO",
      suspendedAt: base + 11 * DAY + 6 * 3600,
      reason: "Audit of diplomas",
      roots: [roots.suspiciousAnchor],
      certificates: 40,
      firstAnchoredAt: base + 10 * DAY + 12 * 3600,
    });
    expect(found.map((a) => a.universityId)).to.not.include.members([ids.normal, ids.tunis]);
  });

  it("takes its thresholds as parameters and its period from the filter", () => {
    const strict = anomalies(
      indexer.database,
      { scope: "JO", period },
      { burstFactor: 100, revocationRate: 0.2, suspensionWindowSeconds: 12 * 3600 },
    );
    expect(strict).to.deep.equal([]);
    const loose = anomalies(indexer.database, { scope: "JO", period }, { revocationRate: 0.001 });
    expect(loose.filter((a) => a.kind === "revocation-rate").map((a) => a.universityId)).to.deep.equal([
      ids.normal,
      ids.revoking,
    ]);
    expect(anomalies(indexer.database, { scope: "JO", period: m2 })).to.deep.equal([]);
  });

  it("puts it all in one report, with figures per university for the period", () => {
    const report = auditReport(indexer.database, { scope: "JO", period });
    const figures = Object.fromEntries(
      report.universities.map((u) => [u.id, [u.batches, u.certificates, u.revokedCertificates, u.suspensions]]),
    );
    expect(figures).to.deep.equal({
      [ids.normal]: [15, 300, 1, 0],
      [ids.burst]: [7, 562, 0, 0],
      [ids.revoking]: [1, 100, 10, 0],
      [ids.suspended]: [2, 90, 0, 1],
    });
    expect(report.index.checkpoint?.number).to.equal(indexer.checkpoint?.number);
    expect(report.anomalies).to.have.length(3);
    expect(report.ministries.map((m) => m.country)).to.deep.equal(["JO"]);
  });
});
