import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** Runs the `tasdiq` command line as a user would (`npm run tasdiq -- …`), and collects what it prints. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "server/cli/tasdiq.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}
