import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { batches, suspensions, universities } from "../../server/audit";
import type { AuditIndexer } from "../../server/audit";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { anchorRandom, newIndexer, tempIndexFile } from "./helpers";

/**
 * Reorganisations made on a real node: `evm_snapshot` marks a block, `evm_revert` drops every block
 * after it, and new transactions then mine different blocks at the same heights.
 */
describe("audit indexer and reorganisations", () => {
  let chain: TestChain;
  let university: TestUniversity;
  let indexer: AuditIndexer;

  const snapshot = (): Promise<string> => chain.provider.send("evm_snapshot", []);
  const revert = async (id: string): Promise<void> => {
    expect(await chain.provider.send("evm_revert", [id])).to.equal(true);
  };
  const indexedRoots = (): string[] => batches(indexer.database, { scope: "all" }).map((b) => b.root);
  const blockHash = async (number: number): Promise<string | undefined> =>
    (await chain.provider.getBlock(number))?.hash ?? undefined;

  beforeAll(async () => {
    chain = await startTestChain();
    university = await accreditUniversity(chain);
    indexer = newIndexer(chain, tempIndexFile());
    await indexer.sync();
  });
  afterAll(async () => {
    indexer?.close();
    await chain?.stop();
  });

  it("drops the blocks a shorter chain no longer has and indexes its new ones", async () => {
    const kept = await anchorRandom(chain, university.operator, 1);
    await indexer.sync();
    const fork = (await chain.provider.getBlockNumber()) + 1;
    const id = await snapshot();
    const dropped = [
      await anchorRandom(chain, university.operator, 2),
      await anchorRandom(chain, university.operator, 3),
    ];
    await indexer.sync();
    expect(indexedRoots()).to.include.members(dropped);

    await revert(id);
    const replacement = await anchorRandom(chain, university.operator, 4);
    const result = await indexer.sync();

    expect(result.rolledBackFrom).to.equal(fork);
    expect(result).to.include({ fromBlock: fork, toBlock: fork, events: 1 });
    expect(indexedRoots()).to.include.members([kept, replacement]).and.not.include.members(dropped);
    expect(indexer.checkpoint?.hash).to.equal(await blockHash(fork));
  });

  it("finds the fork point among many stored blocks when the new chain is longer", async () => {
    const before = [];
    for (let i = 0; i < 3; i++) {
      before.push(await anchorRandom(chain, university.operator, 1));
      await indexer.sync(); // a checkpoint per block: several stored blocks above and below the fork
    }
    const fork = (await chain.provider.getBlockNumber()) + 1;
    const id = await snapshot();
    const dropped = [];
    for (let i = 0; i < 4; i++) {
      dropped.push(await anchorRandom(chain, university.operator, 1));
      await indexer.sync();
    }
    await revert(id);
    const replacements = [];
    for (let i = 0; i < 6; i++) replacements.push(await anchorRandom(chain, university.operator, 1));

    const result = await indexer.sync();
    expect(result).to.include({ rolledBackFrom: fork, fromBlock: fork, toBlock: fork + 5, events: 6 });
    expect(indexedRoots())
      .to.include.members([...before, ...replacements])
      .and.not.include.members(dropped);
    const stored = indexer.database.prepare("SELECT number, hash FROM blocks WHERE number >= ?").all(fork) as {
      number: number;
      hash: string;
    }[];
    for (const block of stored) expect(block.hash).to.equal(await blockHash(block.number));
  });

  it("undoes a suspension that the new chain does not have", async () => {
    const ministry = await chain.account(1);
    const id = await snapshot();
    await (
      await chain.issuerRegistry.connect(ministry).suspendUniversity(university.id, "Dropped by the reorganisation")
    ).wait();
    await indexer.sync();
    expect(universities(indexer.database, { scope: "JO" })[0]?.state).to.equal("suspended");

    await revert(id);
    await anchorRandom(chain, university.operator, 1);
    await indexer.sync();
    const [record] = universities(indexer.database, { scope: "JO" });
    expect(record?.state).to.equal("accredited");
    expect(record?.accreditation).to.deep.equal([{ from: record?.accreditation[0]?.from, until: 0 }]);
    expect(suspensions(indexer.database, { scope: "JO" })).to.deep.equal([]);
  });

  it("leaves the blocks within the confirmation depth out, so a shallow reorganisation costs nothing", async () => {
    const cautious = newIndexer(chain, tempIndexFile(), { confirmations: 2 });
    const id = await snapshot();
    const dropped = await anchorRandom(chain, university.operator, 1);
    await cautious.sync();
    const seen = batches(cautious.database, { scope: "all" }).map((b) => b.root);
    await revert(id);
    await anchorRandom(chain, university.operator, 1);
    await anchorRandom(chain, university.operator, 1);
    const result = await cautious.sync();
    cautious.close();
    expect(seen).to.not.include(dropped);
    expect(result.rolledBackFrom).to.equal(undefined);
  });
});
