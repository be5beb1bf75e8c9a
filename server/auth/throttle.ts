import type { Response } from "express";
import type { Database } from "../db/database";
import { ApiError } from "../http/errors";

const WINDOW_MS = 15 * 60 * 1000;

/** Failed sign-ins allowed within 15 minutes, per account and per address, before further tries wait. */
export interface SignInLimits {
  perAccount: number;
  perAddress: number;
}

const TOO_MANY_FAILURES = {
  ar: "محاولات دخول فاشلة كثيرة. انتظر قليلًا ثم أعد المحاولة.",
  en: "Too many failed sign-in attempts. Wait a while and try again.",
  fr: "Trop de tentatives de connexion échouées. Patientez puis réessayez.",
};

// The email as typed, known or not, so a lock looks the same for an account that does not exist.
const accountSubject = (email: string): string => `account:${email.toLowerCase()}`;
const addressSubject = (address: string): string => `address:${address}`;

/**
 * Answers 429 with Retry-After while the account or the address has used up its failures of the
 * window; only failures count, so colleagues behind one office address never lock each other out by
 * signing in. Checked before the password, so a locked account answers the same whatever is tried.
 */
export function refuseWhileLocked(db: Database, limits: SignInLimits, email: string, address: string, now: Date, response: Response): void {
  const unlocksAt = Math.max(
    0,
    ...([[accountSubject(email), limits.perAccount], [addressSubject(address), limits.perAddress]] as const).map(([subject, limit]) => {
      const oldestCounted = db
        .prepare("SELECT at FROM sign_in_failures WHERE subject = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?")
        .pluck()
        .get(subject, now.getTime() - WINDOW_MS, limit - 1) as number | undefined;
      return oldestCounted === undefined ? 0 : oldestCounted + WINDOW_MS;
    }),
  );
  if (unlocksAt <= now.getTime()) return;
  response.set("Retry-After", String(Math.ceil((unlocksAt - now.getTime()) / 1000)));
  throw new ApiError(429, "TOO_MANY_ATTEMPTS", TOO_MANY_FAILURES);
}

/** Counts a wrong password against the account and the address, and forgets failures older than the window. */
export function recordFailure(db: Database, email: string, address: string, now: Date): void {
  const insert = db.prepare("INSERT INTO sign_in_failures (subject, at) VALUES (?, ?)");
  for (const subject of [accountSubject(email), addressSubject(address)]) insert.run(subject, now.getTime());
  db.prepare("DELETE FROM sign_in_failures WHERE at <= ?").run(now.getTime() - WINDOW_MS);
}

/**
 * A success clears the account's failures, never the address's: otherwise a guesser could sign in to
 * an account of their own between guesses at others and never be slowed down.
 */
export function clearAccountFailures(db: Database, email: string): void {
  db.prepare("DELETE FROM sign_in_failures WHERE subject = ?").run(accountSubject(email));
}
