import { CERTIFICATE_STATUSES } from "../../core/api";

/**
 * The issuance states of certificates and batches, and the only moves between them. A batch and its
 * certificates move together once sealed; a certificate alone is `pending` before it has a batch, and
 * goes back to `pending` when its failed batch is re-sealed. Every status the store writes goes
 * through `assertTransition`: a move not in these tables is a bug, never a user's error. The API
 * declares the states it shows (`core/api`); this module says how they follow one another.
 */
export const CERTIFICATE_STATES = CERTIFICATE_STATUSES;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/** A batch is made sealed: it never holds `pending`. */
export type BatchState = Exclude<CertificateState, "pending">;
export const BATCH_STATES = CERTIFICATE_STATES.filter((state): state is BatchState => state !== "pending");

export interface StateMachine<S extends string> {
  name: string;
  /** The state a new record is written in. */
  initial: S;
  transitions: Readonly<Record<S, readonly S[]>>;
}

/** The moves a batch shares with its certificates, from sealing to the chain's confirmation. */
const BATCH_TRANSITIONS = {
  // Signed by the worker, or failed: refused by an approver, or the university cannot issue now.
  batched: ["signed", "failed"],
  // Broadcast; failed when the university or key lost its standing before sending, or the registry
  // refuses it for good; confirmed straight away when the chain already holds its root.
  signed: ["submitted", "confirmed", "failed"],
  // Back to signed when the transaction was lost and must be sent again.
  submitted: ["confirmed", "signed"],
  confirmed: [],
  failed: [],
} as const satisfies Record<BatchState, readonly BatchState[]>;

export const BATCH_MACHINE: StateMachine<BatchState> = {
  name: "batch",
  initial: "batched",
  transitions: BATCH_TRANSITIONS,
};

export const CERTIFICATE_MACHINE: StateMachine<CertificateState> = {
  name: "certificate",
  initial: "pending",
  transitions: {
    ...BATCH_TRANSITIONS,
    pending: ["batched"],
    // Re-sealing a failed batch returns its certificates to pending, for a new batch.
    failed: ["pending"],
  },
};

/** A write that would move a record along a path the state machine does not have: a bug in the server. */
export class StateTransitionError extends Error {
  constructor(machine: string, from: string, to: string) {
    super(`${machine} cannot move from ${from} to ${to}`);
    this.name = "StateTransitionError";
  }
}

export function canMove<S extends string>(machine: StateMachine<S>, from: S, to: S): boolean {
  return (machine.transitions[from] as readonly S[] | undefined)?.includes(to) ?? false;
}

/** Throws StateTransitionError unless `from → to` is a move of the machine. */
export function assertTransition<S extends string>(machine: StateMachine<S>, from: S, to: S): void {
  if (!canMove(machine, from, to)) throw new StateTransitionError(machine.name, from, to);
}

/**
 * The SQL of a guarded status write, `SET ${set} … WHERE … AND ${guard}`, checked against the machine
 * when the statement is prepared: a statement for a move the machine does not have is never built.
 */
export function guardedMove<S extends string>(
  machine: StateMachine<S>,
  from: readonly S[],
  to: S,
): { set: string; guard: string } {
  for (const state of from) assertTransition(machine, state, to);
  return { set: `status = '${to}'`, guard: `status IN (${from.map((state) => `'${state}'`).join(", ")})` };
}
