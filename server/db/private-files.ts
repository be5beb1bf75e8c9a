import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * The server's files hold password hashes, token hashes, QR secrets and encrypted keys: only the
 * user running the server may read them. New files are created that way; files left readable by an
 * older version or a loose umask are tightened every time the server opens them.
 */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  chmodSync(dir, FOLDER_MODE);
}

/**
 * Creates a SQLite file (empty) if missing, private in a private folder, and tightens its -wal and
 * -shm if present; SQLite creates those with the database file's own mode, so they stay private.
 */
export function privateDatabaseFile(file: string): void {
  privateFolder(path.dirname(path.resolve(file)));
  closeSync(openSync(file, "a", FILE_MODE));
  for (const companion of [file, `${file}-wal`, `${file}-shm`])
    if (existsSync(companion)) chmodSync(companion, FILE_MODE);
}

/** Makes every folder under `dir` (keystores) private and every file in them readable by the owner only. */
export function privateTree(dir: string): void {
  if (!existsSync(dir)) return;
  privateFolder(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const inside = path.join(dir, entry.name);
    if (entry.isDirectory()) privateTree(inside);
    else if (entry.isFile()) chmodSync(inside, FILE_MODE);
  }
}
