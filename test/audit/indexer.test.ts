import BetterSqlite3 from "better-sqlite3";
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, it } from "vitest";
import { leafOf } from "../../core";
import {
  AuditError,
  anchoringRights,
  authority,
  batches,
  ministries,
  openAuditDatabase,
  revocations,
  signerKeys,
  universities,
} from "../../server/audit";
import type { AuditIndexer } from "../../server/audit";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import {
  accredit,
  allRegistryLogs,
  anchorRandom,
  countryBytes,
  newIndexer,
  randomRoot,
  registerMinistry,
  startPickyNode,
  tempIndexFile,
} from "./helpers";

/**
 * Every kind of registry event, then the index compared with what the contracts' own views say: the
 * indexer must rebuild the registries' state from the logs alone.
 */
async function buildWorld(
  chain: TestChain,
): Promise<{ jordan: TestUniversity; batches: [number, string][]; revokedLeaves: [number, string, string][] }> {
  const jordan = await accreditUniversity(chain); // JO ministry = account 1, operator = account 2
  const joMinistry = await chain.account(1);
  const tnMinistry = await registerMinistry(chain, "TN", 3);
  const tunis = await accredit(chain, tnMinistry, 4, "Tunis");
  const yarmouk = await accredit(chain, joMinistry, 5, "Yarmouk");

  const { batch, credentials } = await issueBatch(chain, jordan, fixtureGraduates().slice(0, 3));
  const other = await anchorRandom(chain, jordan.operator, 10);
  const tunisBatch = await anchorRandom(chain, tunis.operator, 4);
  const leaves = credentials.map((c) => leafOf(c.proof.documentHash));
  const fakeLeaves = [randomRoot(), randomRoot(), randomRoot()];
  await (
    await chain.certificateRegistry.connect(jordan.operator).revoke(jordan.id, batch.root, leaves[0] as string, 1)
  ).wait();
  await (
    await chain.certificateRegistry.connect(jordan.operator).revokeMany(jordan.id, other, fakeLeaves.slice(0, 2), 3)
  ).wait();
  await (
    await chain.certificateRegistry.connect(joMinistry).revoke(jordan.id, other, fakeLeaves[2] as string, 2)
  ).wait();
  await (await chain.certificateRegistry.connect(tunis.operator).revokeBatch(tunis.id, tunisBatch, 4)).wait();

  await (await chain.issuerRegistry.connect(jordan.operator).setUniversityUrl("https://ju.example/tasdiq")).wait();
  const second = randomRoot().slice(0, 42);
  const third = randomRoot().slice(0, 42);
  const latest = (await chain.provider.getBlock("latest"))?.timestamp ?? 0;
  await (await chain.issuerRegistry.connect(jordan.operator).addSigner(second, 0, latest + 86_400 * 365)).wait();
  await (await chain.issuerRegistry.connect(jordan.operator).addSigner(third, 0, 0)).wait();
  await chain.provider.send("evm_increaseTime", [60]); // so that a revocation "from now" shortens the windows
  await (await chain.issuerRegistry.connect(jordan.operator).revokeSigner(jordan.signer.address, 0)).wait();
  await (await chain.issuerRegistry.connect(jordan.operator).revokeSigner(second, 0)).wait();
  // A compromise found to be older: the window is shortened again, and the latest revocation counts.
  const { validFrom } = await chain.issuerRegistry.signerKey(jordan.id, second);
  await (await chain.issuerRegistry.connect(jordan.operator).revokeSigner(second, validFrom + 1n)).wait();

  await (
    await chain.issuerRegistry.connect(joMinistry).suspendUniversity(yarmouk.id, "Inquiry into admissions")
  ).wait();
  await (await chain.issuerRegistry.connect(joMinistry).reinstateUniversity(yarmouk.id)).wait();
  await (await chain.issuerRegistry.connect(joMinistry).suspendUniversity(yarmouk.id, "Second inquiry")).wait();

  // Mirrors published, replaced and withdrawn: events the indexer must read past, though it keeps nothing of them.
  await (await chain.issuerRegistry.connect(joMinistry).publishMirror("https://mirror.jo.example")).wait();
  await (await chain.issuerRegistry.connect(chain.authority).publishMirror("https://mirror.alecso.example")).wait();
  await (await chain.issuerRegistry.connect(joMinistry).publishMirror("https://mirror2.jo.example")).wait();
  await (await chain.issuerRegistry.connect(chain.authority).withdrawMirror()).wait();

  await (await chain.issuerRegistry.connect(chain.authority).removeMinistry(countryBytes("TN"))).wait();
  await registerMinistry(chain, "TN", 6);
  await (await chain.issuerRegistry.connect(chain.authority).removeMinistry(countryBytes("TN"))).wait();
  await (
    await chain.issuerRegistry.connect(chain.authority).transferOwnership((await chain.account(7)).address)
  ).wait();

  return {
    jordan,
    batches: [
      [jordan.id, batch.root],
      [jordan.id, other],
      [tunis.id, tunisBatch],
    ],
    revokedLeaves: [
      [jordan.id, batch.root, leaves[0] as string],
      ...fakeLeaves.map((leaf) => [jordan.id, other, leaf] as [number, string, string]),
    ],
  };
}

describe("audit indexer against a real Hardhat node", () => {
  let chain: TestChain;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  let indexer: AuditIndexer;
  let file: string;

  beforeAll(async () => {
    chain = await startTestChain();
    world = await buildWorld(chain);
    file = tempIndexFile();
    indexer = newIndexer(chain, file, { blocksPerQuery: 7 });
  });
  afterAll(async () => {
    indexer?.close();
    await chain?.stop();
  });

  it("indexes every registry event, in ranges, up to the head", async () => {
    const head = await chain.provider.getBlockNumber();
    const result = await indexer.sync();
    expect(result).to.deep.equal({
      fromBlock: chain.deployment.deploymentBlock,
      toBlock: head,
      events: await allRegistryLogs(chain),
    });
    expect(indexer.checkpoint?.hash).to.equal((await chain.provider.getBlock(head))?.hash);
  });

  it("rebuilds the ministries and their history", async () => {
    for (const code of ["JO", "TN"]) {
      const terms = ministries(indexer.database, { scope: code as "JO" | "TN" });
      const history = await chain.issuerRegistry.ministryHistory(countryBytes(code));
      expect(terms.map((t) => ({ from: t.from, until: t.until }))).to.deep.equal(
        history.map((i) => ({ from: Number(i.from), until: Number(i.until) })),
      );
      const current = await chain.issuerRegistry.ministry(countryBytes(code));
      const open = terms.find((t) => t.until === 0);
      expect(open?.account ?? "0x0000000000000000000000000000000000000000").to.equal(current.account);
      if (open) expect(open.names).to.deep.equal({ ar: current.names.ar, en: current.names.en, fr: current.names.fr });
    }
    expect(ministries(indexer.database, { scope: "TN" }).map((t) => t.account)).to.deep.equal([
      (await chain.account(3)).address,
      (await chain.account(6)).address,
    ]);
  });

  it("rebuilds the universities: records, accreditation intervals with suspension reasons, current state", async () => {
    const indexed = universities(indexer.database, { scope: "all" });
    expect(indexed.length).to.equal(Number(await chain.issuerRegistry.universityCount()));
    for (const university of indexed) {
      const view = await chain.issuerRegistry.university(university.id);
      expect({
        country: university.country,
        operator: university.operator,
        url: university.url,
        accredited: university.state === "accredited",
      }).to.deep.equal({
        country: Buffer.from(view.country.slice(2), "hex").toString(),
        operator: view.operator,
        url: view.url,
        accredited: view.accredited,
      });
      expect(university.names).to.deep.equal({ ar: view.names.ar, en: view.names.en, fr: view.names.fr });
      const history = await chain.issuerRegistry.accreditationHistory(university.id);
      expect(university.accreditation.map(({ from, until }) => ({ from, until }))).to.deep.equal(
        history.map((i) => ({ from: Number(i.from), until: Number(i.until) })),
      );
    }
    const yarmouk = indexed.find((u) => u.names.en === "University of Yarmouk");
    expect(yarmouk?.state).to.equal("suspended");
    expect(yarmouk?.accreditation.map((i) => i.suspensionReason)).to.deep.equal([
      "Inquiry into admissions",
      "Second inquiry",
    ]);
    expect(indexed.find((u) => u.country === "TN")?.state).to.equal("no-ministry");
  });

  it("rebuilds the signer keys with their windows as shortened by revocations", async () => {
    const keys = signerKeys(indexer.database, { scope: "all" });
    for (const id of new Set(keys.map((k) => k.universityId))) {
      const own = keys.filter((k) => k.universityId === id);
      expect(own.map((k) => k.key)).to.deep.equal(await chain.issuerRegistry.signers(id));
      for (const key of own) {
        const window = await chain.issuerRegistry.signerKey(id, key.key);
        expect({ validFrom: key.validFrom, validUntil: key.validUntil }).to.deep.equal({
          validFrom: Number(window.validFrom),
          validUntil: Number(window.validUntil),
        });
      }
    }
    expect(keys.filter((k) => k.universityId === world.jordan.id).map((k) => k.revokedAt > 0)).to.deep.equal([
      true,
      true,
      false,
    ]);
  });

  it("rebuilds the batches and the revocations, with who revoked", async () => {
    const indexed = batches(indexer.database, { scope: "all" });
    expect(indexed.map((b) => [b.universityId, b.root])).to.have.deep.members(world.batches);
    for (const batch of indexed) {
      const view = await chain.certificateRegistry.batch(batch.universityId, batch.root);
      expect([batch.count, batch.anchoredAt, batch.batchRevokedAt, batch.batchRevocationReason]).to.deep.equal(
        [view.count, view.anchoredAt, view.revokedAt, view.reason].map(Number),
      );
      const receipt = await chain.provider.getTransactionReceipt(batch.txHash);
      expect(receipt?.blockNumber).to.equal(batch.blockNumber);
    }
    const revoked = revocations(indexer.database, { scope: "all" });
    for (const [universityId, root, leaf] of world.revokedLeaves) {
      const record = revoked.find((r) => r.kind === "certificate" && r.leaf === leaf);
      expect([record?.universityId, record?.root]).to.deep.equal([universityId, root]);
      const status = await chain.certificateRegistry.status(universityId, root, leaf);
      expect([record?.revokedAt, record?.reason]).to.deep.equal([
        Number(status.leafRevokedAt),
        Number(status.leafReason),
      ]);
    }
    expect(revoked.filter((r) => r.byMinistry).map((r) => r.revokedBy)).to.deep.equal([
      (await chain.account(1)).address,
    ]);
    expect(
      revoked.filter((r) => r.kind === "batch").map((r) => [r.universityId, r.root, r.certificates, r.reason]),
    ).to.deep.equal([[...(world.batches[2] ?? []), 4, 4]]);
  });

  it("rebuilds the authority and the anchoring rights", async () => {
    expect(authority(indexer.database)).to.deep.equal({
      owner: await chain.issuerRegistry.owner(),
      pendingOwner: await chain.issuerRegistry.pendingOwner(),
    });
    for (const right of anchoringRights(indexer.database, { scope: "all" })) {
      expect(right.allowed ? right.universityId : 0).to.equal(
        Number(await chain.certificateRegistry.anchoringRight(right.operator)),
      );
    }
  });

  it("resumes from its checkpoint after a restart, reading only new blocks", async () => {
    const before = indexer.checkpoint?.number ?? 0;
    indexer.close();
    await anchorRandom(chain, world.jordan.operator, 2);
    await anchorRandom(chain, world.jordan.operator, 3);
    indexer = newIndexer(chain, file);
    const result = await indexer.sync();
    expect(result).to.deep.equal({ fromBlock: before + 1, toBlock: before + 2, events: 2 });
    expect(await indexer.sync()).to.deep.equal({ fromBlock: before + 3, toBlock: before + 2, events: 0 });
  });

  it("serves a call made during a sync with one more run, so that it sees the head as of the call", async () => {
    const first = indexer.sync();
    const [second, third] = [indexer.sync(), indexer.sync()];
    expect(second).to.equal(third).and.not.equal(first);
    await Promise.all([first, second]);

    const running = indexer.sync();
    const root = await anchorRandom(chain, world.jordan.operator, 1);
    await Promise.all([running, indexer.sync()]);
    expect(batches(indexer.database, { scope: "all" }).map((b) => b.root)).to.include(root);
  });

  it("stores each event once when blocks are read again", async () => {
    const count = (): number => indexer.database.prepare("SELECT COUNT(*) FROM events").pluck().get() as number;
    const stored = count();
    const start = await chain.provider.getBlock(chain.deployment.deploymentBlock);
    indexer.database.prepare("UPDATE checkpoint SET block_number = ?, block_hash = ?").run(start?.number, start?.hash);
    const result = await indexer.sync();
    expect([result.fromBlock, result.events, count()]).to.deep.equal([chain.deployment.deploymentBlock + 1, 0, stored]);
    expect(batches(indexer.database, { scope: "all" }).length).to.equal(world.batches.length + 3);
  });

  it("leaves the newest blocks out when asked for confirmations", async () => {
    const other = newIndexer(chain, tempIndexFile(), { confirmations: 3 });
    const result = await other.sync();
    other.close();
    expect(result.toBlock).to.equal((await chain.provider.getBlockNumber()) - 3);
  });

  it("halves a block range the node refuses", async () => {
    const picky = await startPickyNode(chain.node.url, 4);
    const provider = new JsonRpcProvider(picky.url, undefined, { cacheTimeout: -1 });
    const indexer2 = newIndexer(chain, tempIndexFile(), { provider });
    const result = await indexer2.sync();
    const indexed = batches(indexer2.database, { scope: "all" }).map((b) => b.root);
    indexer2.close();
    provider.destroy();
    await picky.close();
    expect(result.events).to.equal(await allRegistryLogs(chain));
    expect(indexed).to.have.members(batches(indexer.database, { scope: "all" }).map((b) => b.root));
    expect(picky.ranges[0]).to.be.above(4);
  });

  it("refuses a node of another chain, or a deployment with no registry at its address", async () => {
    const wrongChain = newIndexer(chain, tempIndexFile(), { deployment: { ...chain.deployment, chainId: 1 } });
    const noRegistry = newIndexer(chain, tempIndexFile(), {
      deployment: { ...chain.deployment, issuerRegistry: randomRoot().slice(0, 42) },
    });
    expect(await wrongChain.sync().catch((error: unknown) => error))
      .to.be.instanceOf(AuditError)
      .with.property("code", "AUDIT_WRONG_CHAIN");
    expect(await noRegistry.sync().catch((error: unknown) => error))
      .to.be.instanceOf(AuditError)
      .with.property("code", "AUDIT_NO_REGISTRY");
    wrongChain.close();
    noRegistry.close();
  });

  it("rebuilds a store made by another schema version from the chain, instead of reading it", async () => {
    // What the first schema left: batches keyed by root alone, a deployment and a checkpoint.
    const old = tempIndexFile();
    const db = new BetterSqlite3(old);
    db.exec(`CREATE TABLE deployment (id INTEGER PRIMARY KEY, chain_id INTEGER, issuer_registry TEXT, certificate_registry TEXT, deployment_block INTEGER);
      INSERT INTO deployment VALUES (1, 1, '0x01', '0x02', 0);
      CREATE TABLE checkpoint (id INTEGER PRIMARY KEY, block_number INTEGER, block_hash TEXT);
      INSERT INTO checkpoint VALUES (1, 99, '0x03');
      CREATE TABLE batches (root TEXT PRIMARY KEY, university_id INTEGER NOT NULL);
      INSERT INTO batches VALUES ('${randomRoot()}', 1);`);
    db.pragma("user_version = 1");
    db.close();
    expect(() => openAuditDatabase(old, { readonly: true })).to.throw(AuditError, /not at schema version/);

    const rebuilt = newIndexer(chain, old);
    const result = await rebuilt.sync();
    const indexed = batches(rebuilt.database, { scope: "all" });
    rebuilt.close();
    expect(result).to.include({ fromBlock: chain.deployment.deploymentBlock, events: await allRegistryLogs(chain) });
    expect(indexed).to.deep.equal(batches(indexer.database, { scope: "all" }));
    openAuditDatabase(old, { readonly: true }).close();
  });

  it("refuses a store built for another deployment", () => {
    expect(() =>
      newIndexer(chain, file, { deployment: { ...chain.deployment, certificateRegistry: randomRoot().slice(0, 42) } }),
    ).to.throw(/another deployment/);
  });
});
