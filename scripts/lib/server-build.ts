import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../server/paths";
import { whileLocked } from "./build-lock";

/** The compiled server's entry point (`npm run build`). */
const COMPILED_SERVER = path.join(PROJECT_ROOT, "dist", "server", "main.js");

let built: Promise<string> | undefined;

/**
 * Compiles the server and scripts to dist/ as `npm run build` does (the contracts' types must exist:
 * `hardhat compile`), once per process; tsc's build mode skips it when nothing changed since.
 */
export function buildServer(): Promise<string> {
  built ??= whileLocked("server-build", async () => {
    await promisify(execFile)(
      process.execPath,
      [path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.build.json"],
      { cwd: PROJECT_ROOT },
    );
    return COMPILED_SERVER;
  });
  return built;
}
