import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import path from "node:path";
import { PROJECT_ROOT } from "../../server/paths";

export interface LocalNode {
  url: string;
  /** Stops the node process itself (not a wrapper), and waits for it to exit. */
  stop(): Promise<void>;
}

const ROOT = PROJECT_ROOT;
/** The node's own configuration: its network only, without TypeScript and the toolbox's plugins. */
const NODE_CONFIG = path.join(ROOT, "scripts", "lib", "hardhat-node.config.cjs");

/**
 * Starts a Hardhat node on 127.0.0.1:`port` as a child process that we own, so that stopping it
 * really stops the node (killing an `npx` wrapper would leave the node running).
 */
export async function startHardhatNode(port: number, { timeoutMs = 60_000 } = {}): Promise<LocalNode> {
  const cli = require.resolve("hardhat/internal/cli/cli.js", { paths: [ROOT] });
  return startNodeProcess(
    process.execPath,
    [cli, "--config", NODE_CONFIG, "node", "--hostname", "127.0.0.1", "--port", String(port)],
    port,
    timeoutMs,
  );
}

/** The platform binary that the npm package `@foundry-rs/anvil` installs. */
function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const manifest = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`, { paths: [ROOT] });
  return path.join(path.dirname(manifest), "bin", "anvil");
}

/**
 * Starts Foundry's anvil, an independent EVM node implementation, with the same development accounts
 * and chain id as a Hardhat node, so the same contracts and checks can be run against both.
 */
export async function startAnvilNode(port: number, { timeoutMs = 60_000 } = {}): Promise<LocalNode> {
  return startNodeProcess(
    anvilBinary(),
    ["--host", "127.0.0.1", "--port", String(port), "--chain-id", "31337", "--accounts", "20", "--silent"],
    port,
    timeoutMs,
  );
}

export type NodeKind = "hardhat" | "anvil";

export function startLocalNode(kind: NodeKind, port: number): Promise<LocalNode> {
  return kind === "anvil" ? startAnvilNode(port) : startHardhatNode(port);
}

/**
 * A watchdog run beside the node: it holds the read end of a pipe from this process, which the kernel
 * closes however this process dies (`kill -9` included), and then stops the node. It leaves by itself
 * once the node has exited.
 */
const WATCHDOG = `
const pid = Number(process.argv[1]);
const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
const reap = () => {
  try { process.kill(pid, "SIGTERM"); } catch {}
  setTimeout(() => { try { process.kill(pid, "SIGKILL"); } catch {} }, 5000);
};
process.stdin.on("end", reap).on("error", reap).resume();
setInterval(() => { if (!alive()) process.exit(0); }, 200);
`;

/** Ties `child` to this process: when this process dies, however it dies, the child is stopped. */
function stopWithParent(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const watchdog = spawn(process.execPath, ["-e", WATCHDOG, String(child.pid)], {
    stdio: ["pipe", "ignore", "ignore"],
  });
  watchdog.unref();
  (watchdog.stdin as unknown as Socket).unref();
}

async function startNodeProcess(command: string, args: string[], port: number, timeoutMs: number): Promise<LocalNode> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  stopWithParent(child);
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
    throw new Error(
      `${path.basename(command)} node on port ${port} did not start: ${(error as Error).message}\n${output}`,
    );
  }
  return { url, stop };
}

/** Resolves once the JSON-RPC endpoint at `url` answers `eth_chainId`. */
async function waitForRpc(url: string, timeoutMs: number, gaveUp: () => boolean = () => false): Promise<void> {
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
