import { expect } from "chai";
import { countryCode, plain, removeJordan, world } from "./fixture";
import type { World } from "./fixture";
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
  itRefuses,
} from "./callers";

const JO = countryCode("JO");
const EG = countryCode("EG");
const NO_COUNTRY = "0x0000";
const ALECSO_MIRROR = "https://mirror.alecso.org/tasdiq";
const JORDAN_MIRROR = "https://mirror.mohe.gov.jo";
const EGYPT_MIRROR = "https://mirror.mohe.gov.eg";

/** The registry's mirror list as [publisher, country, url] rows, sorted for comparison. */
async function mirrorRows(w: World): Promise<[string, string, string][]> {
  const list = await w.issuerRegistry.mirrors();
  return list.map((m) => [m.publisher, m.country, m.url] as [string, string, string]).sort();
}

describe("IssuerRegistry: mirrors", () => {
  describe("publishMirror", () => {
    it("publishes the authority's mirror with no country", async () => {
      const w = await world();
      await expect(w.issuerRegistry.connect(w.authority).publishMirror(ALECSO_MIRROR))
        .to.emit(w.issuerRegistry, "MirrorPublished")
        .withArgs(w.authority.address, NO_COUNTRY, ALECSO_MIRROR);
      expect((await w.issuerRegistry.mirrors()).map(plain)).to.deep.equal([
        { publisher: w.authority.address, country: NO_COUNTRY, url: ALECSO_MIRROR },
      ]);
    });

    it("publishes a ministry's mirror under its own country, beside the others", async () => {
      const w = await world();
      await w.issuerRegistry.connect(w.authority).publishMirror(ALECSO_MIRROR);
      await expect(w.issuerRegistry.connect(w.jordan.account).publishMirror(JORDAN_MIRROR))
        .to.emit(w.issuerRegistry, "MirrorPublished")
        .withArgs(w.jordan.account.address, JO, JORDAN_MIRROR);
      await w.issuerRegistry.connect(w.egypt.account).publishMirror(EGYPT_MIRROR);
      expect(await mirrorRows(w)).to.deep.equal(
        [
          [w.authority.address, NO_COUNTRY, ALECSO_MIRROR],
          [w.jordan.account.address, JO, JORDAN_MIRROR],
          [w.egypt.account.address, EG, EGYPT_MIRROR],
        ].sort(),
      );
    });

    it("replaces the URL of a mirror published before, keeping one mirror per publisher", async () => {
      const w = await world();
      await w.issuerRegistry.connect(w.jordan.account).publishMirror(JORDAN_MIRROR);
      const moved = "https://mirror2.mohe.gov.jo/";
      await expect(w.issuerRegistry.connect(w.jordan.account).publishMirror(moved))
        .to.emit(w.issuerRegistry, "MirrorPublished")
        .withArgs(w.jordan.account.address, JO, moved);
      expect(await mirrorRows(w)).to.deep.equal([[w.jordan.account.address, JO, moved]]);
    });

    it("refuses an empty URL", async () => {
      const w = await world();
      await expect(w.issuerRegistry.connect(w.jordan.account).publishMirror("")).to.be.revertedWithCustomError(
        w.issuerRegistry,
        "IssuerRegistryMissingUrl",
      );
    });

    itRefuses(
      [REMOVED_JORDANIAN_MINISTRY, UJ_OPERATOR, SUSPENDED_UJ_OPERATOR, CAIRO_OPERATOR, CANDIDATE_OPERATOR, RANDOM],
      (w, by) => w.issuerRegistry.connect(by).publishMirror(JORDAN_MIRROR),
      (w, by) => [w.issuerRegistry, "IssuerRegistryNotMirrorPublisher", by.address],
    );
  });

  describe("withdrawMirror", () => {
    for (const publisher of [AUTHORITY, JORDANIAN_MINISTRY, EGYPTIAN_MINISTRY]) {
      it(`withdraws the mirror of ${publisher.who}, leaving the others`, async () => {
        const w = await world();
        await w.issuerRegistry.connect(w.authority).publishMirror(ALECSO_MIRROR);
        await w.issuerRegistry.connect(w.jordan.account).publishMirror(JORDAN_MIRROR);
        await w.issuerRegistry.connect(w.egypt.account).publishMirror(EGYPT_MIRROR);
        const by = await publisher.prepare(w);
        const country = by === w.authority ? NO_COUNTRY : by === w.jordan.account ? JO : EG;
        const before = await mirrorRows(w);
        await expect(w.issuerRegistry.connect(by).withdrawMirror())
          .to.emit(w.issuerRegistry, "MirrorWithdrawn")
          .withArgs(by.address, country);
        expect(await mirrorRows(w)).to.deep.equal(before.filter(([account]) => account !== by.address));
        // Published again afterwards, it is listed again.
        await w.issuerRegistry.connect(by).publishMirror(`${ALECSO_MIRROR}/again`);
        expect(await mirrorRows(w)).to.have.length(3);
      });
    }

    it("refuses a publisher with no mirror", async () => {
      const w = await world();
      await w.issuerRegistry.connect(w.egypt.account).publishMirror(EGYPT_MIRROR);
      await expect(w.issuerRegistry.connect(w.jordan.account).withdrawMirror())
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryNoMirror")
        .withArgs(w.jordan.account.address);
    });

    itRefuses(
      [REMOVED_JORDANIAN_MINISTRY, UJ_OPERATOR, SUSPENDED_UJ_OPERATOR, CAIRO_OPERATOR, RANDOM],
      async (w, by) => {
        await w.issuerRegistry.connect(w.authority).publishMirror(ALECSO_MIRROR);
        return w.issuerRegistry.connect(by).withdrawMirror();
      },
      (w, by) => [w.issuerRegistry, "IssuerRegistryNotMirrorPublisher", by.address],
    );
  });

  describe("who a listed mirror belongs to", () => {
    it("leaves out the mirror of a removed ministry, and lists the mirror of the ministry registered after it", async () => {
      const w = await world();
      await w.issuerRegistry.connect(w.jordan.account).publishMirror(JORDAN_MIRROR);
      await removeJordan(w);
      expect(await w.issuerRegistry.mirrors()).to.deep.equal([]);
      await w.issuerRegistry.registerMinistry(JO, w.spare.address, w.jordan.names);
      expect(await w.issuerRegistry.mirrors()).to.deep.equal([]);
      const successor = "https://new-mirror.mohe.gov.jo";
      await w.issuerRegistry.connect(w.spare).publishMirror(successor);
      expect(await mirrorRows(w)).to.deep.equal([[w.spare.address, JO, successor]]);
    });

    it("leaves out the former authority's mirror once the authority is handed over", async () => {
      const w = await world();
      await w.issuerRegistry.connect(w.authority).publishMirror(ALECSO_MIRROR);
      await w.issuerRegistry.transferOwnership(w.spare.address);
      expect(await mirrorRows(w)).to.deep.equal([[w.authority.address, NO_COUNTRY, ALECSO_MIRROR]]);
      await w.issuerRegistry.connect(w.spare).acceptOwnership();
      expect(await w.issuerRegistry.mirrors()).to.deep.equal([]);
      await expect(w.issuerRegistry.connect(w.authority).publishMirror(ALECSO_MIRROR))
        .to.be.revertedWithCustomError(w.issuerRegistry, "IssuerRegistryNotMirrorPublisher")
        .withArgs(w.authority.address);
    });

    it("lists nothing on a fresh registry", async () => {
      const w = await world();
      expect(await w.issuerRegistry.mirrors()).to.deep.equal([]);
    });
  });
});
