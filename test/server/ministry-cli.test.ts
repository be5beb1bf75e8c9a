import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet, encryptKeystoreJson } from "ethers";
import { afterAll, beforeAll, describe, it } from "vitest";
import { accreditUniversity, developmentWallet, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { runCompiled } from "../helpers/cli";

const PASSWORD = "ministry keystore password";
const JORDAN_MINISTRY = 1;
const EGYPT_MINISTRY = 5;

/** `npm run ministry -- …` as a user runs it, and what it prints. */
async function runMinistryCli(args: string[], password = PASSWORD): Promise<{ code: number | null; output: string }> {
  const { code, output } = await runCompiled("server/cli/ministry.ts", args, {
    ...process.env,
    TASDIQ_KEYSTORE_PASSWORD: password,
  });
  return { code, output };
}

describe("npm run ministry: a ministry's actions from the command line, with its keystore", () => {
  let chain: TestChain;
  let jordan: TestUniversity;
  let cairo: TestUniversity;
  let dir: string;
  let options: (keystore: string) => string[];

  const keystoreOf = async (name: string, privateKey: string): Promise<string> => {
    const wallet = new Wallet(privateKey);
    const file = path.join(dir, `${name}.json`);
    writeFileSync(
      file,
      await encryptKeystoreJson({ address: wallet.address, privateKey }, PASSWORD, { scrypt: { N: 1024 } }),
    );
    return file;
  };
  const accredited = async (id: number): Promise<boolean> => (await chain.issuerRegistry.university(id)).accredited;

  beforeAll(async () => {
    chain = await startTestChain();
    jordan = await accreditUniversity(chain, { ministryIndex: JORDAN_MINISTRY, operatorIndex: 2 });
    const egypt = await chain.account(EGYPT_MINISTRY);
    const names = {
      ar: "وزارة التعليم العالي",
      en: "Ministry of Higher Education",
      fr: "Ministère de l'Enseignement supérieur",
    };
    await (await chain.issuerRegistry.connect(chain.authority).registerMinistry("0x4547", egypt.address, names)).wait();
    const operator = await chain.account(6);
    await (
      await chain.issuerRegistry
        .connect(egypt)
        .accreditUniversity(
          operator.address,
          { ar: "جامعة القاهرة", en: "Cairo University", fr: "Université du Caire" },
          "http://127.0.0.1:2",
        )
    ).wait();
    cairo = { ...jordan, id: Number(await chain.issuerRegistry.universityOf(operator.address)) };
    dir = mkdtempSync(path.join(tmpdir(), "tasdiq-ministry-"));
    const deployment = path.join(dir, "deployment.json");
    writeFileSync(deployment, JSON.stringify(chain.deployment));
    options = (keystore) => ["--keystore", keystore, "--rpc", chain.node.url, "--deployment", deployment];
  }, 120_000);
  afterAll(async () => {
    await chain?.stop();
  });

  it("suspends and reinstates its own university, and lists its universities only", async () => {
    const keystore = await keystoreOf("ministry-JO", developmentWallet(JORDAN_MINISTRY).privateKey);
    const listed = await runMinistryCli([...options(keystore), "universities"]);
    expect(listed.code, listed.output).to.equal(0);
    expect(listed.output).to.include("Ministry of Jordan").and.to.include("The University of Jordan");
    expect(listed.output).to.not.include("Cairo University");

    const suspended = await runMinistryCli([...options(keystore), "suspend", String(jordan.id), "--reason", "audit"]);
    expect(suspended.code, suspended.output).to.equal(0);
    expect(suspended.output).to.match(/Suspended in block \d+: \d+ +The University of Jordan .* suspended/);
    expect(await accredited(jordan.id)).to.equal(false);
    const again = await runMinistryCli([...options(keystore), "suspend", String(jordan.id), "--reason", "audit"]);
    expect(again.code).to.equal(1);
    expect(again.output).to.include(`university ${jordan.id} (The University of Jordan) is already suspended`);

    const reinstated = await runMinistryCli([...options(keystore), "reinstate", String(jordan.id)]);
    expect(reinstated.code, reinstated.output).to.equal(0);
    expect(await accredited(jordan.id)).to.equal(true);
    const twice = await runMinistryCli([...options(keystore), "reinstate", String(jordan.id)]);
    expect(twice.output).to.include("is not suspended");
  }, 120_000);

  it("accredits a university of its country, run by the operator account given", async () => {
    const keystore = await keystoreOf("ministry-JO", developmentWallet(JORDAN_MINISTRY).privateKey);
    const operator = developmentWallet(7).address;
    const result = await runMinistryCli([
      ...options(keystore),
      "accredit",
      "--operator",
      operator,
      "--name-ar",
      "جامعة اليرموك",
      "--name-en",
      "Yarmouk University",
      "--name-fr",
      "Université de Yarmouk",
      "--url",
      "https://certificates.yu.edu.jo",
    ]);
    expect(result.code, result.output).to.equal(0);
    const id = Number(await chain.issuerRegistry.universityOf(operator));
    const record = await chain.issuerRegistry.university(id);
    expect([record.country, record.names.en, record.url, record.accredited]).to.deep.equal([
      "0x4a4f",
      "Yarmouk University",
      "https://certificates.yu.edu.jo",
      true,
    ]);
    expect(result.output).to.include(`Accredited in block`).and.to.include(`${id}  Yarmouk University`);
  }, 120_000);

  it("refuses, with a message, a wrong password, an account that is no ministry, another country's or an unknown university", async () => {
    const keystore = await keystoreOf("ministry-JO", developmentWallet(JORDAN_MINISTRY).privateKey);
    const wrongPassword = await runMinistryCli([...options(keystore), "universities"], "not the password");
    expect(wrongPassword.code).to.equal(1);
    expect(wrongPassword.output).to.include(`ministry: wrong password for the keystore ${keystore}`);

    const stranger = await keystoreOf("stranger", Wallet.createRandom().privateKey);
    const notMinistry = await runMinistryCli([...options(stranger), "universities"]);
    expect(notMinistry.code).to.equal(1);
    expect(notMinistry.output).to.match(/0x[0-9a-fA-F]{40} is not a ministry in the IssuerRegistry/);

    const otherCountry = await runMinistryCli([...options(keystore), "suspend", String(cairo.id), "--reason", "x"]);
    expect(otherCountry.code).to.equal(1);
    expect(otherCountry.output).to.include(
      `university ${cairo.id} (Cairo University) is in EG, not JO: only its own ministry can act on it`,
    );
    expect(await accredited(cairo.id)).to.equal(true);

    const unknown = await runMinistryCli([...options(keystore), "reinstate", "99"]);
    expect(unknown.code).to.equal(1);
    expect(unknown.output).to.include("no university 99 in the IssuerRegistry");
  }, 120_000);
});
