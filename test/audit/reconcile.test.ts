import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { leafOf } from "../../core";
import type { Credential } from "../../core";
import {
  AuditError,
  batches,
  certificatesFromCsv,
  readUniversityExport,
  reconcile,
  reconciled,
  revocations,
  revocationsByReason,
} from "../../server/audit";
import type { AuditIndexer, ExportedCertificate } from "../../server/audit";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { newIndexer, randomRoot, tempIndexFile } from "./helpers";

const leaf = (credential: Credential): string => leafOf(credential.proof.documentHash);
const root = (batch: readonly Credential[]): string => (batch[0] as Credential).proof.root;

/** An export CSV with the columns a university's issuance server would give. */
function exportCsv(credentials: readonly Credential[], column: "leaf" | "documentHash" = "documentHash"): string {
  const value = (c: Credential): string => (column === "leaf" ? leaf(c) : c.proof.documentHash);
  return ["id,root," + column, ...credentials.map((c) => `${c.id},${c.proof.root},${value(c)}`)].join("\n") + "\n";
}

describe("reconciliation of a university's export with the chain", () => {
  let chain: TestChain;
  let jordan: TestUniversity;
  let indexer: AuditIndexer;
  const issued: Record<"a" | "b" | "c" | "unanchored" | "other", Credential[]> = {
    a: [],
    b: [],
    c: [],
    unanchored: [],
    other: [],
  };
  const graduates = fixtureGraduates();
  let dir: string;
  let yarmoukId: number;
  /** A university that anchored Jordan's batch `a` under its own id too, with another count (a front-run or a copy). */
  let copierId: number;

  beforeAll(async () => {
    chain = await startTestChain();
    jordan = await accreditUniversity(chain);
    const yarmouk = await accreditUniversity(chain, { operatorIndex: 3 });
    yarmoukId = yarmouk.id;
    issued.a = (await issueBatch(chain, jordan, graduates.slice(0, 3))).credentials;
    issued.b = (await issueBatch(chain, jordan, graduates.slice(3, 5))).credentials;
    issued.c = (await issueBatch(chain, jordan, graduates.slice(5, 7))).credentials;
    issued.unanchored = (await issueBatch(chain, jordan, graduates.slice(7, 8), { anchor: false })).credentials;
    issued.other = (await issueBatch(chain, yarmouk, graduates.slice(8, 9))).credentials;
    const registry = chain.certificateRegistry.connect(jordan.operator);
    const [a0, a1, a2] = issued.a as [Credential, Credential, Credential];
    await (await registry.revokeMany(jordan.id, root(issued.a), [leaf(a1), leaf(a2)], 1)).wait();
    await (await registry.revokeBatch(jordan.id, root(issued.b), 4)).wait();
    // The copier's batch under the same root: its revocations touch its own batch only.
    const copier = await accreditUniversity(chain, { operatorIndex: 4 });
    copierId = copier.id;
    const copied = chain.certificateRegistry.connect(copier.operator);
    await (await copied.anchor(root(issued.a), 5)).wait();
    await (await copied.revoke(copier.id, root(issued.a), leaf(a0), 3)).wait();
    await (await copied.revokeBatch(copier.id, root(issued.a), 2)).wait();
    indexer = newIndexer(chain, tempIndexFile());
    await indexer.sync();
    dir = path.dirname(tempIndexFile());
  });
  afterAll(async () => {
    indexer?.close();
    await chain?.stop();
  });

  const compare = (exported: ExportedCertificate[]) => reconcile(indexer.database, jordan.id, exported);

  it("finds what is missing on chain and what is extra, as far as the chain can tell", () => {
    const [a0, a1] = issued.a as [Credential, Credential, Credential];
    // The export forgets a2 and the whole batch c, and lists a certificate of another university
    // and one whose batch was never anchored.
    const listed = [a0, a1, ...issued.b, ...issued.unanchored, ...issued.other];
    const report = compare(certificatesFromCsv(exportCsv(listed)));

    expect(report.exported).to.deep.equal({ certificates: 6, batches: 4, duplicates: 0 });
    expect(report.onChain).to.deep.equal({ batches: 3, certificates: 7 });
    expect(report.missingOnChain.batches.map((b) => [b.root, b.problem, b.exportedCertificates])).to.have.deep.members([
      [root(issued.b), "batch-revoked", 2],
      [root(issued.unanchored), "not-anchored", 1],
      // Anchored by Yarmouk only: Yarmouk's batch is not Jordan's.
      [root(issued.other), "not-anchored", 1],
    ]);
    expect(report.missingOnChain.batches.find((b) => b.problem === "batch-revoked")?.reason).to.equal(4);
    expect(report.missingOnChain.revokedCertificates.map((c) => [c.id, c.leaf, c.reason])).to.deep.equal([
      [a1.id, leaf(a1), 1],
    ]);
    expect(report.extraOnChain.batches.map((b) => [b.root, b.count])).to.deep.equal([[root(issued.c), 2]]);
    expect(report.extraOnChain.revokedLeaves.map((c) => c.leaf)).to.deep.equal([leaf(issued.a[2] as Credential)]);
    expect(report.countDifferences).to.deep.equal([{ root: root(issued.a), onChain: 3, exported: 2, difference: 1 }]);
    expect(report.rootsAnchoredByOthers.map((o) => [o.root, o.universityId, o.count])).to.deep.equal([
      [root(issued.a), copierId, 5],
      [root(issued.other), yarmoukId, 1],
    ]);
    expect(report.limits.join(" ")).to.match(/not the certificates \(leaves\) it holds/);
    expect(reconciled(report)).to.equal(false);
  });

  it("keeps apart the batches two universities anchored under the same root, and reconciles each with its own", () => {
    const [a0, a1, a2] = issued.a as [Credential, Credential, Credential];
    const shared = root(issued.a);
    const all = { scope: "all" } as const;
    expect(
      batches(indexer.database, all)
        .filter((b) => b.root === shared)
        .map((b) => [b.universityId, b.count, b.revokedCertificates, b.batchRevocationReason]),
    ).to.deep.equal([
      [jordan.id, 3, 2, 0],
      [copierId, 5, 1, 2],
    ]);
    expect(
      revocations(indexer.database, all)
        .filter((r) => r.root === shared)
        .map((r) => [r.universityId, r.kind, r.leaf, r.certificates, r.reason]),
    ).to.have.deep.members([
      [jordan.id, "certificate", leaf(a1), 1, 1],
      [jordan.id, "certificate", leaf(a2), 1, 1],
      [copierId, "certificate", leaf(a0), 1, 3],
      [copierId, "batch", undefined, 5, 2],
    ]);
    const byReason = (universityId: number) =>
      revocationsByReason(indexer.database, { ...all, universityId }).map((r) => [
        r.reason,
        r.certificates,
        r.batches,
        r.certificatesInBatches,
      ]);
    expect(byReason(jordan.id)).to.deep.equal([
      [1, 2, 0, 0],
      [4, 0, 1, 2],
    ]);
    expect(byReason(copierId)).to.deep.equal([
      [2, 0, 1, 5],
      [3, 1, 0, 0],
    ]);

    // Jordan's complete export of the batch: its own count, its own two revocations, not the copier's.
    const ofJordan = compare(certificatesFromCsv(exportCsv(issued.a)));
    expect(ofJordan.missingOnChain.batches).to.deep.equal([]);
    expect(ofJordan.missingOnChain.revokedCertificates.map((c) => c.leaf)).to.have.members([leaf(a1), leaf(a2)]);
    expect(ofJordan.countDifferences).to.deep.equal([]);
    expect(ofJordan.rootsAnchoredByOthers.map((o) => [o.root, o.universityId])).to.deep.equal([[shared, copierId]]);

    // The copier's chain, compared with an export of nothing, then with Jordan's credentials.
    const ofCopier = reconcile(indexer.database, copierId, []);
    expect([ofCopier.onChain, ofCopier.extraOnChain.batches.map((b) => [b.root, b.count])]).to.deep.equal([
      { batches: 1, certificates: 5 },
      [[shared, 5]],
    ]);
    expect(ofCopier.rootsAnchoredByOthers.map((o) => [o.root, o.universityId, o.count])).to.deep.equal([
      [shared, jordan.id, 3],
    ]);
    const copiedExport = reconcile(indexer.database, copierId, certificatesFromCsv(exportCsv(issued.a)));
    expect(copiedExport.missingOnChain.batches.map((b) => [b.root, b.problem, b.reason])).to.deep.equal([
      [shared, "batch-revoked", 2],
    ]);
    expect(copiedExport.countDifferences).to.deep.equal([{ root: shared, onChain: 5, exported: 3, difference: 2 }]);
  });

  it("agrees with a complete export of valid certificates, given by leaf or by document hash", () => {
    const byLeaf = reconcile(indexer.database, yarmoukId, certificatesFromCsv(exportCsv(issued.other, "leaf")));
    expect(reconciled(byLeaf)).to.equal(true);
    expect(byLeaf).to.deep.equal(reconcile(indexer.database, yarmoukId, certificatesFromCsv(exportCsv(issued.other))));
  });

  it("reads the same export from credential JSON files", () => {
    const folder = path.join(dir, "credentials");
    mkdirSync(folder, { recursive: true });
    for (const credential of [...issued.a, ...issued.c])
      writeFileSync(path.join(folder, `${credential.id.split(":").at(-1)}.json`), JSON.stringify(credential));
    writeFileSync(path.join(dir, "all.json"), JSON.stringify([...issued.a, ...issued.c]));
    writeFileSync(path.join(dir, "export.csv"), exportCsv([...issued.a, ...issued.c], "leaf"));
    const fromFolder = compare(readUniversityExport(folder));
    expect(compare(readUniversityExport(path.join(dir, "all.json")))).to.deep.equal(fromFolder);
    expect(compare(readUniversityExport(path.join(dir, "export.csv")))).to.deep.equal(fromFolder);
    expect(fromFolder.extraOnChain.batches.map((b) => b.root)).to.deep.equal([(issued.b[0] as Credential).proof.root]);
    expect(fromFolder.missingOnChain.revokedCertificates).to.have.length(2);
  });

  it("counts rows listed twice once", () => {
    const [a0] = issued.a as [Credential];
    const report = compare(certificatesFromCsv(exportCsv([a0, a0])));
    expect(report.exported).to.deep.equal({ certificates: 1, batches: 1, duplicates: 1 });
  });

  it("says which rows of a bad export are wrong, before comparing anything", () => {
    const [a0] = issued.a as [Credential];
    const bad = [
      "id,root,leaf,documentHash",
      `ok,${a0.proof.root},${leaf(a0)},${a0.proof.documentHash}`,
      `short,0x1234,${leaf(a0)},`,
      `mismatch,${a0.proof.root},${randomRoot()},${a0.proof.documentHash}`,
      `empty,${a0.proof.root},,`,
    ].join("\n");
    expect(() => certificatesFromCsv(bad)).to.throw(
      AuditError,
      /row 3: root is not .*row 4: leaf is not the leaf of documentHash.*row 5: neither leaf nor documentHash/,
    );
    expect(() => certificatesFromCsv("name,grade\nA,B\n")).to.throw(AuditError, /`root` column/);
    expect(() => certificatesFromCsv('root,leaf\n"unclosed,x\n')).to.throw(AuditError, /not a readable CSV/);
    expect(() => compare([])).to.not.throw();
    expect(() => reconcile(indexer.database, 99, [])).to.throw(AuditError, /university 99/);
  });
});
