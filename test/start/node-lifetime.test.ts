import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { describe, it } from "vitest";
import { freePort } from "../helpers/chain";
import { eventually } from "../helpers/server";

const ROOT = path.join(__dirname, "..", "..");

/** Whether process `pid` still runs (a zombie left for init to reap has stopped). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("a local node started by a process", () => {
  for (const kind of ["hardhat", "anvil"] as const) {
    it(`(${kind}) stops when that process is killed with SIGKILL`, async () => {
      const port = await freePort();
      const script = `require("./scripts/lib/local-node").startLocalNode("${kind}", ${port}).then(() => console.log("up"), (e) => { console.error(e); process.exit(1); }); setInterval(() => {}, 1000);`;
      const owner = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve, reject) => {
        owner.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("up") && resolve());
        owner.once("exit", (code) => reject(new Error(`the owner exited with ${code}`)));
      });
      // The node itself, not the watchdog beside it. Nothing is asked of it after the kill: a node that
      // writes no log line would never notice that its output pipe has gone.
      const children = execFileSync("pgrep", ["-P", String(owner.pid)], { encoding: "utf8" })
        .trim()
        .split("\n")
        .map(Number);
      const node = children.find((pid) => !readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("process.argv[1]"));
      expect(node, "the node process").to.be.a("number");
      owner.kill("SIGKILL");
      await eventually(() => (running(node as number) ? undefined : true), 15_000, "the node to stop");
    });
  }
});
