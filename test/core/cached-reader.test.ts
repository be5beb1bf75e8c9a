import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  ChainReadError,
  cachedChainReader,
  createEthersChainReader,
  leafOf,
  verdictOf,
  verifyCredential,
} from "../../core";
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

  it(`shows a revocation once the head is asked for again: ${HEAD_MS} ms and one head request after its block`, async () => {
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
    while (verdict !== "REVOKED" && Date.now() - mined <= HEAD_MS + 600) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      verdict = verdictOf(await verify(revoked));
    }
    expect(verdict).to.equal("REVOKED");
    expect(Date.now() - mined).to.be.at.most(HEAD_MS + 600);
    expect(verdictOf(await verify(untouched))).to.equal("VALID");
  });

  it("reads each status field as the contract answers it, for unanchored, anchored, revoked and batch-revoked", async () => {
    const direct = createEthersChainReader(chain.provider, chain.deployment);
    const viaContract = async (issuer: number, root: string, leaf: string) => {
      const s = await chain.certificateRegistry.status(issuer, root, leaf);
      return {
        anchored: s.anchored,
        count: Number(s.count),
        anchoredAt: Number(s.anchoredAt),
        leafRevokedAt: Number(s.leafRevokedAt),
        leafReason: Number(s.leafReason),
        batchRevokedAt: Number(s.batchRevokedAt),
        batchReason: Number(s.batchReason),
      };
    };
    const unanchored = await issueBatch(chain, university, fixtureGraduates().slice(0, 1), { anchor: false });
    const { credentials, batch } = await issueBatch(chain, university, fixtureGraduates().slice(0, 3));
    const leaves = credentials.map((c) => leafOf(c.proof.documentHash));
    const registry = chain.certificateRegistry.connect(university.operator);
    await (await registry.revoke(university.id, batch.root, leaves[0] as string, REASON_FRAUD)).wait();
    const other = await issueBatch(chain, university, fixtureGraduates().slice(0, 1));
    await (await registry.revokeBatch(university.id, other.batch.root, 1)).wait();
    const cases: [number, string, string][] = [
      [university.id, unanchored.batch.root, leafOf((unanchored.credentials[0] as Credential).proof.documentHash)],
      [university.id, batch.root, leaves[0] as string],
      [university.id, batch.root, leaves[1] as string],
      [university.id, other.batch.root, leafOf((other.credentials[0] as Credential).proof.documentHash)],
      [0xffffffff, batch.root, leaves[1] as string],
    ];
    const seen = new Set<string>();
    for (const [issuer, root, leaf] of cases) {
      const expected = await viaContract(issuer, root, leaf);
      expect(await direct.status(issuer, root, leaf)).to.deep.equal(expected);
      seen.add(
        JSON.stringify({
          ...expected,
          anchoredAt: expected.anchoredAt > 0,
          leafRevokedAt: expected.leafRevokedAt > 0,
          batchRevokedAt: expected.batchRevokedAt > 0,
        }),
      );
    }
    // Five cases, four different answers: the comparison covers each field set and unset.
    expect(seen.size).to.equal(4);
    const refused = await direct.status(university.id, "0x1234", leaves[1] as string).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(ChainReadError);
  });

  it("answers from the last head while a new one is slow to come, then reads again at the new head", async () => {
    const { credentials, batch } = await issueBatch(chain, university, fixtureGraduates().slice(0, 1));
    const [credential] = credentials as [Credential];
    let slow = false;
    let reads = 0;
    const direct = createEthersChainReader(chain.provider, chain.deployment);
    const slowHead = cachedChainReader(
      {
        ...direct,
        status: (...args) => {
          reads++;
          return direct.status(...args);
        },
      },
      60_000,
      Date.now,
      {
        head: async () => {
          if (slow) await new Promise((resolve) => setTimeout(resolve, 1500));
          return chain.provider.getBlockNumber();
        },
        headMs: 200,
      },
    );
    const options = { trustedDeployments: [chain.deployment], chainReader: () => slowHead };
    expect(verdictOf(await verifyCredential(credential, options))).to.equal("VALID");
    slow = true;
    await (
      await chain.certificateRegistry
        .connect(university.operator)
        .revoke(university.id, batch.root, leafOf(credential.proof.documentHash), REASON_FRAUD)
    ).wait();
    await new Promise((resolve) => setTimeout(resolve, 250));
    // The head is 250 ms old: a new one is asked for, and this answer does not wait 1.5 s for it.
    const started = Date.now();
    expect(verdictOf(await verifyCredential(credential, options))).to.equal("VALID");
    expect(Date.now() - started).to.be.below(1000);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(verdictOf(await verifyCredential(credential, options))).to.equal("REVOKED");
    expect(reads).to.equal(2);
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
