import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Wallet, encryptKeystoreJson } from "ethers";
import { keyRingFrom } from "./keyring";
import type { KeyRing } from "./keyring";

export type KeyRole = "operator" | "signer";

export function keystorePath(dir: string, universityId: number, role: KeyRole): string {
  return path.join(dir, `university-${universityId}`, `${role}.json`);
}

/**
 * Writes `wallet` as an encrypted JSON keystore (scrypt). `scryptN` may be lowered for throw-away demo
 * keys only; production keystores keep ethers' default.
 */
export async function saveKeystore(dir: string, universityId: number, role: KeyRole, wallet: Wallet, password: string, scryptN?: number): Promise<string> {
  const file = keystorePath(dir, universityId, role);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const account = { address: wallet.address, privateKey: wallet.privateKey };
  const json = await encryptKeystoreJson(account, password, scryptN ? { scrypt: { N: scryptN } } : {});
  await writeFile(file, json, { mode: 0o600 });
  return file;
}

export async function loadKeystore(dir: string, universityId: number, role: KeyRole, password: string): Promise<Wallet> {
  const json = await readFile(keystorePath(dir, universityId, role), "utf8");
  const wallet = await Wallet.fromEncryptedJson(json, password);
  return new Wallet(wallet.privateKey);
}

/** Loads the operator and signer keystores of every university this server hosts. */
export async function loadKeyRing(dir: string, password: string, universityIds: readonly number[]): Promise<KeyRing> {
  const pairs = await Promise.all(
    universityIds.map(async (id) => [id, { operator: await loadKeystore(dir, id, "operator", password), signer: await loadKeystore(dir, id, "signer", password) }] as const),
  );
  return keyRingFrom(new Map(pairs));
}
