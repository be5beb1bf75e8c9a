import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { httpChainEndpoint, leafOf, verdictOf } from "../../core";
import type { Credential, Fragment } from "../../core";
import { VerificationPack, createVerificationPack, packBlock, verifyPack, verifyPackOnline } from "../../core";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";

const REASON_FRAUD = 2;

describe("offline verification packs", () => {
  let chain: TestChain;
  let university: TestUniversity;
  let credentials: Credential[];

  beforeAll(async () => {
    chain = await startTestChain();
    university = await accreditUniversity(chain);
    ({ credentials } = await issueBatch(chain, university, fixtureGraduates().slice(0, 3)));
  });
  afterAll(async () => {
    await chain?.stop();
  });

  const options = () => ({ trustedDeployments: [chain.deployment] });
  const pack = async (credential: Credential): Promise<VerificationPack> => {
    const made = await createVerificationPack(credential, [httpChainEndpoint(chain.node.url, fetch)], options());
    expect(verdictOf(made.fragments)).to.equal("VALID");
    // What is handed over is a file: it must survive JSON and the schema.
    return VerificationPack.parse(JSON.parse(JSON.stringify(made.pack)));
  };
  const anchored = (fragments: Fragment[]) => fragments.find((f) => f.name === "ANCHORED");

  it("verifies with no network against the block's hash, and online shows a revocation made since", async () => {
    const [credential] = credentials as [Credential];
    const packed = await pack(credential);
    const { hash } = packBlock(packed);
    await (
      await chain.certificateRegistry
        .connect(university.operator)
        .revoke(university.id, credential.proof.root, leafOf(credential.proof.documentHash), REASON_FRAUD)
    ).wait();
    expect(verdictOf(await verifyPack(packed, hash, options()))).to.equal("VALID");
    const { atPack, now } = await verifyPackOnline(packed, [httpChainEndpoint(chain.node.url, fetch)], options());
    expect([verdictOf(atPack), verdictOf(now)]).to.deep.equal(["VALID", "REVOKED"]);
  });

  it("cannot check a pack against another block's hash", async () => {
    const packed = await pack(credentials[1] as Credential);
    const other = await chain.provider.getBlock(0);
    const fragments = await verifyPack(packed, other?.hash as string, options());
    expect(verdictOf(fragments)).to.equal("CANNOT_CHECK");
    expect(anchored(fragments)?.reason.code).to.equal("CHAIN_PROOF_INVALID");
  });

  it("never gives VALID for a tampered pack", async () => {
    const packed = await pack(credentials[1] as Credential);
    const { hash } = packBlock(packed);
    const edited = (edit: (copy: VerificationPack) => void): VerificationPack => {
      const copy = structuredClone(packed);
      edit(copy);
      return copy;
    };
    const cases: [string, VerificationPack, string][] = [
      [
        "a storage word changed (the batch's record)",
        edited((p) => {
          const word = p.chain.accounts.find((a) => a.address === chain.deployment.certificateRegistry)?.storage[0];
          if (word) word.value = "0x1";
        }),
        "CHAIN_PROOF_INVALID",
      ],
      [
        "another state root in the header",
        edited((p) => {
          p.chain.block.stateRoot = `0x${"11".repeat(32)}`;
        }),
        "CHAIN_PROOF_INVALID",
      ],
      [
        "a proof node left out",
        edited((p) => {
          p.chain.accounts[0]?.accountProof.pop();
        }),
        "CHAIN_PROOF_INVALID",
      ],
      // Another credential of the same batch: its revocation slot is not in the pack.
      ["another credential", edited((p) => (p.credential = credentials[2])), "CHAIN_UNREACHABLE"],
    ];
    for (const [tampering, tampered, code] of cases) {
      const fragments = await verifyPack(tampered, hash, options());
      expect(verdictOf(fragments), tampering).to.equal("CANNOT_CHECK");
      expect(anchored(fragments)?.reason.code, tampering).to.equal(code);
    }
  });
});
