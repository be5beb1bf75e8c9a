import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { Wallet, encryptKeystoreJson } from "ethers";
import { keyRingFrom } from "./keyring";
import type { KeyRing } from "./keyring";

export type KeyRole = "operator" | "signer";

/** Where a server keeps its keystores and the password that decrypts them. */
export interface KeystoreSettings {
  dir: string;
  password: string;
}

/** The keystore in use for `role`: the operator account, or the key that signs new batches. */
export function keystorePath(dir: string, universityId: number, role: KeyRole): string {
  return path.join(dir, `university-${universityId}`, `${role}.json`);
}

/** A signer keystore not in use, named by its address: a new key waiting to be switched in, or a retired one kept as backup. */
export function signerKeystorePath(dir: string, universityId: number, address: string): string {
  return path.join(dir, `university-${universityId}`, `signer-${address}.json`);
}

/**
 * Writes `wallet` as an encrypted JSON keystore (scrypt) and flushes it to disk before returning, so
 * a key is never registered anywhere while it could still be lost in a crash. `scryptN` may be
 * lowered for throw-away demo keys only; production keystores keep ethers' default.
 */
export async function writeKeystore(file: string, wallet: Wallet, password: string, scryptN?: number): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const account = { address: wallet.address, privateKey: wallet.privateKey };
  const json = await encryptKeystoreJson(account, password, scryptN ? { scrypt: { N: scryptN } } : {});
  const handle = await open(file, "w", 0o600);
  try {
    await handle.writeFile(json);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return file;
}

export function saveKeystore(
  dir: string,
  universityId: number,
  role: KeyRole,
  wallet: Wallet,
  password: string,
  scryptN?: number,
): Promise<string> {
  return writeKeystore(keystorePath(dir, universityId, role), wallet, password, scryptN);
}

export async function loadKeystore(
  dir: string,
  universityId: number,
  role: KeyRole,
  password: string,
): Promise<Wallet> {
  const json = await readFile(keystorePath(dir, universityId, role), "utf8");
  const wallet = await Wallet.fromEncryptedJson(json, password);
  return new Wallet(wallet.privateKey);
}

/** Loads the operator and signer keystores of every university this server hosts. */
export async function loadKeyRing(dir: string, password: string, universityIds: readonly number[]): Promise<KeyRing> {
  const pairs = await Promise.all(
    universityIds.map(
      async (id) =>
        [
          id,
          {
            operator: await loadKeystore(dir, id, "operator", password),
            signer: await loadKeystore(dir, id, "signer", password),
          },
        ] as const,
    ),
  );
  return keyRingFrom(new Map(pairs));
}
