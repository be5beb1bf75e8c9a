import { expect } from "chai";
import { ethers } from "hardhat";
import { impersonateAccount, setBalance, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { ContractTransactionResponse } from "ethers";
import type { CertificateRegistry } from "../../typechain-types";
import { COUNTRY_NAMES, nextBlockAt, plain, removeJordan, suspend, world } from "./fixture";
import type { University, World } from "./fixture";
import {
  AUTHORITY,
  CAIRO_OPERATOR,
  CANDIDATE_OPERATOR,
  EGYPTIAN_MINISTRY,
  JORDANIAN_MINISTRY,
  RANDOM,
  REMOVED_JORDANIAN_MINISTRY,
  SUSPENDED_UJ_OPERATOR,
  UJ_OPERATOR,
  UJ_OPERATOR_WITHOUT_MINISTRY,
  YARMOUK_OPERATOR,
  itRefuses,
} from "./callers";

/** The University of Jordan, subject of the tests. */
const UJ = 1;
const REASON_DATA_ERROR = 1;
const REASON_FRAUD = 2;
const REASON_WITHDRAWN = 3;
const REASON_REPLACED = 4;
/** A batch of the University of Jordan, and two of its certificates. */
const ROOT = ethers.id("batch: University of Jordan, June graduation");
const LEAF = ethers.id("certificate 1");
const OTHER_LEAF = ethers.id("certificate 2");
/** A root no test anchors before it needs to. */
const OTHER_ROOT = ethers.id("batch: Cairo University, June graduation");
const COUNT = 250;

function by(w: World, university: University): CertificateRegistry {
  return w.certificateRegistry.connect(university.operator);
}

/** Anchors `root` for `university` and returns the time of the anchor. */
async function anchorAs(w: World, university: University, root = ROOT, count = COUNT): Promise<number> {
  await (await by(w, university).anchor(root, count)).wait();
  return time.latest();
}

/** The fixture with ROOT anchored by the University of Jordan. */
async function withBatch(): Promise<World> {
  const w = await world();
  await anchorAs(w, w.universityOfJordan);
  return w;
}

/** Revocation of one certificate of the University of Jordan, as status() reports it. */
async function leafRevocation(w: World, root: string, leaf: string): Promise<[bigint, bigint]> {
  const { leafRevokedAt, leafReason } = await w.certificateRegistry.status(UJ, root, leaf);
  return [leafRevokedAt, leafReason];
}

/** The three ways to revoke, each with what a successful call must emit and record. */
interface RevocationCall {
  name: string;
  send(registry: CertificateRegistry, root: string, reason: number): Promise<ContractTransactionResponse>;
  expectRevoked(w: World, sent: Promise<ContractTransactionResponse>, by: string, reason: number): Promise<void>;
}

function leavesRevocation(name: string, leaves: string[], send: RevocationCall["send"]): RevocationCall {
  return {
    name,
    send,
    async expectRevoked(w, sent, by, reason) {
      const receipt = await (await sent).wait();
      const at = await time.latest();
      for (const leaf of leaves) {
        await expect(sent).to.emit(w.certificateRegistry, "Revoked").withArgs(UJ, ROOT, leaf, reason, by);
        expect(await leafRevocation(w, ROOT, leaf)).to.deep.equal([BigInt(at), BigInt(reason)]);
      }
      expect(receipt!.logs).to.have.length(leaves.length);
    },
  };
}

const REVOCATION_CALLS: RevocationCall[] = [
  leavesRevocation("revoke", [LEAF], (registry, root, reason) => registry.revoke(UJ, root, LEAF, reason)),
  leavesRevocation("revokeMany", [LEAF, OTHER_LEAF], (registry, root, reason) =>
    registry.revokeMany(UJ, root, [LEAF, OTHER_LEAF], reason),
  ),
  {
    name: "revokeBatch",
    send: (registry, root, reason) => registry.revokeBatch(UJ, root, reason),
    async expectRevoked(w, sent, by, reason) {
      await expect(sent).to.emit(w.certificateRegistry, "BatchRevoked").withArgs(UJ, ROOT, reason, by);
      const { revokedAt, reason: recorded } = await w.certificateRegistry.batch(UJ, ROOT);
      expect([revokedAt, recorded]).to.deep.equal([BigInt(await time.latest()), BigInt(reason)]);
    },
  },
];

describe("CertificateRegistry", () => {
  it("is bound to the issuer registry", async () => {
    const w = await world();
    expect(await w.certificateRegistry.issuerRegistry()).to.equal(await w.issuerRegistry.getAddress());
  });

  it("publishes the reason codes 1 to 4", async () => {
    const w = await world();
    const registry = w.certificateRegistry;
    expect([
      await registry.REASON_DATA_ERROR(),
      await registry.REASON_FRAUD(),
      await registry.REASON_WITHDRAWN(),
      await registry.REASON_REPLACED(),
    ]).to.deep.equal([REASON_DATA_ERROR, REASON_FRAUD, REASON_WITHDRAWN, REASON_REPLACED].map(BigInt));
  });

  describe("setAnchoringRight", () => {
    it("holds the rights the issuer registry pushed for the accredited universities", async () => {
      const w = await world();
      for (const university of [w.universityOfJordan, w.yarmouk, w.cairo]) {
        expect(await w.certificateRegistry.anchoringRight(university.operator.address)).to.equal(university.id);
      }
      expect(await w.certificateRegistry.anchoringRight(w.random.address)).to.equal(0);
    });

    it("grants the issuer's id and withdraws it to zero, when called by the issuer registry", async () => {
      const w = await world();
      const issuerRegistryAddress = await w.issuerRegistry.getAddress();
      await impersonateAccount(issuerRegistryAddress);
      await setBalance(issuerRegistryAddress, ethers.parseEther("1"));
      const asIssuerRegistry = w.certificateRegistry.connect(await ethers.getSigner(issuerRegistryAddress));
      for (const allowed of [true, false]) {
        await expect(asIssuerRegistry.setAnchoringRight(w.random.address, 7, allowed))
          .to.emit(w.certificateRegistry, "AnchoringRightChanged")
          .withArgs(w.random.address, 7, allowed);
        expect(await w.certificateRegistry.anchoringRight(w.random.address)).to.equal(allowed ? 7 : 0);
      }
    });

    itRefuses(
      [AUTHORITY, JORDANIAN_MINISTRY, UJ_OPERATOR, RANDOM],
      (w, caller) => w.certificateRegistry.connect(caller).setAnchoringRight(caller.address, UJ, true),
      (w, caller) => [w.certificateRegistry, "CertificateRegistryNotIssuerRegistry", caller.address],
    );
  });

  describe("anchor", () => {
    it("records the root under its university, with its count and time", async () => {
      const w = await world();
      const at = await nextBlockAt();
      await expect(by(w, w.universityOfJordan).anchor(ROOT, COUNT))
        .to.emit(w.certificateRegistry, "Anchored")
        .withArgs(UJ, ROOT, COUNT);
      expect(plain(await w.certificateRegistry.batch(UJ, ROOT))).to.deep.equal({
        count: BigInt(COUNT),
        anchoredAt: BigInt(at),
        revokedAt: 0n,
        reason: 0n,
      });
    });

    it("refuses the zero root", async () => {
      const w = await world();
      await expect(by(w, w.universityOfJordan).anchor(ethers.ZeroHash, COUNT)).to.be.revertedWithCustomError(
        w.certificateRegistry,
        "CertificateRegistryInvalidRoot",
      );
    });

    it("refuses an empty batch", async () => {
      const w = await world();
      await expect(by(w, w.universityOfJordan).anchor(ROOT, 0)).to.be.revertedWithCustomError(
        w.certificateRegistry,
        "CertificateRegistryInvalidCount",
      );
    });

    it("refuses a root the same university anchored before", async () => {
      const w = await withBatch();
      await expect(by(w, w.universityOfJordan).anchor(ROOT, 1))
        .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryAlreadyAnchored")
        .withArgs(UJ, ROOT);
    });

    describe("keeps each university's batches its own", () => {
      it("a root anchored first by another university (a front-run) neither blocks nor stands for the real batch", async () => {
        const w = await world();
        const frontRunAt = await anchorAs(w, w.cairo, ROOT, 1);
        const at = await nextBlockAt();
        await expect(by(w, w.universityOfJordan).anchor(ROOT, COUNT))
          .to.emit(w.certificateRegistry, "Anchored")
          .withArgs(UJ, ROOT, COUNT);
        expect(plain(await w.certificateRegistry.status(UJ, ROOT, LEAF))).to.deep.include({
          anchored: true,
          count: BigInt(COUNT),
          anchoredAt: BigInt(at),
        });
        expect(plain(await w.certificateRegistry.status(w.cairo.id, ROOT, LEAF))).to.deep.include({
          count: 1n,
          anchoredAt: BigInt(frontRunAt),
        });
      });

      it("revoking under one university's batch leaves the same root of another untouched", async () => {
        const w = await withBatch();
        await anchorAs(w, w.cairo);
        await by(w, w.cairo).revoke(w.cairo.id, ROOT, LEAF, REASON_FRAUD);
        await by(w, w.cairo).revokeBatch(w.cairo.id, ROOT, REASON_FRAUD);
        const status = plain(await w.certificateRegistry.status(UJ, ROOT, LEAF));
        expect(status).to.deep.include({ leafRevokedAt: 0n, batchRevokedAt: 0n });
      });

      it("a university cannot revoke in another's batch by naming the other's id", async () => {
        const w = await withBatch();
        await anchorAs(w, w.cairo);
        await expect(by(w, w.cairo).revoke(UJ, ROOT, LEAF, REASON_FRAUD))
          .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryNotAllowedToRevoke")
          .withArgs(w.cairo.operator.address, UJ, ROOT);
      });
    });

    it("checks the caller before the root and the count", async () => {
      const w = await world();
      await expect(w.certificateRegistry.connect(w.random).anchor(ethers.ZeroHash, 0))
        .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryNotAllowedToAnchor")
        .withArgs(w.random.address);
    });

    itRefuses(
      [AUTHORITY, JORDANIAN_MINISTRY, SUSPENDED_UJ_OPERATOR, UJ_OPERATOR_WITHOUT_MINISTRY, CANDIDATE_OPERATOR, RANDOM],
      (w, caller) => w.certificateRegistry.connect(caller).anchor(ROOT, COUNT),
      (w, caller) => [w.certificateRegistry, "CertificateRegistryNotAllowedToAnchor", caller.address],
    );

    it("is allowed again once the university is reinstated", async () => {
      const w = await world();
      await suspend(w, w.universityOfJordan);
      await w.issuerRegistry.connect(w.jordan.account).reinstateUniversity(UJ);
      await expect(by(w, w.universityOfJordan).anchor(ROOT, COUNT))
        .to.emit(w.certificateRegistry, "Anchored")
        .withArgs(UJ, ROOT, COUNT);
    });

    it("is allowed again once a new ministry is registered, not to a university suspended before", async () => {
      const w = await world();
      await suspend(w, w.yarmouk);
      await removeJordan(w);
      await w.issuerRegistry.registerMinistry(w.jordan.country, w.spare.address, COUNTRY_NAMES.JO);
      await expect(by(w, w.universityOfJordan).anchor(ROOT, COUNT))
        .to.emit(w.certificateRegistry, "Anchored")
        .withArgs(UJ, ROOT, COUNT);
      await expect(by(w, w.yarmouk).anchor(OTHER_ROOT, COUNT))
        .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryNotAllowedToAnchor")
        .withArgs(w.yarmouk.operator.address);
    });
  });

  describe("revocation", () => {
    for (const call of REVOCATION_CALLS) {
      describe(call.name, () => {
        for (const { who, prepare } of [
          JORDANIAN_MINISTRY,
          UJ_OPERATOR,
          SUSPENDED_UJ_OPERATOR,
          UJ_OPERATOR_WITHOUT_MINISTRY,
        ]) {
          it(`is allowed to ${who}`, async () => {
            const w = await withBatch();
            const caller = await prepare(w);
            const sent = call.send(w.certificateRegistry.connect(caller), ROOT, REASON_FRAUD);
            await call.expectRevoked(w, sent, caller.address, REASON_FRAUD);
          });
        }

        itRefuses(
          [EGYPTIAN_MINISTRY, REMOVED_JORDANIAN_MINISTRY, YARMOUK_OPERATOR, CAIRO_OPERATOR, AUTHORITY, RANDOM],
          (w, caller) => call.send(w.certificateRegistry.connect(caller), ROOT, REASON_FRAUD),
          (w, caller) => [w.certificateRegistry, "CertificateRegistryNotAllowedToRevoke", caller.address, UJ, ROOT],
          withBatch,
        );

        for (const reason of [REASON_DATA_ERROR, REASON_REPLACED]) {
          it(`accepts the reason ${reason}`, async () => {
            const w = await withBatch();
            const sent = call.send(by(w, w.universityOfJordan), ROOT, reason);
            await call.expectRevoked(w, sent, w.universityOfJordan.operator.address, reason);
          });
        }

        for (const reason of [0, REASON_REPLACED + 1]) {
          it(`refuses the reason ${reason}`, async () => {
            const w = await withBatch();
            await expect(call.send(by(w, w.universityOfJordan), ROOT, reason))
              .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryInvalidReason")
              .withArgs(reason);
          });
        }

        it("refuses a root never anchored", async () => {
          const w = await withBatch();
          await expect(call.send(by(w, w.universityOfJordan), OTHER_ROOT, REASON_FRAUD))
            .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryUnknownRoot")
            .withArgs(UJ, OTHER_ROOT);
        });

        it("checks the root, then the caller, then the reason", async () => {
          const w = await withBatch();
          const byRandom = w.certificateRegistry.connect(w.random);
          await expect(call.send(byRandom, OTHER_ROOT, 0))
            .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryUnknownRoot")
            .withArgs(UJ, OTHER_ROOT);
          await expect(call.send(byRandom, ROOT, 0))
            .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryNotAllowedToRevoke")
            .withArgs(w.random.address, UJ, ROOT);
        });
      });
    }

    describe("of certificates", () => {
      it("refuses a certificate already revoked, naming its leaf", async () => {
        const w = await withBatch();
        const registry = by(w, w.universityOfJordan);
        await registry.revoke(UJ, ROOT, LEAF, REASON_FRAUD);
        const revokedAt = await time.latest();
        await expect(registry.revoke(UJ, ROOT, LEAF, REASON_WITHDRAWN))
          .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryAlreadyRevoked")
          .withArgs(UJ, ROOT, LEAF);
        expect(await leafRevocation(w, ROOT, LEAF)).to.deep.equal([BigInt(revokedAt), BigInt(REASON_FRAUD)]);
      });

      it("refuses an empty list", async () => {
        const w = await withBatch();
        await expect(by(w, w.universityOfJordan).revokeMany(UJ, ROOT, [], REASON_FRAUD)).to.be.revertedWithCustomError(
          w.certificateRegistry,
          "CertificateRegistryEmptyInput",
        );
      });

      const partlyRevoked: [string, string[], (registry: CertificateRegistry) => Promise<unknown>][] = [
        ["the same leaf twice", [LEAF, OTHER_LEAF, LEAF], async () => undefined],
        [
          "a leaf revoked before",
          [LEAF, OTHER_LEAF],
          (registry) => registry.revoke(UJ, ROOT, OTHER_LEAF, REASON_FRAUD),
        ],
      ];
      for (const [kind, leaves, before] of partlyRevoked) {
        it(`revokes all or nothing: a list with ${kind} revokes none of it`, async () => {
          const w = await withBatch();
          const registry = by(w, w.universityOfJordan);
          await before(registry);
          await expect(registry.revokeMany(UJ, ROOT, leaves, REASON_WITHDRAWN))
            .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryAlreadyRevoked")
            .withArgs(UJ, ROOT, leaves.at(-1));
          expect(await leafRevocation(w, ROOT, LEAF)).to.deep.equal([0n, 0n]);
        });
      }
    });

    describe("of batches", () => {
      it("refuses a batch already revoked", async () => {
        const w = await withBatch();
        const registry = by(w, w.universityOfJordan);
        await registry.revokeBatch(UJ, ROOT, REASON_FRAUD);
        await expect(registry.revokeBatch(UJ, ROOT, REASON_WITHDRAWN))
          .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryBatchAlreadyRevoked")
          .withArgs(UJ, ROOT);
        expect((await w.certificateRegistry.batch(UJ, ROOT)).reason).to.equal(REASON_FRAUD);
      });
    });
  });

  describe("status", () => {
    it("reports a root never anchored as such, all zero", async () => {
      const w = await world();
      expect(plain(await w.certificateRegistry.status(UJ, OTHER_ROOT, LEAF))).to.deep.equal({
        anchored: false,
        count: 0n,
        anchoredAt: 0n,
        leafRevokedAt: 0n,
        leafReason: 0n,
        batchRevokedAt: 0n,
        batchReason: 0n,
      });
    });

    it("reports the anchor, the certificate's revocation and the batch's revocation", async () => {
      const w = await world();
      const registry = by(w, w.universityOfJordan);
      const anchoredAt = await anchorAs(w, w.universityOfJordan);
      await registry.revoke(UJ, ROOT, LEAF, REASON_DATA_ERROR);
      const leafRevokedAt = await time.latest();
      await registry.revokeBatch(UJ, ROOT, REASON_WITHDRAWN);
      const batchRevokedAt = await time.latest();
      const anchor = { anchored: true, count: BigInt(COUNT), anchoredAt: BigInt(anchoredAt) };
      const batchRevocation = { batchRevokedAt: BigInt(batchRevokedAt), batchReason: BigInt(REASON_WITHDRAWN) };
      expect(plain(await w.certificateRegistry.status(UJ, ROOT, LEAF))).to.deep.equal({
        ...anchor,
        leafRevokedAt: BigInt(leafRevokedAt),
        leafReason: BigInt(REASON_DATA_ERROR),
        ...batchRevocation,
      });
      expect(plain(await w.certificateRegistry.status(UJ, ROOT, OTHER_LEAF))).to.deep.equal({
        ...anchor,
        leafRevokedAt: 0n,
        leafReason: 0n,
        ...batchRevocation,
      });
    });

    describe("is scoped per (university, root, leaf)", () => {
      /** ROOT anchored by the University of Jordan, OTHER_ROOT by Cairo University. */
      async function twoBatches(): Promise<World> {
        const w = await withBatch();
        await anchorAs(w, w.cairo, OTHER_ROOT);
        return w;
      }

      it("revoking a leaf under one root leaves the same leaf valid under another", async () => {
        const w = await twoBatches();
        await by(w, w.universityOfJordan).revoke(UJ, ROOT, LEAF, REASON_FRAUD);
        expect((await w.certificateRegistry.status(w.cairo.id, OTHER_ROOT, LEAF)).leafRevokedAt).to.equal(0n);
        await expect(by(w, w.cairo).revoke(w.cairo.id, OTHER_ROOT, LEAF, REASON_DATA_ERROR))
          .to.emit(w.certificateRegistry, "Revoked")
          .withArgs(w.cairo.id, OTHER_ROOT, LEAF, REASON_DATA_ERROR, w.cairo.operator.address);
      });

      it("nobody revokes a leaf under a root they did not anchor", async () => {
        const w = await twoBatches();
        await expect(by(w, w.universityOfJordan).revoke(w.cairo.id, OTHER_ROOT, LEAF, REASON_FRAUD))
          .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryNotAllowedToRevoke")
          .withArgs(w.universityOfJordan.operator.address, w.cairo.id, OTHER_ROOT);
      });

      it("revoking a batch leaves the other batches", async () => {
        const w = await twoBatches();
        await by(w, w.universityOfJordan).revokeBatch(UJ, ROOT, REASON_FRAUD);
        const { batchRevokedAt, batchReason } = await w.certificateRegistry.status(w.cairo.id, OTHER_ROOT, LEAF);
        expect([batchRevokedAt, batchReason]).to.deep.equal([0n, 0n]);
      });
    });
  });
});
