import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { describe, it } from "vitest";
import { writeDemoLogins } from "../../scripts/demo/logins";

const ROOT = path.join(__dirname, "..", "..");

/** `npm run demo:logins` with the demo's data in `dataDir`. */
function printLogins(dataDir: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "scripts/demo/print-logins.ts"], {
    cwd: ROOT,
    env: { ...process.env, TASDIQ_DATA_DIR: dataDir },
    encoding: "utf8",
  });
}

describe("npm run demo:logins", () => {
  it("prints every login npm start wrote, with the password and how addresses are made", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "tasdiq-logins-"));
    const logins = ["admin", "registrar", "approver"].flatMap((role) => [
      { university: "The University of Jordan", email: `${role}@university-of-jordan.demo`, role },
      { university: "Lebanese University", email: `${role}@lebanese-university.demo`, role },
    ]);
    writeDemoLogins(dataDir, logins, "tasdiq-demo-2026");
    const { status, stdout } = printLogins(dataDir);
    expect(status).to.equal(0);
    expect(stdout).to.include("6 staff logins for 2 universities (password for all: tasdiq-demo-2026)");
    for (const login of logins)
      expect(stdout).to.match(new RegExp(`^${login.role} +${login.email} +${login.university}$`, "m"));
    expect(stdout).to.include("The University of Jordan → registrar@university-of-jordan.demo");
  });

  it("says to run npm start first when there is no demo yet", () => {
    const { status, stderr } = printLogins(mkdtempSync(path.join(tmpdir(), "tasdiq-logins-")));
    expect(status).to.equal(1);
    expect(stderr).to.match(/No demo logins in .*demo-logins\.txt yet: run npm start first/);
  });
});
