import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  ChainReadError,
  createEthersChainReader,
  createProofChainReader,
  httpChainEndpoint,
  leafOf,
  verdictOf,
  verifyCredential,
} from "../../core";
import type { ChainReader, Credential, Fragment } from "../../core";
import type { JournalEntry } from "../../scripts/lib/chain-journal";
import type { LocalNode } from "../../scripts/lib/local-node";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { startLyingRpc } from "../helpers/lying-rpc";
import type { LyingRpc, Rewrite } from "../helpers/lying-rpc";
import { fixGenesisDate, journalOfChain, mineAt, startReplica } from "../helpers/replica-chain";

const REASON_FRAUD = 2;
/** A name longer than one storage word, so strings kept outside their slot are read and proven too. */
const LONG_NAMES = {
  ar: "جامعة العلوم والتكنولوجيا الأردنية في مدينة إربد",
  en: "Jordan University of Science and Technology, Irbid",
  fr: "Université jordanienne des sciences et technologies",
};

describe("a chain reader that checks the chain's state (eth_getProof)", () => {
  let chain: TestChain;
  let university: TestUniversity;
  let valid: Credential;
  let revoked: Credential;
  /** A second node rebuilt from the journal: the same chain, served by someone else. */
  let replica: LocalNode;
  /** A node serving another history: the revocation never happened, one empty block in its place. */
  let forked: LocalNode;
  const liars: LyingRpc[] = [];

  const endpoint = (url: string) => httpChainEndpoint(url, fetch);
  const proofReader = (...urls: string[]): ChainReader => createProofChainReader(urls.map(endpoint), chain.deployment);
  const verify = async (credential: Credential, reader: ChainReader): Promise<Fragment[]> =>
    verifyCredential(credential, { trustedDeployments: [chain.deployment], chainReader: () => reader });
  const lying = async (rewrite: Rewrite): Promise<string> => {
    const liar = await startLyingRpc(chain.node.url, rewrite);
    liars.push(liar);
    return liar.url;
  };

  beforeAll(async () => {
    fixGenesisDate();
    chain = await startTestChain();
    university = await accreditUniversity(chain);
    await accreditUniversity(chain, { operatorIndex: 3, name: LONG_NAMES, url: `https://${"long.".repeat(12)}edu.jo` });
    const { credentials, batch } = await issueBatch(chain, university, fixtureGraduates().slice(0, 2));
    [valid, revoked] = credentials as [Credential, Credential];
    const journal: JournalEntry[] = await journalOfChain(chain.node.url);
    await (
      await chain.certificateRegistry
        .connect(university.operator)
        .revoke(university.id, batch.root, leafOf(revoked.proof.documentHash), REASON_FRAUD)
    ).wait();
    const revocation = (await journalOfChain(chain.node.url)).slice(journal.length);
    [replica, forked] = await Promise.all([startReplica([...journal, ...revocation]), startReplica(journal)]);
    await mineAt(forked.url, (revocation[0] as JournalEntry).timestamp);
  });

  afterAll(async () => {
    await Promise.all([...liars.map((liar) => liar.stop()), replica?.stop(), forked?.stop()]);
    await chain?.stop();
  });

  it("answers every question as the registries' own views do", async () => {
    const proven = proofReader(chain.node.url);
    const called = createEthersChainReader(chain.provider, chain.deployment);
    const { root } = valid.proof;
    const leaves = [valid, revoked].map((c) => leafOf(c.proof.documentHash));
    const anchoredAt = (await called.status(university.id, root, leaves[0] as string)).anchoredAt;
    for (const leaf of leaves)
      expect(await proven.status(university.id, root, leaf)).to.deep.equal(
        await called.status(university.id, root, leaf),
      );
    expect(await proven.status(9, root, leaves[0] as string)).to.deep.equal(
      await called.status(9, root, leaves[0] as string),
    );
    for (const id of [1, 2]) {
      expect(await proven.university(id)).to.deep.equal(await called.university(id));
      expect(await proven.accreditationHistory(id)).to.deep.equal(await called.accreditationHistory(id));
      for (const t of [0, anchoredAt - 4000, anchoredAt, anchoredAt + 10])
        expect(await proven.wasAccreditedAt(id, t), `accredited ${id} at ${t}`).to.equal(
          await called.wasAccreditedAt(id, t),
        );
    }
    expect((await proven.university(2))?.names).to.deep.equal(LONG_NAMES);
    expect(await proven.university(7)).to.equal(undefined);
    expect(await proven.ministry("JO")).to.deep.equal(await called.ministry("JO"));
    expect(await proven.ministry("EG")).to.equal(undefined);
    for (const t of [anchoredAt - 4000, anchoredAt])
      expect(await proven.wasSignerAt(university.id, university.signer.address, t)).to.equal(
        await called.wasSignerAt(university.id, university.signer.address, t),
      );
    expect(await proven.anchorTransaction(university.id, root)).to.deep.equal(
      await called.anchorTransaction(university.id, root),
    );
  });

  it("gives VALID and REVOKED when two nodes serving the same chain agree", async () => {
    const reader = proofReader(chain.node.url, replica.url);
    expect(verdictOf(await verify(valid, reader))).to.equal("VALID");
    expect(verdictOf(await verify(revoked, reader))).to.equal("REVOKED");
  });

  it("gathers the reads of verifications started together into shared eth_getProof requests, with the same results", async () => {
    const asked: number[] = [];
    const counting = {
      name: chain.node.url,
      send: (method: string, params: unknown[]) => {
        if (method === "eth_getProof") asked.push((params[1] as string[]).length);
        return endpoint(chain.node.url).send(method, params);
      },
    };
    const reader = createProofChainReader([counting], chain.deployment, { gather: setImmediate });
    const alone = await Promise.all([valid, revoked].map((c) => verify(c, proofReader(chain.node.url))));
    const together = await Promise.all(Array.from({ length: 10 }, (_, i) => verify(i % 2 ? revoked : valid, reader)));
    together.forEach((fragments, i) => expect(fragments).to.deep.equal(alone[i % 2]));
    // Ten verifications read the same few facts: a handful of requests, each asking for several slots.
    expect(asked.length).to.be.below(10);
    expect(Math.max(...asked)).to.be.above(2);
  });

  it("cannot check when a second node serves another history, and names the disagreement", async () => {
    for (const urls of [
      [chain.node.url, forked.url],
      [forked.url, chain.node.url],
    ]) {
      const fragments = await verify(revoked, proofReader(...urls));
      expect(verdictOf(fragments)).to.equal("CANNOT_CHECK");
      const anchored = fragments.find((f) => f.name === "ANCHORED");
      expect(anchored?.reason.code).to.equal("CHAIN_NODES_DISAGREE");
      expect(String(anchored?.data?.error)).to.include(forked.url);
    }
  });

  it("is never fooled by a forged eth_call, which fools a reader that believes the node", async () => {
    // The node says every certificate is anchored, unrevoked, by a valid key of an accredited university.
    const liar = await lying((method, _params, result) => {
      if (method !== "eth_call" || typeof result !== "string" || result.length !== 2 + 7 * 64) return result;
      return `0x${result.slice(2, 2 + 3 * 64)}${"0".repeat(4 * 64)}`;
    });
    const believing = createEthersChainReader(
      new (await import("ethers")).JsonRpcProvider(liar, 31337, { staticNetwork: true }),
      chain.deployment,
    );
    expect(verdictOf(await verify(revoked, believing))).to.equal("VALID");
    expect(verdictOf(await verify(revoked, proofReader(liar)))).to.equal("REVOKED");
  });

  /** Each lie of a single node about the revoked certificate, and the code it is caught with. */
  const lies: [string, Rewrite][] = [
    [
      "a storage value (the revocation erased) without a proof to match",
      (method, _params, result) => {
        if (method !== "eth_getProof") return result;
        const answer = result as { storageProof: { value: string }[] };
        return { ...answer, storageProof: answer.storageProof.map((entry) => ({ ...entry, value: "0x0" })) };
      },
    ],
    [
      "a storage proof cut short",
      (method, _params, result) => {
        if (method !== "eth_getProof") return result;
        const answer = result as { storageProof: { proof: string[] }[] };
        return {
          ...answer,
          storageProof: answer.storageProof.map((entry) => ({ ...entry, proof: entry.proof.slice(0, -1) })),
        };
      },
    ],
    [
      "the state root of the block (header fields no longer hash to the block hash)",
      (method, _params, result) => {
        if (method !== "eth_getBlockByNumber" || result === null) return result;
        return { ...(result as object), stateRoot: `0x${"11".repeat(32)}` };
      },
    ],
    [
      "a whole header of its own making, hash included",
      (method, _params, result) => {
        if (method !== "eth_getBlockByNumber" || result === null) return result;
        return { ...(result as object), stateRoot: `0x${"11".repeat(32)}`, hash: `0x${"22".repeat(32)}` };
      },
    ],
  ];
  for (const [lie, rewrite] of lies) {
    it(`catches a node forging ${lie}`, async () => {
      const fragments = await verify(revoked, proofReader(await lying(rewrite)));
      expect(verdictOf(fragments)).to.equal("CANNOT_CHECK");
      expect(fragments.find((f) => f.name === "ANCHORED")?.reason.code).to.equal("CHAIN_PROOF_INVALID");
    });
  }

  it("refuses a node of another chain", async () => {
    const liar = await lying((method, _params, result) => (method === "eth_chainId" ? "0x1" : result));
    const error = await proofReader(chain.node.url, liar)
      .university(1)
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChainReadError);
    expect((error as ChainReadError).code).to.equal("CHAIN_MISMATCH");
  });
});
