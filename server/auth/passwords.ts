import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import type { Database } from "../db/database";
import { storeOf } from "../store";
import { revokeTokensOf } from "./tokens";

/**
 * Password hashing with scrypt, a memory-hard KDF built into Node: N = 2^15, r = 8 uses 32 MiB per
 * hash, which makes offline guessing on GPUs expensive. Parameters are stored with each hash so they
 * can be raised later without invalidating existing passwords.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ["scrypt", N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Sets a new password and ends the sessions the old one opened. The holder's own change keeps their
 * API tokens (integrations go on; they are listed and revocable); an admin's reset makes the password
 * one-time and ends the API tokens too, since a reset usually means the account was lost or exposed.
 */
export async function setPassword(
  db: Database,
  id: number,
  password: string,
  { oneTime }: { oneTime: boolean },
  now: Date,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  const store = storeOf(db);
  store.transaction(() => {
    store.staff.setPassword(id, passwordHash, oneTime);
    revokeTokensOf(db, id, oneTime ? ["session", "api"] : ["session"], now);
  });
}
