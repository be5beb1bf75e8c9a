import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { IssuerRegistry__factory } from "../../typechain-types";
import type { IssuerRegistry } from "../../typechain-types";
import {
  COUNTRY_NAMES,
  countryCode,
  inOneBlock,
  namesTuple,
  nextBlockAt,
  plain,
  removeJordan,
  sendAt,
  spans,
  suspend,
  world,
} from "./fixture";
import type { Names, World } from "./fixture";
import {
  AUTHORITY,
  CANDIDATE_OPERATOR,
  EGYPTIAN_MINISTRY,
  JORDANIAN_MINISTRY,
  RANDOM,
  REMOVED_JORDANIAN_MINISTRY,
  SUSPENDED_UJ_OPERATOR,
  UJ_OPERATOR,
  UJ_OPERATOR_WITHOUT_MINISTRY,
  itRefuses,
  itRefusesAllButTheAuthority,
  notAuthority,
} from "./callers";

const JO = countryCode("JO");
const EG = countryCode("EG");
const TN = countryCode("TN");
/** The University of Jordan, subject of the tests. */
const UJ = 1;
/** The id the next accredited university gets. */
const NEXT_ID = 4;
const FAR_FUTURE = 2n ** 40n;
/** Batches the University of Jordan anchors around a suspension or a removal. */
const ROOT = ethers.id("batch: University of Jordan, June graduation");
const OTHER_ROOT = ethers.id("batch: University of Jordan, July graduation");
/** What `ministry(country)` answers for a country without a ministry. */
const NO_MINISTRY = { account: ethers.ZeroAddress, names: { ar: "", en: "", fr: "" } };

/** Rows for `expectAt`: false just before `t`, true from `t` on. */
function opensAt(t: number): [number, boolean][] {
  return [
    [t - 1, false],
    [t, true],
  ];
}

/** Rows for `expectAt`: true just before `t`, false from `t` on (the end of a signer key's window). */
function closesAt(t: number): [number, boolean][] {
  return [
    [t - 1, true],
    [t, false],
  ];
}

/**
 * Rows for `expectAt`: an accreditation or a registration closed (by a suspension or a removal) in a
 * block with timestamp `t` still covers the whole second `t`, and no time from `t + 1` on.
 */
function closedDuring(t: number): [number, boolean][] {
  return [
    [t - 1, true],
    [t, true],
    [t + 1, false],
  ];
}

/** Rows for `expectAt`: the same answer just before `t` and at `t`. */
function steadyAt(t: number, answer: boolean): [number, boolean][] {
  return [
    [t - 1, answer],
    [t, answer],
  ];
}

/** Asserts `view(t)` for each `[t, expected]` row; a failure shows the rows side by side. */
async function expectAt(view: (t: number) => Promise<boolean>, rows: [number, boolean][]): Promise<void> {
  const actual = await Promise.all(rows.map(([t]) => view(t)));
  expect(rows.map(([t], i) => [t, actual[i]])).to.deep.equal(rows);
}

/** The `AnchoringRightChanged` events of a transaction, as `[operator, issuer, allowed]`. */
async function anchoringRightChanges(w: World, sent: Promise<ContractTransactionResponse>): Promise<unknown[][]> {
  const receipt = await (await sent).wait();
  return receipt!.logs
    .map((log) => w.certificateRegistry.interface.parseLog(log))
    .filter((event) => event?.name === "AnchoringRightChanged")
    .map((event) => [event!.args.operator, Number(event!.args.issuer), event!.args.allowed]);
}

/**
 * `inOneBlock`, with the block 10 s after the last one, so that the second before it lies inside the
 * intervals the fixture opened even on a node that mined the fixture in the same second (anvil does).
 */
async function inOneLaterBlock(...sends: Parameters<typeof inOneBlock>): Promise<number> {
  const at = await nextBlockAt();
  expect(await inOneBlock(...sends)).to.equal(at);
  return at;
}

function byJordan(w: World): IssuerRegistry {
  return w.issuerRegistry.connect(w.jordan.account);
}

function byUJ(w: World): IssuerRegistry {
  return w.issuerRegistry.connect(w.universityOfJordan.operator);
}

/** Start of the accreditation interval the University of Jordan got in the fixture. */
async function accreditedSince(w: World): Promise<number> {
  return spans(await w.issuerRegistry.accreditationHistory(UJ))[0]![0];
}

/** Start of the registration interval the ministry of Jordan got in the fixture. */
async function jordanRegisteredSince(w: World): Promise<number> {
  return spans(await w.issuerRegistry.ministryHistory(JO))[0]![0];
}

/** The checks `registerMinistry` and `accreditUniversity` share on the new account and its names. */
function shouldRequireFreshAccountAndNames(
  register: (w: World, account: string, names: Names) => Promise<unknown>,
): void {
  const names = COUNTRY_NAMES.TN;

  it("refuses the zero account", async () => {
    const w = await world();
    await expect(register(w, ethers.ZeroAddress, names))
      .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryInvalidAccount")
      .withArgs(ethers.ZeroAddress);
  });

  const accountsInUse: [string, (w: World) => string][] = [
    ["the authority", (w) => w.authority.address],
    ["a ministry", (w) => w.egypt.account.address],
    ["a university operator", (w) => w.cairo.operator.address],
  ];
  for (const [holder, account] of accountsInUse) {
    it(`refuses the account of ${holder}`, async () => {
      const w = await world();
      await expect(register(w, account(w), names))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryAccountInUse")
        .withArgs(account(w));
    });
  }

  for (const language of ["ar", "en", "fr"] as const) {
    it(`refuses an empty name in ${language}`, async () => {
      const w = await world();
      await expect(register(w, w.spare.address, { ...names, [language]: "" })).to.be.revertedWithCustomError(
        w.issuerRegistry,
        "IssuerRegistryMissingName",
      );
    });
  }
}

/** Suspension and reinstatement: reserved to the ministry of the university's country. */
function shouldRequireOwnMinistry(act: (registry: IssuerRegistry, id: number) => Promise<unknown>): void {
  itRefuses(
    [AUTHORITY, REMOVED_JORDANIAN_MINISTRY, UJ_OPERATOR, RANDOM],
    (w, by) => act(w.issuerRegistry.connect(by), UJ),
    (w, by) => [w.issuerRegistry, "IssuerRegistryNotMinistry", by.address],
  );
  itRefuses(
    [EGYPTIAN_MINISTRY],
    (w, by) => act(w.issuerRegistry.connect(by), UJ),
    (w) => [w.issuerRegistry, "IssuerRegistryWrongCountry", UJ, EG],
  );
  for (const id of [0, NEXT_ID]) {
    it(`refuses the unknown university ${id}`, async () => {
      const w = await world();
      await expect(act(byJordan(w), id))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryUnknownUniversity")
        .withArgs(id);
    });
  }
}

describe("IssuerRegistry", () => {
  describe("authority", () => {
    it("is the account that deployed the registries, with no transfer pending", async () => {
      const w = await world();
      expect(await w.issuerRegistry.owner()).to.equal(w.authority.address);
      expect(await w.issuerRegistry.pendingOwner()).to.equal(ethers.ZeroAddress);
    });

    describe("two-step handover", () => {
      it("starts a transfer that leaves the current authority in charge until accepted", async () => {
        const w = await world();
        await expect(w.issuerRegistry.transferOwnership(w.spare.address))
          .to.emit(w.issuerRegistry, "OwnershipTransferStarted")
          .withArgs(w.authority.address, w.spare.address);
        expect(await w.issuerRegistry.pendingOwner()).to.equal(w.spare.address);
        expect(await w.issuerRegistry.owner()).to.equal(w.authority.address);
      });

      it("hands over when the pending authority accepts", async () => {
        const w = await world();
        await w.issuerRegistry.transferOwnership(w.spare.address);
        await expect(w.issuerRegistry.connect(w.spare).acceptOwnership())
          .to.emit(w.issuerRegistry, "OwnershipTransferred")
          .withArgs(w.authority.address, w.spare.address);
        expect(await w.issuerRegistry.owner()).to.equal(w.spare.address);
        expect(await w.issuerRegistry.pendingOwner()).to.equal(ethers.ZeroAddress);
        await expect(w.issuerRegistry.registerMinistry(TN, w.random.address, COUNTRY_NAMES.TN))
          .to.be.revertedWithCustomError(w.issuerRegistry, "OwnableUnauthorizedAccount")
          .withArgs(w.authority.address);
        await expect(w.issuerRegistry.connect(w.spare).registerMinistry(TN, w.random.address, COUNTRY_NAMES.TN))
          .to.emit(w.issuerRegistry, "MinistryRegistered")
          .withArgs(TN, w.random.address, namesTuple(COUNTRY_NAMES.TN));
      });

      describe("acceptance by anyone but the pending authority", () => {
        itRefuses(
          [AUTHORITY, JORDANIAN_MINISTRY, RANDOM],
          async (w, by) => {
            await w.issuerRegistry.transferOwnership(w.spare.address);
            return w.issuerRegistry.connect(by).acceptOwnership();
          },
          notAuthority,
        );
      });

      it("refuses to hand the authority to a ministry or a university operator", async () => {
        const w = await world();
        for (const account of [w.jordan.account.address, w.yarmouk.operator.address]) {
          await expect(w.issuerRegistry.transferOwnership(account))
            .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryAccountInUse")
            .withArgs(account);
        }
      });

      it("refuses the pending authority as a new ministry or operator", async () => {
        const w = await world();
        await w.issuerRegistry.transferOwnership(w.spare.address);
        await expect(w.issuerRegistry.registerMinistry(TN, w.spare.address, COUNTRY_NAMES.TN))
          .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryAccountInUse")
          .withArgs(w.spare.address);
      });

      describe("transfer by anyone but the authority", () => {
        itRefusesAllButTheAuthority((registry, w) => registry.transferOwnership(w.spare.address));
      });
    });

    describe("renounceOwnership", () => {
      it("is refused to the authority itself: the registry never loses its authority", async () => {
        const w = await world();
        await expect(w.issuerRegistry.renounceOwnership()).to.be.revertedWithCustomError(
          w.issuerRegistry,
          "IssuerRegistryRenounceDisabled",
        );
        expect(await w.issuerRegistry.owner()).to.equal(w.authority.address);
      });

      itRefusesAllButTheAuthority((registry) => registry.renounceOwnership());
    });
  });

  describe("registerMinistry", () => {
    it("registers the ministry of a country with its names", async () => {
      const w = await world();
      const registeredAt = await nextBlockAt();
      await expect(w.issuerRegistry.registerMinistry(TN, w.spare.address, COUNTRY_NAMES.TN))
        .to.emit(w.issuerRegistry, "MinistryRegistered")
        .withArgs(TN, w.spare.address, namesTuple(COUNTRY_NAMES.TN));
      expect(plain(await w.issuerRegistry.ministry(TN))).to.deep.equal({
        account: w.spare.address,
        names: COUNTRY_NAMES.TN,
      });
      expect(await w.issuerRegistry.countryOfMinistry(w.spare.address)).to.equal(TN);
      expect(spans(await w.issuerRegistry.ministryHistory(TN))).to.deep.equal([[registeredAt, 0]]);
    });

    it("accepts A and Z, the ends of the alphabet", async () => {
      const w = await world();
      const AZ = countryCode("AZ");
      await expect(w.issuerRegistry.registerMinistry(AZ, w.spare.address, COUNTRY_NAMES.TN))
        .to.emit(w.issuerRegistry, "MinistryRegistered")
        .withArgs(AZ, w.spare.address, namesTuple(COUNTRY_NAMES.TN));
    });

    const invalidCodes: [string, string][] = [
      ["zero", "0x0000"],
      ["lower case", countryCode("tn")],
      ["with a digit", countryCode("T1")],
      ["with the character before A", countryCode("@N")],
      ["with the character after Z", countryCode("T[")],
    ];
    for (const [kind, code] of invalidCodes) {
      it(`refuses a country code ${kind}`, async () => {
        const w = await world();
        await expect(w.issuerRegistry.registerMinistry(code, w.spare.address, COUNTRY_NAMES.TN))
          .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryInvalidCountry")
          .withArgs(code);
      });
    }

    it("refuses a second ministry for the same country", async () => {
      const w = await world();
      await expect(w.issuerRegistry.registerMinistry(JO, w.spare.address, COUNTRY_NAMES.JO))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryMinistryExists")
        .withArgs(JO);
    });

    shouldRequireFreshAccountAndNames((w, account, names) => w.issuerRegistry.registerMinistry(TN, account, names));

    itRefusesAllButTheAuthority((registry, w) => registry.registerMinistry(TN, w.spare.address, COUNTRY_NAMES.TN));
  });

  describe("removeMinistry", () => {
    it("removes the ministry and withdraws the right to anchor of its universities only", async () => {
      const w = await world();
      const sent = w.issuerRegistry.removeMinistry(JO);
      await expect(sent).to.emit(w.issuerRegistry, "MinistryRemoved").withArgs(JO, w.jordan.account.address);
      expect(await anchoringRightChanges(w, sent)).to.deep.equal([
        [w.universityOfJordan.operator.address, UJ, false],
        [w.yarmouk.operator.address, w.yarmouk.id, false],
      ]);
      expect(plain(await w.issuerRegistry.ministry(JO))).to.deep.equal(NO_MINISTRY);
      expect(await w.issuerRegistry.countryOfMinistry(w.jordan.account.address)).to.equal("0x0000");
      expect(await w.certificateRegistry.anchoringRight(w.cairo.operator.address)).to.equal(w.cairo.id);
    });

    it("leaves a suspended university's right alone", async () => {
      const w = await world();
      await suspend(w, w.yarmouk);
      const sent = w.issuerRegistry.removeMinistry(JO);
      expect(await anchoringRightChanges(w, sent)).to.deep.equal([[w.universityOfJordan.operator.address, UJ, false]]);
    });

    it("keeps the accreditation interval open but the university is no longer accredited now", async () => {
      const w = await world();
      const since = await accreditedSince(w);
      await removeJordan(w);
      expect(spans(await w.issuerRegistry.accreditationHistory(UJ))).to.deep.equal([[since, 0]]);
      expect((await w.issuerRegistry.university(UJ)).accredited).to.equal(false);
    });

    it("refuses a country without a ministry", async () => {
      const w = await world();
      await expect(w.issuerRegistry.removeMinistry(TN))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryNoMinistry")
        .withArgs(TN);
    });

    it("refuses a ministry already removed", async () => {
      const w = await world();
      await removeJordan(w);
      await expect(w.issuerRegistry.removeMinistry(JO))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryNoMinistry")
        .withArgs(JO);
    });

    itRefusesAllButTheAuthority((registry) => registry.removeMinistry(JO));
  });

  describe("registration of a new ministry after a removal", () => {
    it("restores the right to anchor of the universities with an open accreditation, not of suspended ones", async () => {
      const w = await world();
      await suspend(w, w.yarmouk);
      await removeJordan(w);
      const sent = w.issuerRegistry.registerMinistry(JO, w.spare.address, COUNTRY_NAMES.JO);
      await expect(sent)
        .to.emit(w.issuerRegistry, "MinistryRegistered")
        .withArgs(JO, w.spare.address, namesTuple(COUNTRY_NAMES.JO));
      // The suspended university's right is not re-sent: it has none either way.
      expect(await anchoringRightChanges(w, sent)).to.deep.equal([[w.universityOfJordan.operator.address, UJ, true]]);
      expect((await w.issuerRegistry.university(UJ)).accredited).to.equal(true);
      expect((await w.issuerRegistry.university(w.yarmouk.id)).accredited).to.equal(false);
    });

    it("lets the new ministry act on the universities of its country and the old one no longer", async () => {
      const w = await world();
      await removeJordan(w);
      await w.issuerRegistry.registerMinistry(JO, w.spare.address, COUNTRY_NAMES.JO);
      await expect(w.issuerRegistry.connect(w.spare).suspendUniversity(UJ, "audit"))
        .to.emit(w.issuerRegistry, "UniversitySuspended")
        .withArgs(UJ, JO, "audit");
      await expect(byJordan(w).reinstateUniversity(UJ))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryNotMinistry")
        .withArgs(w.jordan.account.address);
    });
  });

  describe("connectCertificateRegistry", () => {
    /** An issuer registry deployed without `deployRegistries`, hence not connected. */
    async function unconnected(w: World): Promise<IssuerRegistry> {
      const registry = await new IssuerRegistry__factory(w.authority).deploy(w.authority.address);
      await registry.registerMinistry(EG, w.egypt.account.address, COUNTRY_NAMES.EG);
      return registry;
    }

    it("connects a certificate registry once", async () => {
      const w = await world();
      const registry = await unconnected(w);
      const target = await w.certificateRegistry.getAddress();
      await expect(registry.connectCertificateRegistry(target))
        .to.emit(registry, "CertificateRegistryConnected")
        .withArgs(target);
      await expect(registry.connectCertificateRegistry(w.random.address))
        .to.be.revertedWithCustomError(registry, "IssuerRegistryAlreadyConnected")
        .withArgs(target);
    });

    it("was done by deployRegistries", async () => {
      const w = await world();
      await expect(w.issuerRegistry.connectCertificateRegistry(w.random.address))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryAlreadyConnected")
        .withArgs(await w.certificateRegistry.getAddress());
    });

    it("refuses the zero address", async () => {
      const w = await world();
      const registry = await unconnected(w);
      await expect(registry.connectCertificateRegistry(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(registry, "IssuerRegistryInvalidAccount")
        .withArgs(ethers.ZeroAddress);
    });

    it("must precede any accreditation", async () => {
      const w = await world();
      const registry = await unconnected(w);
      const { operator, names, url } = w.alexandria;
      await expect(
        registry.connect(w.egypt.account).accreditUniversity(operator.address, names, url),
      ).to.be.revertedWithCustomError(registry, "IssuerRegistryNotConnected");
    });

    itRefusesAllButTheAuthority((registry, w) => registry.connectCertificateRegistry(w.random.address));
  });

  describe("accreditUniversity", () => {
    it("accredits a university of the ministry's country with the next id and the right to anchor", async () => {
      const w = await world();
      const { operator, names, url } = w.alexandria;
      const byEgypt = w.issuerRegistry.connect(w.egypt.account);
      expect(await byEgypt.accreditUniversity.staticCall(operator.address, names, url)).to.equal(NEXT_ID);
      const sent = byEgypt.accreditUniversity(operator.address, names, url);
      await expect(sent)
        .to.emit(w.issuerRegistry, "UniversityAccredited")
        .withArgs(NEXT_ID, EG, operator.address, namesTuple(names), url);
      await expect(sent)
        .to.emit(w.certificateRegistry, "AnchoringRightChanged")
        .withArgs(operator.address, NEXT_ID, true);
      const accreditedAt = await time.latest();
      expect(plain(await w.issuerRegistry.university(NEXT_ID))).to.deep.equal({
        id: BigInt(NEXT_ID),
        country: EG,
        operator: operator.address,
        names,
        url,
        accredited: true,
      });
      expect(await w.issuerRegistry.universityOf(operator.address)).to.equal(NEXT_ID);
      expect(await w.issuerRegistry.universityCount()).to.equal(NEXT_ID);
      expect(spans(await w.issuerRegistry.accreditationHistory(NEXT_ID))).to.deep.equal([[accreditedAt, 0]]);
      expect(await w.issuerRegistry.signers(NEXT_ID)).to.deep.equal([]);
      expect(await w.certificateRegistry.anchoringRight(operator.address)).to.equal(NEXT_ID);
    });

    it("refuses an empty URL", async () => {
      const w = await world();
      const { operator, names } = w.alexandria;
      await expect(
        w.issuerRegistry.connect(w.egypt.account).accreditUniversity(operator.address, names, ""),
      ).to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryMissingUrl");
    });

    shouldRequireFreshAccountAndNames((w, account, names) =>
      w.issuerRegistry.connect(w.egypt.account).accreditUniversity(account, names, w.alexandria.url),
    );

    itRefuses(
      [AUTHORITY, REMOVED_JORDANIAN_MINISTRY, UJ_OPERATOR, RANDOM],
      (w, by) =>
        w.issuerRegistry
          .connect(by)
          .accreditUniversity(w.alexandria.operator.address, w.alexandria.names, w.alexandria.url),
      (w, by) => [w.issuerRegistry, "IssuerRegistryNotMinistry", by.address],
    );
  });

  describe("suspendUniversity", () => {
    it("closes the accreditation interval and withdraws the right to anchor", async () => {
      const w = await world();
      const since = await accreditedSince(w);
      const suspendedAt = await nextBlockAt();
      const sent = byJordan(w).suspendUniversity(UJ, "unpaid fees");
      await expect(sent).to.emit(w.issuerRegistry, "UniversitySuspended").withArgs(UJ, JO, "unpaid fees");
      await expect(sent)
        .to.emit(w.certificateRegistry, "AnchoringRightChanged")
        .withArgs(w.universityOfJordan.operator.address, UJ, false);
      // The interval ends one second after the suspension's block: it covers the whole second of it.
      expect(spans(await w.issuerRegistry.accreditationHistory(UJ))).to.deep.equal([[since, suspendedAt + 1]]);
      await expectAt((t) => w.issuerRegistry.wasAccreditedAt(UJ, t), closedDuring(suspendedAt));
      expect((await w.issuerRegistry.university(UJ)).accredited).to.equal(false);
      expect(await w.certificateRegistry.anchoringRight(w.universityOfJordan.operator.address)).to.equal(0);
    });

    it("refuses a university already suspended", async () => {
      const w = await world();
      await suspend(w, w.universityOfJordan);
      await expect(byJordan(w).suspendUniversity(UJ, "again"))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryAlreadySuspended")
        .withArgs(UJ);
    });

    shouldRequireOwnMinistry((registry, id) => registry.suspendUniversity(id, "audit"));
  });

  describe("reinstateUniversity", () => {
    it("opens a new accreditation interval and restores the right to anchor", async () => {
      const w = await world();
      const since = await accreditedSince(w);
      const suspendedAt = await nextBlockAt();
      await suspend(w, w.universityOfJordan);
      const reinstatedAt = await nextBlockAt();
      const sent = byJordan(w).reinstateUniversity(UJ);
      await expect(sent).to.emit(w.issuerRegistry, "UniversityReinstated").withArgs(UJ, JO);
      await expect(sent)
        .to.emit(w.certificateRegistry, "AnchoringRightChanged")
        .withArgs(w.universityOfJordan.operator.address, UJ, true);
      expect(spans(await w.issuerRegistry.accreditationHistory(UJ))).to.deep.equal([
        [since, suspendedAt + 1],
        [reinstatedAt, 0],
      ]);
      await expectAt(
        (t) => w.issuerRegistry.wasAccreditedAt(UJ, t),
        [...closedDuring(suspendedAt), ...opensAt(reinstatedAt), [Number(FAR_FUTURE), true]],
      );
      expect((await w.issuerRegistry.university(UJ)).accredited).to.equal(true);
    });

    it("refuses a university that is not suspended", async () => {
      const w = await world();
      await expect(byJordan(w).reinstateUniversity(UJ))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryNotSuspended")
        .withArgs(UJ);
    });

    shouldRequireOwnMinistry((registry, id) => registry.reinstateUniversity(id));
  });

  describe("setUniversityUrl", () => {
    const url = "https://issuance.ju.edu.jo";

    it("changes the URL of the caller's university", async () => {
      const w = await world();
      await expect(byUJ(w).setUniversityUrl(url)).to.emit(w.issuerRegistry, "UniversityUrlChanged").withArgs(UJ, url);
      expect((await w.issuerRegistry.university(UJ)).url).to.equal(url);
    });

    it("is open again once the ministry reinstates a suspended university", async () => {
      const w = await world();
      await suspend(w, w.universityOfJordan);
      await byJordan(w).reinstateUniversity(UJ);
      await expect(byUJ(w).setUniversityUrl(url)).to.emit(w.issuerRegistry, "UniversityUrlChanged").withArgs(UJ, url);
    });

    it("refuses an empty URL", async () => {
      const w = await world();
      await expect(byUJ(w).setUniversityUrl("")).to.be.revertedWithCustomError(
        w.issuerRegistry,
        "IssuerRegistryMissingUrl",
      );
    });

    itRefuses(
      [AUTHORITY, JORDANIAN_MINISTRY, CANDIDATE_OPERATOR, RANDOM],
      (w, by) => w.issuerRegistry.connect(by).setUniversityUrl(url),
      (w, by) => [w.issuerRegistry, "IssuerRegistryNotOperator", by.address],
    );
    // Else a suspended operator could still send every verifier's fetch to a server of its choosing.
    itRefuses(
      [SUSPENDED_UJ_OPERATOR, UJ_OPERATOR_WITHOUT_MINISTRY],
      (w, by) => w.issuerRegistry.connect(by).setUniversityUrl(url),
      (w) => [w.issuerRegistry, "IssuerRegistryNotAccredited", UJ],
    );
  });

  describe("views", () => {
    it("gives a university's country, zero for an unknown id", async () => {
      const w = await world();
      expect(await w.issuerRegistry.universityCountry(w.cairo.id)).to.equal(countryCode("EG"));
      expect(await w.issuerRegistry.universityCountry(99)).to.equal("0x0000");
    });

    const universityViews: [string, (registry: IssuerRegistry, id: number) => Promise<unknown>][] = [
      ["university", (registry, id) => registry.university(id)],
      ["accreditationHistory", (registry, id) => registry.accreditationHistory(id)],
      ["signers", (registry, id) => registry.signers(id)],
    ];
    for (const [name, view] of universityViews) {
      for (const id of [0, NEXT_ID]) {
        it(`${name} refuses the unknown university ${id}`, async () => {
          const w = await world();
          await expect(view(w.issuerRegistry, id))
            .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryUnknownUniversity")
            .withArgs(id);
        });
      }
    }

    it("answer zero, empty or false for unknown accounts, countries, universities and keys", async () => {
      const w = await world();
      const now = await time.latest();
      const registry = w.issuerRegistry;
      expect(await registry.universityOf(w.random.address)).to.equal(0);
      expect(await registry.countryOfMinistry(w.random.address)).to.equal("0x0000");
      expect(plain(await registry.ministry(TN))).to.deep.equal(NO_MINISTRY);
      expect(await registry.ministryHistory(TN)).to.deep.equal([]);
      expect(await registry.wasMinistryRegisteredAt(TN, now)).to.equal(false);
      expect(await registry.wasAccreditedAt(NEXT_ID, now)).to.equal(false);
      expect(plain(await registry.signerKey(UJ, w.random.address))).to.deep.equal({ validFrom: 0n, validUntil: 0n });
      expect(await registry.wasSignerAt(UJ, w.random.address, now)).to.equal(false);
    });
  });

  describe("accreditation history", () => {
    /** Suspends the University of Jordan 100 s from now, reinstates it at 200 s, suspends it at 300 s. */
    async function suspendReinstateSuspend(w: World): Promise<[number, number, number]> {
      const base = await time.latest();
      const [suspended, reinstated, suspendedAgain] = [base + 100, base + 200, base + 300] as const;
      await sendAt(suspended, () => byJordan(w).suspendUniversity(UJ, "audit"));
      await sendAt(reinstated, () => byJordan(w).reinstateUniversity(UJ));
      await sendAt(suspendedAgain, () => byJordan(w).suspendUniversity(UJ, "audit"));
      return [suspended, reinstated, suspendedAgain];
    }

    it("is kept as half-open intervals [from, until)", async () => {
      const w = await world();
      const since = await accreditedSince(w);
      const [suspended, reinstated, suspendedAgain] = await suspendReinstateSuspend(w);
      // A closed interval ends one second after the block of its suspension.
      expect(spans(await w.issuerRegistry.accreditationHistory(UJ))).to.deep.equal([
        [since, suspended + 1],
        [reinstated, suspendedAgain + 1],
      ]);
    });

    it("answers wasAccreditedAt before, inside, between and after the intervals", async () => {
      const w = await world();
      const since = await accreditedSince(w);
      const [suspended, reinstated, suspendedAgain] = await suspendReinstateSuspend(w);
      await expectAt(
        (t) => w.issuerRegistry.wasAccreditedAt(UJ, t),
        [
          ...opensAt(since),
          ...closedDuring(suspended),
          ...opensAt(reinstated),
          ...closedDuring(suspendedAgain),
          [suspendedAgain + 1_000_000, false],
        ],
      );
    });

    describe("the second of a suspension", () => {
      // Several blocks may share a timestamp (anvil mines them so). Any anchor of the suspension's second
      // was made before the suspension, which withdraws the right to anchor at once: that second stays
      // accredited. The in-process Hardhat network never gives two blocks one timestamp, so the tests
      // pin the two halves of that argument.
      it("is still accredited, though the university can anchor no more after the suspension", async () => {
        const w = await world();
        const suspendedAt = await nextBlockAt();
        await suspend(w, w.universityOfJordan);
        expect(await w.issuerRegistry.wasAccreditedAt(UJ, suspendedAt)).to.equal(true);
        expect(await w.issuerRegistry.wasAccreditedAt(UJ, suspendedAt + 1)).to.equal(false);
        await expect(w.certificateRegistry.connect(w.universityOfJordan.operator).anchor(ROOT, 1))
          .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryNotAllowedToAnchor")
          .withArgs(w.universityOfJordan.operator.address);
      });

      it("judges accredited an anchor made in the suspension's block, before it", async () => {
        const w = await world();
        const at = await inOneBlock(
          () => w.certificateRegistry.connect(w.universityOfJordan.operator).anchor(ROOT, 1),
          () => byJordan(w).suspendUniversity(UJ, "audit"),
        );
        const { anchoredAt } = await w.certificateRegistry.batch(UJ, ROOT);
        expect(Number(anchoredAt)).to.equal(at);
        expect(await w.issuerRegistry.wasAccreditedAt(UJ, anchoredAt)).to.equal(true);
      });
    });

    it("covers the future while the last interval is open", async () => {
      const w = await world();
      expect(await w.issuerRegistry.wasAccreditedAt(UJ, FAR_FUTURE)).to.equal(true);
    });

    describe("in a single block", () => {
      it("a suspension and a reinstatement leave no gap", async () => {
        const w = await world();
        const since = await accreditedSince(w);
        const at = await inOneLaterBlock(
          () => byJordan(w).suspendUniversity(UJ, "audit"),
          () => byJordan(w).reinstateUniversity(UJ),
        );
        // The closed interval covers the whole second `at`, the new one starts at it: they overlap.
        expect(spans(await w.issuerRegistry.accreditationHistory(UJ))).to.deep.equal([
          [since, at + 1],
          [at, 0],
        ]);
        await expectAt((t) => w.issuerRegistry.wasAccreditedAt(UJ, t), [...steadyAt(at, true), [at + 1, true]]);
        expect((await w.issuerRegistry.university(UJ)).accredited).to.equal(true);
      });

      it("an accreditation and a suspension accredit for that one second", async () => {
        const w = await world();
        const byEgypt = w.issuerRegistry.connect(w.egypt.account);
        const { operator, names, url } = w.alexandria;
        const at = await inOneBlock(
          () => byEgypt.accreditUniversity(operator.address, names, url),
          () => byEgypt.suspendUniversity(NEXT_ID, "audit"),
        );
        expect(spans(await w.issuerRegistry.accreditationHistory(NEXT_ID))).to.deep.equal([[at, at + 1]]);
        await expectAt((t) => w.issuerRegistry.wasAccreditedAt(NEXT_ID, t), [...opensAt(at), [at + 1, false]]);
        expect((await w.issuerRegistry.university(NEXT_ID)).accredited).to.equal(false);
        expect(await w.certificateRegistry.anchoringRight(operator.address)).to.equal(0);
      });
    });
  });

  describe("ministry registration history", () => {
    /** Whether the ministry of Jordan, and the University of Jordan with it, were in force at `t`. */
    function jordanViews(w: World): ((t: number) => Promise<boolean>)[] {
      return [(t) => w.issuerRegistry.wasMinistryRegisteredAt(JO, t), (t) => w.issuerRegistry.wasAccreditedAt(UJ, t)];
    }

    it("a removal ends the ministry's interval and the accreditation of its universities with it", async () => {
      const w = await world();
      const registered = await jordanRegisteredSince(w);
      const since = await accreditedSince(w);
      const removed = (await time.latest()) + 100;
      await sendAt(removed, () => w.issuerRegistry.removeMinistry(JO));
      expect(spans(await w.issuerRegistry.ministryHistory(JO))).to.deep.equal([[registered, removed + 1]]);
      for (const view of jordanViews(w)) {
        await expectAt(view, [[since, true], ...closedDuring(removed), [removed + 1_000_000, false]]);
      }
    });

    it("a new registration covers the times from it on, not the gap", async () => {
      const w = await world();
      const registered = await jordanRegisteredSince(w);
      const base = await time.latest();
      const [removed, registeredAgain] = [base + 100, base + 200];
      await sendAt(removed, () => w.issuerRegistry.removeMinistry(JO));
      await sendAt(registeredAgain, () => w.issuerRegistry.registerMinistry(JO, w.spare.address, COUNTRY_NAMES.JO));
      expect(spans(await w.issuerRegistry.ministryHistory(JO))).to.deep.equal([
        [registered, removed + 1],
        [registeredAgain, 0],
      ]);
      for (const view of jordanViews(w)) {
        await expectAt(view, [
          ...closedDuring(removed),
          ...opensAt(registeredAgain),
          [registeredAgain + 1_000_000, true],
        ]);
      }
    });

    it("covers the second of a removal, though its universities can anchor no more after it", async () => {
      const w = await world();
      // An anchor of that second, made in the removal's block before the removal, is judged in force.
      const at = await inOneLaterBlock(
        () => w.certificateRegistry.connect(w.universityOfJordan.operator).anchor(ROOT, 1),
        () => w.issuerRegistry.removeMinistry(JO),
      );
      expect(Number((await w.certificateRegistry.batch(UJ, ROOT)).anchoredAt)).to.equal(at);
      for (const view of jordanViews(w)) {
        await expectAt(view, closedDuring(at));
      }
      await expect(w.certificateRegistry.connect(w.universityOfJordan.operator).anchor(OTHER_ROOT, 1))
        .to.be.revertedWithCustomError(w.certificateRegistry, "CertificateRegistryNotAllowedToAnchor")
        .withArgs(w.universityOfJordan.operator.address);
    });

    describe("in a single block", () => {
      it("a removal and a new registration leave no gap", async () => {
        const w = await world();
        const registered = await jordanRegisteredSince(w);
        const at = await inOneLaterBlock(
          () => w.issuerRegistry.removeMinistry(JO),
          () => w.issuerRegistry.registerMinistry(JO, w.spare.address, COUNTRY_NAMES.JO),
        );
        // The closed interval covers the whole second `at`, the new one starts at it: they overlap.
        expect(spans(await w.issuerRegistry.ministryHistory(JO))).to.deep.equal([
          [registered, at + 1],
          [at, 0],
        ]);
        for (const view of jordanViews(w)) {
          await expectAt(view, [...steadyAt(at, true), [at + 1, true]]);
        }
      });

      it("a registration and a removal register for that one second", async () => {
        const w = await world();
        const at = await inOneBlock(
          () => w.issuerRegistry.registerMinistry(TN, w.spare.address, COUNTRY_NAMES.TN),
          () => w.issuerRegistry.removeMinistry(TN),
        );
        expect(spans(await w.issuerRegistry.ministryHistory(TN))).to.deep.equal([[at, at + 1]]);
        await expectAt((t) => w.issuerRegistry.wasMinistryRegisteredAt(TN, t), [...opensAt(at), [at + 1, false]]);
        expect(plain(await w.issuerRegistry.ministry(TN))).to.deep.equal(NO_MINISTRY);
      });
    });
  });

  describe("signer keys", () => {
    /** Start of the window of the University of Jordan's key from the fixture. */
    async function keySince(w: World): Promise<number> {
      return Number((await w.issuerRegistry.signerKey(UJ, w.universityOfJordan.signer)).validFrom);
    }

    describe("addSigner", () => {
      it("starts now when validFrom is 0 and never ends when validUntil is 0", async () => {
        const w = await world();
        const [key] = w.freshKeys;
        const now = await nextBlockAt();
        await expect(byUJ(w).addSigner(key!, 0, 0))
          .to.emit(w.issuerRegistry, "SignerAdded")
          .withArgs(UJ, key, now, 0);
        expect(plain(await w.issuerRegistry.signerKey(UJ, key!))).to.deep.equal({
          validFrom: BigInt(now),
          validUntil: 0n,
        });
        expect(await w.issuerRegistry.signers(UJ)).to.deep.equal([w.universityOfJordan.signer, key]);
        await expectAt((t) => w.issuerRegistry.wasSignerAt(UJ, key!, t), [...opensAt(now), [Number(FAR_FUTURE), true]]);
      });

      it("takes a window in the future, valid from its start and up to, not including, its end", async () => {
        const w = await world();
        const [key] = w.freshKeys;
        const from = (await nextBlockAt()) + 100;
        const until = from + 100;
        await expect(byUJ(w).addSigner(key!, from, until))
          .to.emit(w.issuerRegistry, "SignerAdded")
          .withArgs(UJ, key, from, until);
        await expectAt((t) => w.issuerRegistry.wasSignerAt(UJ, key!, t), [...opensAt(from), ...closesAt(until)]);
      });

      it("takes a window of one second starting exactly now", async () => {
        const w = await world();
        const [key] = w.freshKeys;
        const now = await nextBlockAt();
        await expect(byUJ(w).addSigner(key!, now, now + 1))
          .to.emit(w.issuerRegistry, "SignerAdded")
          .withArgs(UJ, key, now, now + 1);
      });

      const invalidWindows: [string, (now: number) => [number, number]][] = [
        ["starting in the past", (now) => [now - 1, 0]],
        ["ending at its start", (now) => [now + 100, now + 100]],
        ["ending before its start", (now) => [now + 100, now + 99]],
        ["starting now (0) and ending now", (now) => [0, now]],
      ];
      for (const [kind, window] of invalidWindows) {
        it(`refuses a window ${kind}`, async () => {
          const w = await world();
          const [validFrom, validUntil] = window(await nextBlockAt());
          await expect(byUJ(w).addSigner(w.freshKeys[0]!, validFrom, validUntil))
            .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryInvalidWindow")
            .withArgs(validFrom, validUntil);
        });
      }

      it("refuses the zero key", async () => {
        const w = await world();
        await expect(byUJ(w).addSigner(ethers.ZeroAddress, 0, 0))
          .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryInvalidAccount")
          .withArgs(ethers.ZeroAddress);
      });

      const registeredKeys: [string, (w: World) => string][] = [
        ["by the same university", (w) => w.universityOfJordan.signer],
        ["by another university", (w) => w.cairo.signer],
      ];
      for (const [byWhom, key] of registeredKeys) {
        it(`refuses a key registered before ${byWhom}`, async () => {
          const w = await world();
          await expect(byUJ(w).addSigner(key(w), 0, 0))
            .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistrySignerExists")
            .withArgs(key(w));
        });
      }

      itRefuses(
        [AUTHORITY, JORDANIAN_MINISTRY, CANDIDATE_OPERATOR, RANDOM],
        (w, by) => w.issuerRegistry.connect(by).addSigner(w.freshKeys[0]!, 0, 0),
        (w, by) => [w.issuerRegistry, "IssuerRegistryNotOperator", by.address],
      );
      itRefuses(
        [SUSPENDED_UJ_OPERATOR, UJ_OPERATOR_WITHOUT_MINISTRY],
        (w, by) => w.issuerRegistry.connect(by).addSigner(w.freshKeys[0]!, 0, 0),
        (w) => [w.issuerRegistry, "IssuerRegistryNotAccredited", UJ],
      );
    });

    describe("revokeSigner", () => {
      /** Revokes the University of Jordan's key from `revokedFrom` and asserts the effective end. */
      async function expectRevoked(w: World, key: string, revokedFrom: number, end: number): Promise<void> {
        await expect(byUJ(w).revokeSigner(key, revokedFrom))
          .to.emit(w.issuerRegistry, "SignerRevoked")
          .withArgs(UJ, key, end);
        expect((await w.issuerRegistry.signerKey(UJ, key)).validUntil).to.equal(end);
      }

      async function expectAlreadyRevoked(w: World, key: string, revokedFrom: number): Promise<void> {
        await expect(byUJ(w).revokeSigner(key, revokedFrom))
          .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistrySignerAlreadyRevoked")
          .withArgs(UJ, key);
      }

      /** Revokes the fixture key of the University of Jordan from 50 s after its start, 100 s after it. */
      async function revokeFromThePast(w: World): Promise<number> {
        const revokedFrom = (await keySince(w)) + 50;
        await time.increase(100);
        await expectRevoked(w, w.universityOfJordan.signer, revokedFrom, revokedFrom);
        return revokedFrom;
      }

      /** Adds a fresh key to the University of Jordan with the window [from, until). */
      async function addKey(w: World, from: number, until: number): Promise<string> {
        const key = w.freshKeys[0]!;
        await byUJ(w).addSigner(key, from, until);
        return key;
      }

      it("ends the window now when revokedFrom is 0", async () => {
        const w = await world();
        const key = w.universityOfJordan.signer;
        const now = await nextBlockAt();
        await expectRevoked(w, key, 0, now);
        await expectAt((t) => w.issuerRegistry.wasSignerAt(UJ, key, t), closesAt(now));
      });

      it("accepts a revocation dated exactly now", async () => {
        const w = await world();
        const now = await nextBlockAt();
        await expectRevoked(w, w.universityOfJordan.signer, now, now);
      });

      it("ends the window at a past time, to cover a compromise", async () => {
        const w = await world();
        const revokedFrom = await revokeFromThePast(w);
        await expectAt(
          (t) => w.issuerRegistry.wasSignerAt(UJ, w.universityOfJordan.signer, t),
          [...opensAt(revokedFrom - 50), ...closesAt(revokedFrom)],
        );
      });

      it("refuses a revocation in the future", async () => {
        const w = await world();
        const now = await nextBlockAt();
        await expect(byUJ(w).revokeSigner(w.universityOfJordan.signer, now + 1))
          .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryInvalidRevocationTime")
          .withArgs(now + 1);
      });

      it("may be repeated with an earlier time, when a compromise turns out older", async () => {
        const w = await world();
        const revokedFrom = await revokeFromThePast(w);
        await expectRevoked(w, w.universityOfJordan.signer, revokedFrom - 1, revokedFrom - 1);
      });

      const repetitions: [string, (first: number) => number][] = [
        ["the same time", (first) => first],
        ["a later time", (first) => first + 1],
        ["now (0), which is later", () => 0],
      ];
      for (const [kind, revokedFrom] of repetitions) {
        it(`refuses a repetition with ${kind}`, async () => {
          const w = await world();
          const first = await revokeFromThePast(w);
          await expectAlreadyRevoked(w, w.universityOfJordan.signer, revokedFrom(first));
        });
      }

      it("dated before the key's start, empties the window", async () => {
        const w = await world();
        const key = w.universityOfJordan.signer;
        const since = await keySince(w);
        await expectRevoked(w, key, since - 1, since);
        expect(await w.issuerRegistry.wasSignerAt(UJ, key, since)).to.equal(false);
        await expectAlreadyRevoked(w, key, since - 2);
      });

      it("of a key not valid yet, empties its window", async () => {
        const w = await world();
        const from = (await nextBlockAt()) + 100;
        const key = await addKey(w, from, 0);
        await expectRevoked(w, key, 0, from);
        expect(await w.issuerRegistry.wasSignerAt(UJ, key, from)).to.equal(false);
      });

      it("may cut short a window that already ended, not lengthen it", async () => {
        const w = await world();
        const from = (await nextBlockAt()) + 10;
        const key = await addKey(w, from, from + 10);
        await time.increaseTo(from + 100);
        await expectAlreadyRevoked(w, key, 0);
        await expectAlreadyRevoked(w, key, from + 10);
        await expectRevoked(w, key, from + 9, from + 9);
      });

      const foreignKeys: [string, (w: World) => string][] = [
        ["never registered", (w) => w.freshKeys[0]!],
        ["of another university", (w) => w.cairo.signer],
      ];
      for (const [kind, key] of foreignKeys) {
        it(`refuses a key ${kind}`, async () => {
          const w = await world();
          await expect(byUJ(w).revokeSigner(key(w), 0))
            .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryUnknownSigner")
            .withArgs(UJ, key(w));
        });
      }

      for (const { who, prepare } of [SUSPENDED_UJ_OPERATOR, UJ_OPERATOR_WITHOUT_MINISTRY]) {
        it(`stays open to ${who}`, async () => {
          const w = await world();
          await prepare(w);
          const now = await nextBlockAt();
          await expectRevoked(w, w.universityOfJordan.signer, 0, now);
        });
      }

      itRefuses(
        [AUTHORITY, JORDANIAN_MINISTRY, CANDIDATE_OPERATOR, RANDOM],
        (w, by) => w.issuerRegistry.connect(by).revokeSigner(w.universityOfJordan.signer, 0),
        (w, by) => [w.issuerRegistry, "IssuerRegistryNotOperator", by.address],
      );
    });

    it("are kept per university: a key is valid only for the university that added it", async () => {
      const w = await world();
      const now = await time.latest();
      expect(await w.issuerRegistry.wasSignerAt(UJ, w.universityOfJordan.signer, now)).to.equal(true);
      expect(await w.issuerRegistry.wasSignerAt(w.cairo.id, w.universityOfJordan.signer, now)).to.equal(false);
      expect(await w.issuerRegistry.signers(w.cairo.id)).to.deep.equal([w.cairo.signer]);
    });
  });
});
