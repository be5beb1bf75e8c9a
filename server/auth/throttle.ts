import type { Response } from "express";
import type { Database } from "../db/database";
import { storeOf } from "../store";
import { ApiError } from "../http/errors";

const WINDOW_MS = 15 * 60 * 1000;

/** Failed sign-ins allowed within 15 minutes, per account and per address, before further tries wait. */
export interface SignInLimits {
  perAccount: number;
  perAddress: number;
}

// The email as typed, known or not, so a lock looks the same for an account that does not exist.
const accountSubject = (email: string): string => `account:${email.toLowerCase()}`;
const addressSubject = (address: string): string => `address:${address}`;

/** A sign-in attempt, counted as a failure until its password proves right. */
export interface SignInAttempt {
  /** Takes the attempt back and clears the account's failures (never the address's others). */
  succeeded(): void;
}

/**
 * Answers 429 with Retry-After while the account or the address has used up its failures of the
 * window; only failures count, so colleagues behind one office address never lock each other out by
 * signing in. Checked before the password, so a locked account answers the same whatever is tried.
 * The attempt is counted as failed before its password is checked, so guesses sent all at once
 * cannot all slip in under the limit while the first ones are being checked.
 */
export function beginSignIn(
  db: Database,
  limits: SignInLimits,
  email: string,
  address: string,
  now: Date,
  response: Response,
): SignInAttempt {
  const { signIns } = storeOf(db);
  const unlocksAt = Math.max(
    0,
    ...(
      [
        [accountSubject(email), limits.perAccount],
        [addressSubject(address), limits.perAddress],
      ] as const
    ).map(([subject, limit]) => {
      const oldestCounted = signIns.nthLatestSince(subject, now.getTime() - WINDOW_MS, limit);
      return oldestCounted === undefined ? 0 : oldestCounted + WINDOW_MS;
    }),
  );
  if (unlocksAt > now.getTime()) {
    response.set("Retry-After", String(Math.ceil((unlocksAt - now.getTime()) / 1000)));
    throw new ApiError(429, "TOO_MANY_ATTEMPTS");
  }
  signIns.forgetUntil(now.getTime() - WINDOW_MS);
  signIns.record(accountSubject(email), now.getTime());
  const addressRow = signIns.record(addressSubject(address), now.getTime());
  return {
    // The account's failures all go: a typo now and then never adds up. The address keeps its
    // others, or a guesser could sign in to an account of their own between guesses at others.
    succeeded() {
      signIns.clear(accountSubject(email), addressRow);
    },
  };
}
