import { spawn } from "node:child_process";
import path from "node:path";

export interface LocalNode {
  url: string;
  /** Stops the node process itself (not a wrapper), and waits for it to exit. */
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, "..", "..");

/**
 * Starts a Hardhat node on 127.0.0.1:`port` as a child process that we own, so that stopping it
 * really stops the node (killing an `npx` wrapper would leave the node running).
 */
export async function startHardhatNode(port: number, { timeoutMs = 60_000 } = {}): Promise<LocalNode> {
  const cli = require.resolve("hardhat/internal/cli/cli.js", { paths: [ROOT] });
  const child = spawn(process.execPath, [cli, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitForRpc(url, timeoutMs, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw new Error(`Hardhat node on port ${port} did not start: ${(error as Error).message}\n${output}`);
  }
  return { url, stop };
}

/** Resolves once the JSON-RPC endpoint at `url` answers `eth_chainId`. */
export async function waitForRpc(url: string, timeoutMs: number, gaveUp: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gaveUp()) throw new Error("the node process exited");
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
