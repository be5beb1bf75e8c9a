import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, it } from "vitest";
import { loadKeystore, saveKeystore } from "../../server/keys/keystore";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { runCli } from "../helpers/cli";
import { startTestServer } from "../helpers/server";
import type { TestServer } from "../helpers/server";

const ADMIN = "admin@ju.edu.jo";
const PASSWORD = "cli keystore password";
const ADDRESS = /0x[0-9a-fA-F]{40}/;

describe("tasdiq keys: the command line for signer keys", () => {
  let chain: TestChain;
  let jordan: TestUniversity;
  let server: TestServer;

  beforeAll(async () => {
    chain = await startTestChain();
    jordan = await accreditUniversity(chain);
    server = await startTestServer(chain, [jordan], {
      staff: [{ universityId: jordan.id, email: ADMIN, role: "admin" }],
    });
  });
  const chainTime = async (): Promise<number> => (await chain.provider.getBlock("latest"))!.timestamp;
  afterAll(async () => {
    await server?.stop();
    await chain?.stop();
  });

  it("creates a signer keystore and registers its key on chain before a server's first start, once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tasdiq-keys-"));
    const deployment = path.join(dir, "deployment.json");
    writeFileSync(deployment, JSON.stringify(chain.deployment));
    await saveKeystore(dir, jordan.id, "operator", new Wallet(jordan.operatorKey), PASSWORD, 1024);
    const options = [
      "--university",
      String(jordan.id),
      "--dir",
      dir,
      "--rpc",
      chain.node.url,
      "--deployment",
      deployment,
    ];
    const env = { TASDIQ_KEYSTORE_PASSWORD: PASSWORD };

    const created = await runCli(["keys", "create", "--role", "signer", ...options], env);
    expect(created.code, created.output).to.equal(0);
    const signer = await loadKeystore(dir, jordan.id, "signer", PASSWORD);
    expect(created.output).to.include(signer.address);
    expect(await chain.issuerRegistry.wasSignerAt(jordan.id, signer.address, await chainTime())).to.equal(false);

    const registered = await runCli(["keys", "register", ...options], env);
    expect(registered.code, registered.output).to.equal(0);
    expect(registered.output).to.include(`Signer key ${signer.address} registered`);
    expect(await chain.issuerRegistry.wasSignerAt(jordan.id, signer.address, await chainTime())).to.equal(true);
    const again = await runCli(["keys", "register", ...options], env);
    expect(again.output).to.include("already registered");

    const withoutPassword = await runCli(["keys", "register", ...options], { TASDIQ_KEYSTORE_PASSWORD: "" });
    expect(withoutPassword.code).to.equal(1);
    expect(withoutPassword.output).to.include("TASDIQ_KEYSTORE_PASSWORD");
  }, 60_000);

  it("lists the keys and has the running server rotate its key, waiting until the old one is retired", async () => {
    const admin = await server.login(ADMIN);
    const token = (await admin("POST", "/api/tokens", { label: "keys cli", scopes: ["keys"] })).body.token as string;
    const run = (...args: string[]) => runCli(["--server", server.url, "--token", token, "keys", ...args]);
    const before = await run("list");
    expect(before.code, before.output).to.equal(0);
    expect(before.output).to.include(jordan.signer.address);

    const rotated = await run("rotate");
    expect(rotated.code, rotated.output).to.equal(0);
    const newKey = /new signer key (0x[0-9a-fA-F]{40})/.exec(rotated.output)?.[1];
    expect(newKey).to.match(ADDRESS);
    const { body } = await admin("GET", "/api/keys");
    expect(body.currentSigner).to.equal(newKey);
    expect(body.rotation.status).to.equal("done");
    const old = body.signers.find((key: { address: string }) => key.address === jordan.signer.address);
    expect(old.validUntil).to.be.a("number");
    expect(old.validNow).to.equal(false);
    expect(old.current).to.equal(false);

    const stranger = await runCli(["--server", server.url, "--token", "tsq_not-a-token", "keys", "list"]);
    expect(stranger.code).to.equal(1);
    expect(stranger.output).to.match(/tasdiq: [A-Z_]+:/);
  }, 120_000);
});
