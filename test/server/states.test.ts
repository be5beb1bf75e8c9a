import { expect } from "chai";
import { describe, it } from "vitest";
import { openDatabase } from "../../server/db/database";
import { storeOf } from "../../server/store";
import {
  assertTransition,
  BATCH_MACHINE,
  BATCH_STATES,
  CERTIFICATE_MACHINE,
  CERTIFICATE_STATES,
  canMove,
  guardedMove,
  StateTransitionError,
} from "../../server/store/states";
import type { StateMachine } from "../../server/store/states";

/** Every move of a machine, as "from → to", to compare whole tables at once. */
const moves = <S extends string>(machine: StateMachine<S>, states: readonly S[]): string[] =>
  states.flatMap((from) => states.filter((to) => canMove(machine, from, to)).map((to) => `${from} → ${to}`));

describe("issuance state machine", () => {
  it("lets a batch move only forward to the chain, fail before it is sent, and go back to signed when its transaction is lost", () => {
    expect(moves(BATCH_MACHINE, BATCH_STATES)).to.deep.equal([
      "batched → signed",
      "batched → failed",
      "signed → submitted",
      "signed → confirmed",
      "signed → failed",
      "submitted → signed",
      "submitted → confirmed",
    ]);
  });

  it("lets a certificate enter a batch from pending, follow its batch, and return to pending only from a failed batch", () => {
    expect(moves(CERTIFICATE_MACHINE, CERTIFICATE_STATES)).to.deep.equal([
      "pending → batched",
      "batched → signed",
      "batched → failed",
      "signed → submitted",
      "signed → confirmed",
      "signed → failed",
      "submitted → signed",
      "submitted → confirmed",
      "failed → pending",
    ]);
    expect(CERTIFICATE_MACHINE.initial).to.equal("pending");
    expect(BATCH_MACHINE.initial).to.equal("batched");
  });

  it("names the refused move, and reaches every state from the initial one", () => {
    expect(() => assertTransition(BATCH_MACHINE, "confirmed", "failed")).to.throw(
      StateTransitionError,
      "batch cannot move from confirmed to failed",
    );
    expect(() => assertTransition(BATCH_MACHINE, "submitted", "failed")).to.throw(StateTransitionError);
    expect(() => assertTransition(BATCH_MACHINE, "failed", "batched")).to.throw(StateTransitionError);
    expect(() => assertTransition(CERTIFICATE_MACHINE, "pending", "signed")).to.throw(StateTransitionError);
    expect(() => assertTransition(CERTIFICATE_MACHINE, "confirmed", "pending")).to.throw(StateTransitionError);
    expect(() => assertTransition(BATCH_MACHINE, "signed", "submitted")).not.to.throw();
    for (const [machine, states] of [
      [BATCH_MACHINE, BATCH_STATES],
      [CERTIFICATE_MACHINE, CERTIFICATE_STATES],
    ] as [StateMachine<string>, readonly string[]][]) {
      const reached = new Set([machine.initial]);
      for (let grew = true; grew;) {
        const before = reached.size;
        for (const from of [...reached]) for (const to of machine.transitions[from] ?? []) reached.add(to);
        grew = reached.size > before;
      }
      expect([...reached].sort()).to.deep.equal([...states].sort());
    }
  });

  it("never builds a guarded write for a move the machine does not have", () => {
    expect(guardedMove(BATCH_MACHINE, ["batched", "signed"], "failed")).to.deep.equal({
      set: "status = 'failed'",
      guard: "status IN ('batched', 'signed')",
    });
    expect(() => guardedMove(BATCH_MACHINE, ["batched", "submitted"], "failed")).to.throw(
      "batch cannot move from submitted to failed",
    );
  });

  it("refuses, in the store, to move a batch and its certificates along a path the machine does not have", () => {
    const db = openDatabase(":memory:");
    const store = storeOf(db);
    store.universities.upsert(
      { id: 1, country: "JO", names: { ar: "ج", en: "U", fr: "U" }, operator: "0x0", ministry: null },
      0,
    );
    const batchId = store.batches.insert(1, 1, `0x${"11".repeat(32)}`, false, 0);
    const status = () => db.prepare("SELECT status FROM batches WHERE id = ?").pluck().get(batchId);
    expect(() => store.batches.move(batchId, "submitted", 1)).to.throw(
      StateTransitionError,
      "batch cannot move from batched to submitted",
    );
    expect(status()).to.equal("batched");
    expect(store.batches.sign(batchId, "0x0", "0x", 1)).to.equal(true);
    store.batches.move(batchId, "submitted", 2);
    store.batches.move(batchId, "confirmed", 3);
    expect(status()).to.equal("confirmed");
    // A confirmed batch is not failed: the write is a no-op, not an error (the batch got there first).
    expect(store.batches.fail(batchId, "{}", 4)).to.equal(false);
    expect(() => store.batches.move(batchId, "signed", 5)).to.throw(StateTransitionError);
    expect(status()).to.equal("confirmed");
    db.close();
  });
});
