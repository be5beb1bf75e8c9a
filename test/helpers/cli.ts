import { spawn } from "node:child_process";
import path from "node:path";
import { buildServer } from "../../scripts/lib/server-build";

const ROOT = path.join(__dirname, "..", "..");

export interface CompiledRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they came, interleaved. */
  output: string;
}

/**
 * Runs a command-line entry point of the project as it ships (`source`'s compiled JavaScript in
 * dist/, built once per test process), with `env` as its whole environment, and collects what it printed.
 */
export async function runCompiled(
  source: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CompiledRun> {
  await buildServer();
  const entry = path.join(ROOT, "dist", source.replace(/\.ts$/, ".js"));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const run = { stdout: "", stderr: "", output: "" };
    child.stdout.on("data", (chunk: Buffer) => {
      run.stdout += chunk.toString();
      run.output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      run.stderr += chunk.toString();
      run.output += chunk.toString();
    });
    child.on("close", (code) => resolve({ code, ...run }));
  });
}

/** Runs the `tasdiq` command line as a user would (`npm run tasdiq -- …`), and collects what it prints. */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const { code, output } = await runCompiled("server/cli/tasdiq.ts", args, { ...process.env, ...env });
  return { code, output };
}
