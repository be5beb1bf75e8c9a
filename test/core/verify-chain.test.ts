import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  ChainState,
  chainStateReader,
  createEthersChainReader,
  hideFields,
  leafOf,
  verdictOf,
  verifyCredential,
} from "../../core";
import type { Credential, Fragment } from "../../core";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { readChainState } from "../helpers/chain-state";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { deployRegistries } from "../../scripts/lib/registries";
import { JsonRpcProvider } from "ethers";

const REASON_FRAUD = 2;
const REASON_DATA_ERROR = 1;

function statusOf(fragments: Fragment[]): Record<string, string> {
  return Object.fromEntries(fragments.map((f) => [f.name, `${f.status}:${f.reason.code}`]));
}

describe("verification against a real Hardhat node", () => {
  let chain: TestChain;
  let university: TestUniversity;
  const graduates = fixtureGraduates();

  beforeAll(async () => {
    chain = await startTestChain();
    university = await accreditUniversity(chain);
  });
  afterAll(async () => chain?.stop());

  /** Every document verified in this file, to be verified once more from the chain's state written as JSON. */
  const verified: unknown[] = [];
  const verify = (credential: unknown, now?: Date) => {
    verified.push(credential);
    return verifyCredential(credential, chain.verifyOptions(now ? { now: () => now } : {}));
  };

  it("accepts every certificate of a freshly anchored batch, with every check VALID", async () => {
    const { credentials } = await issueBatch(chain, university, graduates);
    for (const credential of credentials) {
      const fragments = await verify(credential);
      expect(fragments.map((f) => f.status)).to.deep.equal(Array(8).fill("VALID"));
      expect(verdictOf(fragments)).to.equal("VALID");
    }
    const anchored = (await verify(credentials[0])).find((f) => f.name === "ANCHORED");
    expect(anchored?.data).to.include.keys("blockNumber", "transactionHash", "anchoredAt");
    const accredited = (await verify(credentials[0])).find((f) => f.name === "ISSUER_ACCREDITED");
    expect(accredited?.data?.university).to.deep.include({ country: "JO", id: university.id });
  });

  it("keeps a batch valid when another university anchored its root first (a front-run)", async () => {
    const rival = await accreditUniversity(chain, { operatorIndex: 8 });
    const { credentials, batch } = await issueBatch(chain, university, graduates.slice(0, 2), { anchor: false });
    await (await chain.certificateRegistry.connect(rival.operator).anchor(batch.root, batch.count)).wait();
    expect(statusOf(await verify(credentials[0])).ANCHORED).to.equal("INVALID:ANCHORED_NOT_FOUND");
    await (await chain.certificateRegistry.connect(university.operator).anchor(batch.root, batch.count)).wait();
    for (const credential of credentials) expect(verdictOf(await verify(credential))).to.equal("VALID");
  });

  describe("compares the issuer the credential names with the registry's record of that university", () => {
    const claims: [string, (u: TestUniversity, other: TestUniversity) => TestUniversity["identity"], string][] = [
      [
        "another university's names",
        (u, other) => ({ ...u.identity, name: other.identity.name }),
        "ACCREDITED_WRONG_NAME",
      ],
      [
        "one name changed by a letter",
        (u) => ({ ...u.identity, name: { ...u.identity.name, en: `${u.identity.name.en}s` } }),
        "ACCREDITED_WRONG_NAME",
      ],
      [
        "another university's operator address",
        (u, other) => ({ ...u.identity, operator: other.identity.operator }),
        "ACCREDITED_WRONG_ADDRESS",
      ],
      ["another country", (u) => ({ ...u.identity, country: "EG" }), "ACCREDITED_WRONG_COUNTRY"],
    ];
    let other: TestUniversity;
    beforeAll(async () => {
      other = await accreditUniversity(chain, {
        operatorIndex: 7,
        name: { ar: "جامعة اليرموك", en: "Yarmouk University", fr: "Université du Yarmouk" },
      });
    });
    for (const [claim, identity, code] of claims) {
      it(`refuses a batch signed and anchored by a university under ${claim}`, async () => {
        const { credentials } = await issueBatch(
          chain,
          { ...university, identity: identity(university, other) },
          graduates.slice(0, 1),
        );
        const fragments = await verify(credentials[0]);
        expect(statusOf(fragments).ISSUER_ACCREDITED).to.equal(`INVALID:${code}`);
        expect(verdictOf(fragments)).to.equal("INVALID");
      });
    }
  });

  it("keeps a certificate valid when the holder hides subject fields", async () => {
    const { credentials } = await issueBatch(chain, university, graduates.slice(0, 1));
    const hidden = hideFields(credentials[0] as Credential, [
      "credentialSubject.identifier",
      "credentialSubject.grade",
    ]);
    expect(hidden.credentialSubject).to.not.have.keys("identifier", "grade");
    expect(verdictOf(await verify(hidden))).to.equal("VALID");
  });

  it("reports a revoked certificate with its reason and date, and leaves its batch-mates valid", async () => {
    const { credentials, batch } = await issueBatch(chain, university, graduates.slice(0, 3));
    const [revoked, untouched] = credentials as [Credential, Credential];
    await (
      await chain.certificateRegistry
        .connect(university.operator)
        .revoke(university.id, batch.root, leafOf(revoked.proof.documentHash), REASON_FRAUD)
    ).wait();
    const fragments = await verify(revoked);
    expect(verdictOf(fragments)).to.equal("REVOKED");
    const notRevoked = fragments.find((f) => f.name === "NOT_REVOKED");
    expect(notRevoked?.reason.code).to.equal("REVOKED_CERTIFICATE");
    expect(notRevoked?.data?.reason).to.equal(REASON_FRAUD);
    expect(notRevoked?.data?.revokedAt).to.be.a("number").greaterThan(0);
    expect(verdictOf(await verify(untouched))).to.equal("VALID");
  });

  it("reports every certificate of a revoked batch as revoked", async () => {
    const { credentials, batch } = await issueBatch(chain, university, graduates.slice(0, 2));
    await (
      await chain.certificateRegistry
        .connect(university.operator)
        .revokeBatch(university.id, batch.root, REASON_DATA_ERROR)
    ).wait();
    for (const credential of credentials) {
      const fragments = await verify(credential);
      expect(statusOf(fragments).NOT_REVOKED).to.equal("INVALID:REVOKED_BATCH");
      expect(verdictOf(fragments)).to.equal("REVOKED");
    }
  });

  it("keeps certificates anchored before a suspension valid, and refuses to anchor during it", async () => {
    const other = await accreditUniversity(chain, { operatorIndex: 3 });
    const before = await issueBatch(chain, other, graduates.slice(0, 1));
    const ministry = await chain.account(1);
    await (await chain.issuerRegistry.connect(ministry).suspendUniversity(other.id, "inspection")).wait();
    expect(verdictOf(await verify(before.credentials[0]))).to.equal("VALID");

    const during = await issueBatch(chain, other, graduates.slice(1, 2), { anchor: false });
    let refused = false;
    try {
      await chain.certificateRegistry.connect(other.operator).anchor(during.batch.root, during.batch.count);
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);
    expect(statusOf(await verify(during.credentials[0])).ANCHORED).to.equal("INVALID:ANCHORED_NOT_FOUND");
    await (await chain.issuerRegistry.connect(ministry).reinstateUniversity(other.id)).wait();
  });

  it("keeps valid a batch anchored in the same block as a suspension, just before it", async () => {
    const other = await accreditUniversity(chain, { operatorIndex: 4 });
    const pending = await issueBatch(chain, other, graduates.slice(0, 1), { anchor: false });
    const ministry = await chain.account(1);
    await chain.provider.send("evm_setAutomine", [false]);
    try {
      const anchorTx = await chain.certificateRegistry
        .connect(other.operator)
        .anchor(pending.batch.root, pending.batch.count);
      const suspendTx = await chain.issuerRegistry.connect(ministry).suspendUniversity(other.id, "fraud found");
      await chain.provider.send("evm_mine", []);
      await Promise.all([anchorTx.wait(), suspendTx.wait()]);
    } finally {
      await chain.provider.send("evm_setAutomine", [true]);
    }
    const fragments = await verify(pending.credentials[0]);
    expect(statusOf(fragments).ISSUER_ACCREDITED).to.equal("VALID:ACCREDITED_OK");
    const late = await issueBatch(chain, other, graduates.slice(1, 2), { anchor: false });
    let refused = false;
    await chain.certificateRegistry
      .connect(other.operator)
      .anchor(late.batch.root, late.batch.count)
      .catch(() => (refused = true));
    expect(refused).to.equal(true);
  });

  it("rejects a batch signed by a key revoked before anchoring, and one revoked later from a past time", async () => {
    const rotating = await accreditUniversity(chain, { operatorIndex: 6 });
    const { credentials: early } = await issueBatch(chain, rotating, graduates.slice(0, 1));
    // A key revoked "now" is invalid for the whole current second; anvil puts several blocks in one second.
    await chain.provider.send("evm_increaseTime", [1]);
    await (await chain.issuerRegistry.connect(rotating.operator).revokeSigner(rotating.signer.address, 0)).wait();
    const { credentials: late } = await issueBatch(chain, rotating, graduates.slice(1, 2));
    expect(statusOf(await verify(late[0])).ISSUER_SIGNATURE).to.equal("INVALID:SIGNATURE_KEY_NOT_VALID");
    expect(verdictOf(await verify(early[0]))).to.equal("VALID");

    const compromised = await accreditUniversity(chain, { operatorIndex: 5 });
    const { credentials } = await issueBatch(chain, compromised, graduates.slice(0, 1));
    const anchoredAt = Number(
      (await chain.certificateRegistry.batch(compromised.id, (credentials[0] as Credential).proof.root)).anchoredAt,
    );
    await (
      await chain.issuerRegistry.connect(compromised.operator).revokeSigner(compromised.signer.address, anchoredAt - 1)
    ).wait();
    expect(statusOf(await verify(credentials[0])).ISSUER_SIGNATURE).to.equal("INVALID:SIGNATURE_KEY_NOT_VALID");
  });

  it("rejects a certificate anchored in a registry the verifier does not trust", async () => {
    const rogue = await deployRegistries(chain.authority);
    const rogueRegistry = await rogue.certificateRegistry.getAddress();
    const { credentials } = await issueBatch(chain, university, graduates.slice(0, 1), { anchor: false });
    const moved = { ...credentials[0], proof: { ...(credentials[0] as Credential).proof, registry: rogueRegistry } };
    const fragments = await verify(moved);
    expect(statusOf(fragments).ANCHORED).to.equal("INVALID:ANCHORED_UNTRUSTED_REGISTRY");
    expect(verdictOf(fragments)).to.equal("INVALID");
  });

  it("rejects an expired certificate and accepts it before its end", async () => {
    const validUntil = new Date("2030-01-01T00:00:00Z");
    const { credentials } = await issueBatch(chain, university, graduates.slice(0, 1), { validUntil });
    expect(statusOf(await verify(credentials[0], new Date("2031-01-01T00:00:00Z"))).NOT_EXPIRED).to.equal(
      "INVALID:EXPIRED",
    );
    expect(verdictOf(await verify(credentials[0], new Date("2029-01-01T00:00:00Z")))).to.equal("VALID");
  });

  it("reaches, from the chain's state read once and written as JSON, the same results as from the node for every document above", async () => {
    const state = ChainState.parse(JSON.parse(JSON.stringify(await readChainState(chain))));
    const now = () => new Date();
    const codes = (fragments: Fragment[]) => fragments.map((f) => `${f.name} ${f.status} ${f.reason.code}`);
    expect(verified.length).to.be.at.least(20);
    for (const document of verified) {
      const fromNode = await verifyCredential(document, chain.verifyOptions({ now }));
      const fromState = await verifyCredential(
        document,
        chain.verifyOptions({ now, chainReader: (d) => chainStateReader(state, d) }),
      );
      expect(codes(fromState)).to.deep.equal(codes(fromNode));
    }
  });

  it("says it cannot check, never invalid, when the chain node is unreachable", async () => {
    const { credentials } = await issueBatch(chain, university, graduates.slice(0, 1));
    const dead = new JsonRpcProvider("http://127.0.0.1:9", undefined, { staticNetwork: true });
    try {
      const fragments = await verifyCredential(
        credentials[0],
        chain.verifyOptions({ chainReader: (d) => createEthersChainReader(dead, d) }),
      );
      expect(statusOf(fragments).ANCHORED).to.equal("ERROR:CHAIN_UNREACHABLE");
      expect(statusOf(fragments).INTEGRITY).to.equal("VALID:INTEGRITY_OK");
      expect(verdictOf(fragments)).to.equal("CANNOT_CHECK");
    } finally {
      dead.destroy();
    }
  });
});
