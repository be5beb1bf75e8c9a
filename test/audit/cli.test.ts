import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Credential } from "../../core";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { issueBatch } from "../helpers/issue";
import { tempIndexFile } from "./helpers";
import { runCompiled } from "../helpers/cli";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run audit -- <args>` as a real process, the way a ministry runs it. */
async function audit(args: string[]): Promise<Run> {
  const { code, stdout, stderr } = await runCompiled("server/audit/cli.ts", args);
  return { code, stdout, stderr };
}

describe("audit CLI, end to end", () => {
  let chain: TestChain;
  let university: TestUniversity;
  let credentials: Credential[];
  let dir: string;
  let chainArgs: string[];
  let today: string;

  beforeAll(async () => {
    chain = await startTestChain();
    university = await accreditUniversity(chain);
    credentials = (await issueBatch(chain, university, fixtureGraduates().slice(0, 3))).credentials;
    await issueBatch(chain, university, fixtureGraduates().slice(3, 5));
    const db = tempIndexFile();
    dir = path.dirname(db);
    const deployment = path.join(dir, "deployment.json");
    writeFileSync(deployment, JSON.stringify(chain.deployment));
    chainArgs = ["--rpc", chain.node.url, "--deployment", deployment, "--db", db];
    today = new Date(((await chain.provider.getBlock("latest"))?.timestamp ?? 0) * 1000).toISOString().slice(0, 10);
  });
  afterAll(async () => {
    await chain?.stop();
  });

  it("syncs the index, prints the figures of a country and writes them as CSV", async () => {
    const csv = path.join(dir, "out.csv");
    const run = await audit([...chainArgs, "--country", "JO", "--from", today, "--to", today, "--csv", csv]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/\d+ new events, blocks \d+–\d+ read/);
    expect(run.stdout).to.include(`Tasdiq audit: Jordan (JO), ${today} to ${today}`);
    for (const heading of [
      "Universities",
      "Certificates anchored per month",
      "Revocations in the period",
      "Suspensions in the period",
      "Anomalies",
    ]) {
      expect(run.stdout).to.include(heading);
    }
    expect(run.stdout).to.include("The University of Jordan");
    const month = today.slice(0, 7);
    const lines = readFileSync(csv, "utf8").split("\r\n");
    expect(lines[0]).to.equal("\uFEFFsection,country,university_id,university,university_ar,date,item,value,detail");
    expect(lines).to.include(
      `anchoring,JO,${university.id},The University of Jordan,الجامعة الأردنية,${month},certificates,5,`,
    );
    expect(lines).to.include(
      `anchoring,JO,${university.id},The University of Jordan,الجامعة الأردنية,${month},batches,2,`,
    );
    expect(lines.filter((line) => line.startsWith("university,"))).to.have.length(1);
  });

  it("resumes from its index on the next run", async () => {
    const run = await audit([...chainArgs, "--country", "jo"]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/: 0 new events, no new block since \d+/);
  });

  it("refuses bad input with a clear message", async () => {
    const country = await audit([...chainArgs, "--country", "FR"]);
    expect([country.code, country.stderr]).to.satisfy(
      ([code, stderr]: [number, string]) => code !== 0 && /unknown country "FR"/.test(stderr),
    );
    const date = await audit([...chainArgs, "--from", "2026-02-30"]);
    expect(date.code).to.not.equal(0);
    expect(date.stderr).to.include('--from "2026-02-30" is not a date written YYYY-MM-DD');
    const order = await audit([...chainArgs, "--from", "2026-03-01", "--to", "2026-02-01"]);
    expect(order.stderr).to.include("is before --from");
    const deployment = await audit([...chainArgs, "--deployment", path.join(dir, "missing.json")]);
    expect([deployment.code, deployment.stderr]).to.satisfy(
      ([code, stderr]: [number, string]) => code === 1 && /cannot read the deployment file/.test(stderr),
    );
  });

  it("reconciles a university's export and exits with 3 when it differs from the chain", async () => {
    const file = path.join(dir, "university.csv");
    const [first] = credentials as [Credential];
    const copier = await accreditUniversity(chain, { operatorIndex: 3 });
    await (await chain.certificateRegistry.connect(copier.operator).anchor(first.proof.root, 1)).wait();
    writeFileSync(file, `id,root,documentHash\n${first.id},${first.proof.root},${first.proof.documentHash}\n`);
    const run = await audit([...chainArgs, "reconcile", "--university", String(university.id), "--export", file]);
    expect(run.code, run.stderr).to.equal(3);
    expect(run.stdout).to.include("Export: 1 certificates in 1 batches.");
    expect(run.stdout).to.include("Chain:  5 certificates in 2 batches anchored by this university.");
    expect(run.stdout).to.include("EXTRA ON CHAIN");
    expect(run.stdout).to.include("What the chain can and cannot tell");
    expect(run.stdout).to.include("the export and the chain differ");
    expect(run.stdout).to.match(
      new RegExp(
        `WARNING: roots of this university anchored by other universities too[^]*${first.proof.root}[^]*│ +${copier.id} +│`,
      ),
    );
    expect(run.stdout).to.include("Other universities anchored some of its roots too");

    const unknown = await audit([...chainArgs, "reconcile", "--university", "42", "--export", file]);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.include("university 42 is not in the issuer registry");
  });
});
