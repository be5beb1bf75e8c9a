import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Vitest's global setup: a folder where test helpers note the process ids of the servers they spawn,
 * and a teardown that kills whatever a failed or interrupted test left running. Test workers can be
 * killed before their own clean-up runs, and a server process does not die with its parent.
 */
export default function setup(): () => void {
  const folder = mkdtempSync(path.join(tmpdir(), "tasdiq-test-processes-"));
  process.env.TASDIQ_TEST_PROCESSES = folder;
  return () => {
    for (const pid of readdirSync(folder)) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    rmSync(folder, { recursive: true, force: true });
  };
}
