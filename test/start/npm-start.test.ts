import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { afterAll, describe, it } from "vitest";
import { freePort } from "../../scripts/lib/ports";
import { apiCall, eventually } from "../helpers/server";

const ROOT = path.join(__dirname, "..", "..");

/** `npm start` as a user runs it, in its own process group so that Ctrl-C reaches every process. */
function npmStart(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGINT");
  await exited;
}

describe("npm start", () => {
  const running: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of running) await stop(child);
  });

  it("brings the system up with demo data, and after a restart every certificate still verifies", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "tasdiq-start-"));
    const [rpcPort, port, ministryPort, mirrorPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const env = {
      TASDIQ_DATA_DIR: dataDir,
      TASDIQ_RPC_PORT: String(rpcPort),
      TASDIQ_PORT: String(port),
      TASDIQ_MINISTRY_PORT: String(ministryPort),
      TASDIQ_MIRROR_PORT: String(mirrorPort),
      TASDIQ_DEPLOYMENT: path.join(dataDir, "deployment.json"),
    };
    const base = `http://127.0.0.1:${port}`;
    const up = async (): Promise<{ child: ChildProcess; output: () => string }> => {
      const started = npmStart(env);
      running.push(started.child);
      await eventually(
        () => (started.output().includes("Press Ctrl-C to stop") ? true : undefined),
        240_000,
        `npm start ready:\n${started.output()}`,
      );
      return started;
    };

    const first = await up();
    expect(first.output()).to.match(/Ready in \d+\.\d s/);
    for (const page of ["/v", "/portal", "/ministry"]) {
      expect(first.output()).to.include(`${base}${page}`);
      const response = await fetch(`${base}${page}`);
      expect(response.status, page).to.equal(200);
      expect(await response.text(), page).to.match(/<script type="module"[^>]+src="\.\.\/assets\//);
    }
    // The ministry's own dashboard, on its own origin, with its policy in the header and in the page.
    const dashboard = await fetch(`http://127.0.0.1:${ministryPort}/`);
    expect(first.output()).to.include(`http://127.0.0.1:${ministryPort}/`);
    expect(dashboard.headers.get("content-security-policy")).to.include(
      `connect-src http://127.0.0.1:${rpcPort} ${base}`,
    );
    expect(await dashboard.text()).to.include('<meta http-equiv="Content-Security-Policy"');
    // The Jordanian ministry's mirror, published on chain, receives the Jordanian universities' certificates.
    const mirrorUrl = `http://127.0.0.1:${mirrorPort}`;
    expect(first.output()).to.include(mirrorUrl);
    await eventually(
      async () => ((await apiCall(mirrorUrl, "GET", "/api/health")).body.credentials > 0 ? true : undefined),
      60_000,
      "the mirror holds the demo's Jordanian certificates",
    );
    const password = /password for all: (\S+)\)/.exec(first.output())?.[1];
    const email = /registrar\s+(\S+@\S+\.demo)/.exec(first.output())?.[1];
    expect(password && email).to.be.a("string");
    const login = await apiCall(base, "POST", "/api/auth/login", { email, password });
    // Every seeded login is listed in the file npm start points to, and each one signs in.
    const listed = readFileSync(path.join(dataDir, "demo-logins.txt"), "utf8");
    const emails = [...listed.matchAll(/^(?:admin|registrar|approver)\s+(\S+@\S+\.demo)\s/gm)].map((m) => m[1]);
    expect(emails).to.have.length(54).and.to.include("registrar@university-of-jordan.demo");
    for (const listedEmail of emails) {
      const signIn = await apiCall(base, "POST", "/api/auth/login", { email: listedEmail, password });
      expect(signIn.status, listedEmail).to.equal(200);
    }
    const auth = { authorization: `Bearer ${login.body.token}` };
    const subject = {
      nameAr: "مريم ءال سعيد",
      nameLatin: "Maryam Al Saeed",
      identifier: "START-1",
      degree: "bachelor",
      programme: { ar: "الأدب العربي", en: "Arabic Literature", fr: "Littérature arabe" },
      graduationDate: "2025-06-28",
      grade: "مقبول",
    };
    const issued = await apiCall(base, "POST", "/api/certificates", { subject }, auth);
    expect(issued.status).to.equal(202);
    // Its QR link comes with its record once anchored.
    const verified = () =>
      eventually(
        async () => {
          const { body: record } = await apiCall(base, "GET", `/api/certificates/${issued.body.id}`, undefined, auth);
          if (record.status !== "confirmed") return undefined;
          const { body } = await apiCall(base, "POST", "/api/verify", { url: record.verifierUrl });
          return body.verdict === "VALID" ? body : undefined;
        },
        60_000,
        "certificate verifies",
      );
    await verified();
    // The server renders PDFs on its worker threads.
    const pdf = await fetch(`${base}/api/certificates/${issued.body.id}/pdf`, { headers: auth });
    expect(pdf.status).to.equal(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).to.equal("%PDF-");
    const demo = await apiCall(base, "GET", "/api/certificates?revoked=true", undefined, auth);
    expect(demo.body.total).to.equal(1);
    await stop(first.child);

    const second = await up();
    expect(second.output()).to.match(/Restored the local chain from its journal \(\d+ blocks replayed\)/);
    expect(second.output()).to.include("Demo data already present");
    const again = await verified();
    expect(again.checks.every((c: { status: string }) => c.status === "VALID")).to.equal(true);
    const relogin = await apiCall(base, "POST", "/api/auth/login", { email, password });
    const list = await apiCall(base, "GET", "/api/certificates", undefined, {
      authorization: `Bearer ${relogin.body.token}`,
    });
    expect(list.body.total).to.equal(4);
    expect(JSON.parse(readFileSync(env.TASDIQ_DEPLOYMENT, "utf8")).chainId).to.equal(31337);
    await stop(second.child);
  }, 600_000);
});
