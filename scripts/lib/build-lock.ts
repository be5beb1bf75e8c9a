import { mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../../server/paths";

/** A lock taken by a killed run is taken over after this long. */
const STALE_LOCK_MS = 120_000;

/**
 * Runs `build` while holding a lock named `name` for this repository, so that test files and scripts
 * running in parallel do not write the same build output at once.
 */
export async function whileLocked<T>(name: string, build: () => Promise<T>): Promise<T> {
  const lock = path.join(tmpdir(), `tasdiq-${name}-${Buffer.from(PROJECT_ROOT).toString("hex").slice(-16)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const taken = statSync(lock, { throwIfNoEntry: false });
      if (taken && Date.now() - taken.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
