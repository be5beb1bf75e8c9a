import { expect } from "chai";
import { Credential, cachedChainReader, createEthersChainReader, verdictOf, verifyCredential } from "../../core";
import type { Database } from "../../server/db/database";
import type { TestChain } from "../helpers/chain";
import { eventually } from "../helpers/server";

/** Rows that must not exist once issuance has settled, each counted by one query. */
const ORPHANS: Record<string, string> = {
  "certificates not confirmed": "SELECT COUNT(*) FROM certificates WHERE status != 'confirmed'",
  "certificates without a batch":
    "SELECT COUNT(*) FROM certificates c WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = c.batch_id)",
  "certificates without credential or envelope":
    "SELECT COUNT(*) FROM certificates WHERE credential IS NULL OR envelope IS NULL",
  "batches not confirmed": "SELECT COUNT(*) FROM batches WHERE status != 'confirmed'",
  "batches without anchoring transaction":
    "SELECT COUNT(*) FROM batches WHERE tx_hash IS NULL OR block_number IS NULL OR anchored_at IS NULL",
  "batches whose count is not their certificates'":
    "SELECT COUNT(*) FROM batches b WHERE b.count != (SELECT COUNT(*) FROM certificates c WHERE c.batch_id = b.id)",
  "batches without exactly one confirmed anchor in the outbox":
    "SELECT COUNT(*) FROM batches b WHERE (SELECT COUNT(*) FROM chain_transactions t WHERE t.kind = 'anchor' AND t.ref_id = b.id AND t.status = 'confirmed') != 1",
  "issuance requests left half-written": "SELECT COUNT(*) FROM intakes",
  "outbox transactions not confirmed (stuck)": "SELECT COUNT(*) FROM chain_transactions WHERE status != 'confirmed'",
  "outbox anchors of no batch":
    "SELECT COUNT(*) FROM chain_transactions t WHERE t.kind = 'anchor' AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = t.ref_id)",
};

/** Waits until the database holds no certificate and no chain transaction still in progress. */
export async function settled(db: Database, timeoutMs: number): Promise<void> {
  await eventually(
    () => {
      const open = db
        .prepare(
          "SELECT (SELECT COUNT(*) FROM certificates WHERE status != 'confirmed') + (SELECT COUNT(*) FROM chain_transactions WHERE status != 'confirmed')",
        )
        .pluck()
        .get() as number;
      return open === 0 ? true : undefined;
    },
    timeoutMs,
    "every certificate and chain transaction confirmed",
  );
}

/**
 * What any fault must leave behind once issuance settles: exactly the accepted certificates, each in
 * one batch; each batch anchored once, by the transaction the database recorded (one Anchored event
 * per university and root, none extra); no orphan or stuck row; and every credential verifying with
 * core against the chain. Returns the number of batches.
 */
export async function expectAnchoredExactlyOnce(
  chain: TestChain,
  db: Database,
  acceptedIds: readonly string[],
): Promise<number> {
  const orphans = Object.fromEntries(
    Object.entries(ORPHANS).map(([what, sql]) => [what, db.prepare(sql).pluck().get() as number]),
  );
  expect(orphans, "orphan or unfinished rows").to.deep.equal(
    Object.fromEntries(Object.keys(ORPHANS).map((what) => [what, 0])),
  );
  const stored = db.prepare("SELECT id FROM certificates").pluck().all() as string[];
  expect(new Set(acceptedIds).size, "accepted ids are distinct").to.equal(acceptedIds.length);
  expect(stored, "the database holds exactly the accepted certificates").to.have.members([...acceptedIds]);

  const batches = db
    .prepare("SELECT university_id AS issuer, root, count, tx_hash AS txHash, block_number AS blockNumber FROM batches")
    .all() as { issuer: number; root: string; count: number; txHash: string; blockNumber: number }[];
  const events = await chain.certificateRegistry.queryFilter(
    chain.certificateRegistry.filters.Anchored(),
    chain.deployment.deploymentBlock,
  );
  const anchored = events.map((event) => ({
    issuer: Number(event.args.issuer),
    root: event.args.root.toLowerCase(),
    count: Number(event.args.count),
    txHash: event.transactionHash,
    blockNumber: event.blockNumber,
  }));
  expect(
    new Set(anchored.map((a) => `${a.issuer}:${a.root}`)).size,
    "no batch anchored twice by its university",
  ).to.equal(anchored.length);
  expect(anchored, "one Anchored event per batch, from the recorded transaction").to.have.deep.members(
    batches.map((b) => ({ ...b, root: b.root.toLowerCase() })),
  );

  const reader = cachedChainReader(createEthersChainReader(chain.provider, chain.deployment), 600_000);
  const options = chain.verifyOptions({ chainReader: () => reader });
  const credentials = db.prepare("SELECT id, credential FROM certificates ORDER BY id").all() as {
    id: string;
    credential: string;
  }[];
  const notValid: string[] = [];
  for (let i = 0; i < credentials.length; i += 50) {
    await Promise.all(
      credentials.slice(i, i + 50).map(async ({ id, credential }) => {
        const verdict = verdictOf(await verifyCredential(Credential.parse(JSON.parse(credential)), options));
        if (verdict !== "VALID") notValid.push(`${id}: ${verdict}`);
      }),
    );
  }
  expect(notValid, "certificates that do not verify").to.deep.equal([]);
  return batches.length;
}
