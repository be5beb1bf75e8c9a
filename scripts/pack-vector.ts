import { writeFileSync } from "node:fs";
import path from "node:path";
import { createVerificationPack, httpChainEndpoint, packBlock, verdictOf } from "../core";
import { accreditUniversity, startTestChain } from "../test/helpers/chain";
import { fixtureGraduates } from "../test/helpers/graduates";
import { issueBatch } from "../test/helpers/issue";

/**
 * Writes docs/verification-pack-vector.json: a verification pack made on a fresh local chain (one
 * university, one batch), with the deployment it belongs to and the hash of its block, so that another
 * implementation can check that it verifies the pack as this one does, with no node at all.
 * Run: npm run vectors:pack (a new chain each time: the pack and its hash change, the expectations not).
 */
async function main(): Promise<void> {
  const chain = await startTestChain();
  try {
    const university = await accreditUniversity(chain);
    const { credentials } = await issueBatch(chain, university, fixtureGraduates().slice(0, 2));
    const trustedDeployments = [chain.deployment];
    const { pack, fragments } = await createVerificationPack(
      credentials[0],
      [httpChainEndpoint(chain.node.url, fetch)],
      { trustedDeployments },
    );
    const vector = {
      description:
        "A verification pack (docs/verification-pack.md) and the deployment it belongs to. Verified with the " +
        "checkpoint's hash as the trusted block hash and `now` as the clock, every check is VALID; with any other " +
        "block hash, or with any byte of the pack's chain evidence changed, the verdict is CANNOT_CHECK.",
      deployment: chain.deployment,
      checkpoint: packBlock(pack),
      now: "2026-12-01T00:00:00Z",
      expected: { verdict: verdictOf(fragments), checks: fragments.map((f) => [f.name, f.status, f.reason.code]) },
      pack,
    };
    const file = path.join(__dirname, "..", "docs", "verification-pack-vector.json");
    writeFileSync(file, `${JSON.stringify(vector, null, 2)}\n`);
    console.log(
      `wrote ${file}: block ${vector.checkpoint.number} ${vector.checkpoint.hash}, ${vector.expected.verdict}`,
    );
  } finally {
    await chain.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
