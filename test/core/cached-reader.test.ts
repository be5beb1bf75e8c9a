import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { cachedChainReader, createEthersChainReader, leafOf, verdictOf, verifyCredential } from "../../core";
import type { ChainReader, Credential } from "../../core";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";

const HEAD_MS = 400;
const REASON_FRAUD = 2;

describe("certificate status reused within one block (cachedChainReader with statusByBlock)", () => {
  let chain: TestChain;
  let university: TestUniversity;
  /** Status reads that reached the node, through the real ethers reader. */
  let nodeReads = 0;
  let reader: ChainReader;

  beforeAll(async () => {
    chain = await startTestChain();
    university = await accreditUniversity(chain);
    const direct = createEthersChainReader(chain.provider, chain.deployment);
    const counted: ChainReader = {
      ...direct,
      status: (...args) => {
        nodeReads++;
        return direct.status(...args);
      },
    };
    reader = cachedChainReader(counted, 60_000, Date.now, {
      head: () => chain.provider.getBlockNumber(),
      headMs: HEAD_MS,
    });
  });
  afterAll(async () => chain?.stop());

  const verify = (credential: unknown) =>
    verifyCredential(credential, { trustedDeployments: [chain.deployment], chainReader: () => reader });

  it("reads a certificate's status once per block however many verify it", async () => {
    const { credentials } = await issueBatch(chain, university, fixtureGraduates().slice(0, 2));
    const before = nodeReads;
    const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => verify(credentials[i % 2])));
    expect(verdicts.map(verdictOf)).to.deep.equal(Array(40).fill("VALID"));
    expect(nodeReads - before).to.equal(2);
  });

  it(`shows a revocation once the head is asked for again, at most ${HEAD_MS} ms after its block`, async () => {
    const { credentials, batch } = await issueBatch(chain, university, fixtureGraduates().slice(0, 2));
    const [revoked, untouched] = credentials as [Credential, Credential];
    expect(verdictOf(await verify(revoked))).to.equal("VALID");
    await (
      await chain.certificateRegistry
        .connect(university.operator)
        .revoke(university.id, batch.root, leafOf(revoked.proof.documentHash), REASON_FRAUD)
    ).wait();
    const mined = Date.now();
    let verdict = verdictOf(await verify(revoked));
    while (verdict !== "REVOKED" && Date.now() - mined <= HEAD_MS + 200) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      verdict = verdictOf(await verify(revoked));
    }
    expect(verdict).to.equal("REVOKED");
    expect(Date.now() - mined).to.be.at.most(HEAD_MS + 200);
    expect(verdictOf(await verify(untouched))).to.equal("VALID");
  });

  it("reads the status directly while the head cannot be read", async () => {
    const { credentials } = await issueBatch(chain, university, fixtureGraduates().slice(0, 1));
    let headFails = true;
    const noHead = cachedChainReader(createEthersChainReader(chain.provider, chain.deployment), 60_000, Date.now, {
      head: () => (headFails ? Promise.reject(new Error("node down")) : chain.provider.getBlockNumber()),
      headMs: 0,
    });
    const fragments = await verifyCredential(credentials[0], {
      trustedDeployments: [chain.deployment],
      chainReader: () => noHead,
    });
    expect(verdictOf(fragments)).to.equal("VALID");
    headFails = false;
    expect(
      verdictOf(
        await verifyCredential(credentials[0], { trustedDeployments: [chain.deployment], chainReader: () => noHead }),
      ),
    ).to.equal("VALID");
  });
});
