import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../server/paths";
import { whileLocked } from "./build-lock";

const ROOT = PROJECT_ROOT;
/** Where `npm run build:web` writes the pages. */
export const WEB_DIST = path.join(ROOT, "web", "dist");
const BUILT_PAGE = path.join(WEB_DIST, "v", "index.html");
/** What the built pages are made of: a change to any of these makes the build stale. */
const SOURCES = [path.join(ROOT, "web"), path.join(ROOT, "core"), path.join(ROOT, "package-lock.json")];

function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry)
    .filter((name) => name !== "dist" && name !== "node_modules")
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

const isFresh = (): boolean =>
  existsSync(BUILT_PAGE) && statSync(BUILT_PAGE).mtimeMs >= Math.max(...SOURCES.map(newestChange));

/** Runs `vite build` from the repository's root with the given arguments. */
export async function runVite(args: string[]): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", ...args, "--logLevel", "warn"],
    { cwd: ROOT },
  );
}

/**
 * Builds web/ with Vite (`npm run build:web`) unless web/dist is newer than every source, so npm start,
 * tests and scripts always serve the current pages; callers running in parallel build it once.
 */
export async function buildWebPages(): Promise<string> {
  if (isFresh()) return WEB_DIST;
  await whileLocked("web-build", async () => {
    if (!isFresh()) await runVite(["--config", "web/vite.config.mts"]);
  });
  return WEB_DIST;
}
