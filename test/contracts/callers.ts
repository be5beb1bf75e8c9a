import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract } from "ethers";
import type { IssuerRegistry } from "../../typechain-types";
import { removeJordan, suspend, world } from "./fixture";
import type { World } from "./fixture";

/**
 * A role a test calls a function as, named from the point of view of the University of Jordan, the
 * subject of the tests: `prepare` puts the world in the state the role needs and returns its account.
 */
export interface Caller {
  who: string;
  prepare(w: World): Promise<HardhatEthersSigner>;
}

function caller(who: string, prepare: (w: World) => HardhatEthersSigner | Promise<HardhatEthersSigner>): Caller {
  return { who, prepare: async (w) => prepare(w) };
}

export const AUTHORITY = caller("the authority", (w) => w.authority);
export const JORDANIAN_MINISTRY = caller("the Jordanian ministry", (w) => w.jordan.account);
export const EGYPTIAN_MINISTRY = caller("the Egyptian ministry (another country)", (w) => w.egypt.account);
export const REMOVED_JORDANIAN_MINISTRY = caller("the Jordanian ministry after its removal", async (w) => {
  await removeJordan(w);
  return w.jordan.account;
});
export const UJ_OPERATOR = caller("the University of Jordan's operator", (w) => w.universityOfJordan.operator);
export const SUSPENDED_UJ_OPERATOR = caller("the University of Jordan's operator while suspended", async (w) => {
  await suspend(w, w.universityOfJordan);
  return w.universityOfJordan.operator;
});
export const UJ_OPERATOR_WITHOUT_MINISTRY = caller(
  "the University of Jordan's operator after its ministry's removal",
  async (w) => {
    await removeJordan(w);
    return w.universityOfJordan.operator;
  },
);
export const YARMOUK_OPERATOR = caller("Yarmouk University's operator (same country)", (w) => w.yarmouk.operator);
export const CAIRO_OPERATOR = caller("Cairo University's operator (another country)", (w) => w.cairo.operator);
export const CANDIDATE_OPERATOR = caller("an operator never accredited", (w) => w.alexandria.operator);
export const RANDOM = caller("an account with no role", (w) => w.random);

/** The custom error a refused call must revert with: contract, error name, arguments. */
export type Refusal = [contract: BaseContract, error: string, ...args: unknown[]];

/**
 * One test per caller: `attempt` by that caller reverts with exactly `refusal`. Each test starts from
 * `start` (the fixture by default), then puts the world in the state the caller needs.
 */
export function itRefuses(
  callers: readonly Caller[],
  attempt: (w: World, by: HardhatEthersSigner) => Promise<unknown>,
  refusal: (w: World, by: HardhatEthersSigner) => Refusal,
  start: () => Promise<World> = world,
): void {
  for (const { who, prepare } of callers) {
    it(`refuses ${who}`, async () => {
      const w = await start();
      const by = await prepare(w);
      const [contract, error, ...args] = refusal(w, by);
      await expect(attempt(w, by))
        .to.be.revertedWithCustomError(contract, error)
        .withArgs(...args);
    });
  }
}

/** The refusal of every function reserved to the authority (OpenZeppelin's Ownable). */
export function notAuthority(w: World, by: HardhatEthersSigner): Refusal {
  return [w.issuerRegistry, "OwnableUnauthorizedAccount", by.address];
}

/** One test per role other than the authority: `attempt` as that role is refused by Ownable. */
export function itRefusesAllButTheAuthority(attempt: (registry: IssuerRegistry, w: World) => Promise<unknown>): void {
  itRefuses(
    [JORDANIAN_MINISTRY, REMOVED_JORDANIAN_MINISTRY, UJ_OPERATOR, RANDOM],
    (w, by) => attempt(w.issuerRegistry.connect(by), w),
    notAuthority,
  );
}
