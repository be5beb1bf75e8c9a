import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, it } from "vitest";
import { signAndQueueBatch, sealPendingCertificates } from "../../server/anchoring/batching";
import { openDatabase } from "../../server/db/database";
import { keyRingFrom } from "../../server/keys/keyring";
import { keystorePath, loadKeystore, signerKeystorePath, writeKeystore } from "../../server/keys/keystore";
import { advanceSignerRotations } from "../../server/keys/rotation";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { KEYSTORE_PASSWORD, apiCall, confirmedCertificate, eventually } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";
import { startServerWorld } from "../helpers/server-world";
import type { ServerWorld } from "../helpers/server-world";

const ADMIN = "admin@ju.edu.jo";
const OTHER_ADMIN = "admin@yu.edu.jo";

/** Signer key management against a real Hardhat node: listing, rotation, and the old key's safe retirement. */
describe("signer keys: GET /api/keys and POST /api/keys/rotate", () => {
  let world: ServerWorld;
  let chain: TestChain;
  let server: TestServer;
  let jordan: TestUniversity;
  let yarmouk: TestUniversity;
  let admin: Api;
  const graduates = fixtureGraduates();

  beforeAll(async () => {
    world = await startServerWorld({
      universities: 2,
      staff: [
        { university: 0, email: ADMIN, role: "admin" },
        { university: 0, email: "registrar@ju.edu.jo", role: "registrar" },
        { university: 0, email: "approver@ju.edu.jo", role: "approver" },
        { university: 1, email: OTHER_ADMIN, role: "admin" },
      ],
    });
    ({ chain, server } = world);
    [jordan, yarmouk] = world.universities as [TestUniversity, TestUniversity];
    [admin] = world.staff as [Api];
  });
  afterAll(() => world?.stop());

  const signerWindow = async (university: TestUniversity, key: string) =>
    chain.issuerRegistry.signerKey(university.id, key);
  const rotationOf = async (api: Api) => (await api("GET", "/api/keys")).body.rotation;
  const verdict = async (credential: unknown) =>
    (await apiCall(server.url, "POST", "/api/verify", { credential })).body.verdict;

  it("lists the university's signer keys as the chain records them, the one in use and the operator, and no private key", async () => {
    const { status, body } = await admin("GET", "/api/keys");
    expect(status).to.equal(200);
    expect(body.operator).to.equal(jordan.identity.operator);
    expect(body.currentSigner).to.equal(jordan.signer.address);
    expect(body.signers).to.have.length(1);
    const [key] = body.signers;
    const window = await signerWindow(jordan, jordan.signer.address);
    expect(key).to.deep.equal({
      address: jordan.signer.address,
      validFrom: Number(window.validFrom),
      validUntil: null,
      validNow: true,
      current: true,
    });
    expect(body.rotation).to.equal(null);
    expect(JSON.stringify(body).toLowerCase()).to.not.include(jordan.signer.privateKey.slice(2).toLowerCase());
  });

  it("rotates: the new key is registered and signs new batches; the old key is revoked only after its last batch is anchored", async () => {
    const oldKey = jordan.signer.address;
    // A batch signed with the old key whose anchoring transaction the outbox has postponed (as after
    // an RPC refusal): the old key must outlive it.
    await server.worker.stop();
    const before = await admin("POST", "/api/certificates", { subject: graduates[0] });
    const [batchId] = await sealPendingCertificates(
      server.context.db,
      jordan.id,
      { batchSize: 1000, approvalThreshold: null },
      new Date(),
    );
    const root = server.context.db.prepare("SELECT root, count FROM batches WHERE id = ?").get(batchId) as {
      root: `0x${string}`;
      count: number;
    };
    await signAndQueueBatch(
      server.context.db,
      chain.deployment,
      { id: batchId!, universityId: jordan.id, ...root },
      server.context.keys!.ring.signer(jordan.id),
      new Date(),
    );
    const postpone = server.context.db.prepare(
      "UPDATE chain_transactions SET attempts = ?, updated_at = ? WHERE kind = 'anchor' AND ref_id = ?",
    );
    postpone.run(20, Date.now(), batchId);
    server.worker.start();

    const rotated = await admin("POST", "/api/keys/rotate", {});
    expect(rotated.status).to.equal(202);
    expect(rotated.body).to.include({ oldSigner: oldKey, status: "registering" });
    const newKey: string = rotated.body.newSigner;
    expect(newKey).to.not.equal(oldKey);

    await eventually(
      async () => ((await rotationOf(admin)).status === "switched" ? true : undefined),
      20_000,
      "rotation switched",
    );
    expect(Number((await signerWindow(jordan, newKey)).validFrom)).to.be.above(0);
    const listed = (await admin("GET", "/api/keys")).body;
    expect(listed.currentSigner).to.equal(newKey);
    expect(listed.signers.map((k: { address: string; current: boolean }) => [k.address, k.current])).to.deep.equal([
      [oldKey, false],
      [newKey, true],
    ]);
    expect(
      (await loadKeystore(server.context.keys!.keystore.dir, jordan.id, "signer", KEYSTORE_PASSWORD)).address,
    ).to.equal(newKey);

    const after = await admin("POST", "/api/certificates", { subject: graduates[1] });
    const afterRecord = await confirmedCertificate(admin, after.body.id);
    expect(afterRecord.credential.proof.signer).to.equal(newKey);
    // The old key's batch is still unanchored: the old key stays valid, whatever else gets anchored.
    expect((await rotationOf(admin)).status).to.equal("switched");
    expect((await signerWindow(jordan, oldKey)).validUntil).to.equal(0n);

    postpone.run(0, 0, batchId);
    const beforeRecord = await confirmedCertificate(admin, before.body.id);
    await eventually(
      async () => ((await rotationOf(admin)).status === "done" ? true : undefined),
      20_000,
      "old key revoked",
    );
    const revokedFrom = Number((await signerWindow(jordan, oldKey)).validUntil);
    const anchoredAt = server.context.db
      .prepare("SELECT anchored_at FROM batches WHERE id = ?")
      .pluck()
      .get(batchId) as number;
    expect(revokedFrom).to.be.above(anchoredAt);
    expect((await admin("GET", "/api/keys")).body.signers[0]).to.include({
      address: oldKey,
      validUntil: revokedFrom,
      validNow: false,
    });

    expect(await verdict(beforeRecord.credential)).to.equal("VALID");
    expect(await verdict(afterRecord.credential)).to.equal("VALID");
  }, 90_000);

  it("refuses a second rotation while the first one's key is not registered, then keeps the replaced keystore as a backup", async () => {
    await server.worker.stop();
    const first = await admin("POST", "/api/keys/rotate");
    expect(first.status).to.equal(202);
    const second = await admin("POST", "/api/keys/rotate");
    expect(second.status).to.equal(409);
    expect(second.body.error.code).to.equal("ROTATION_IN_PROGRESS");
    server.worker.start();
    await eventually(
      async () => ((await rotationOf(admin)).status === "done" ? true : undefined),
      20_000,
      "second rotation done",
    );
    const { dir } = server.context.keys!.keystore;
    expect(existsSync(signerKeystorePath(dir, jordan.id, first.body.oldSigner))).to.equal(true);
    expect(existsSync(signerKeystorePath(dir, jordan.id, first.body.newSigner))).to.equal(false);
    expect(existsSync(keystorePath(dir, jordan.id, "signer"))).to.equal(true);
  }, 60_000);

  it("is for admins only, and each admin sees and rotates only their own university's keys", async () => {
    for (const email of ["registrar@ju.edu.jo", "approver@ju.edu.jo"]) {
      const staff = await server.login(email);
      expect((await staff("GET", "/api/keys")).status).to.equal(403);
      expect((await staff("POST", "/api/keys/rotate")).status).to.equal(403);
    }
    expect((await apiCall(server.url, "GET", "/api/keys")).status).to.equal(401);

    const ours = (await admin("GET", "/api/keys")).body;
    const other = await server.login(OTHER_ADMIN);
    const theirs = (await other("GET", "/api/keys")).body;
    expect(theirs.operator).to.equal(yarmouk.identity.operator);
    expect(theirs.signers.map((k: { address: string }) => k.address)).to.deep.equal([yarmouk.signer.address]);
    expect(JSON.stringify(theirs)).to.not.include(ours.currentSigner);

    const rotated = await other("POST", "/api/keys/rotate");
    expect(rotated.status).to.equal(202);
    expect(rotated.body.oldSigner).to.equal(yarmouk.signer.address);
    await eventually(
      async () => ((await rotationOf(other)).status === "done" ? true : undefined),
      20_000,
      "other university's rotation done",
    );
    const oursAfter = (await admin("GET", "/api/keys")).body;
    expect(oursAfter.currentSigner).to.equal(ours.currentSigner);
    expect(oursAfter.signers).to.deep.equal(ours.signers);
    expect(oursAfter.rotation.id).to.equal(ours.rotation.id);
  }, 60_000);

  it("refuses bad input with 400 and says which part", async () => {
    const unknownField = await admin("POST", "/api/keys/rotate", { key: "0x0000000000000000000000000000000000000001" });
    expect(unknownField.status).to.equal(400);
    expect(unknownField.body.error.code).to.equal("VALIDATION_FAILED");
    expect(unknownField.body.error.details[0].code).to.equal("unrecognized_keys");
    expect((await admin("POST", "/api/keys/rotate", "{not json")).status).to.equal(400);
    expect((await admin("POST", "/api/keys/rotate", [])).status).to.equal(400);
    expect((await rotationOf(admin)).status).to.equal("done");
  });
});

/** The worker's rotation steps on a real SQLite file and real keystores, resumed after a crash at each point. */
describe("signer key rotation after a crash", () => {
  const UNIVERSITY = 1;
  const randomWallet = (): Wallet => new Wallet(Wallet.createRandom().privateKey);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "tasdiq-rotation-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A server whose rotation from `old` to `next` was confirmed on chain, then stopped at `crash`. */
  async function stoppedRotation(
    name: string,
    crash: "before the file moves" | "between the file moves" | "after the file moves",
  ) {
    const keystore = { dir: path.join(dir, name), password: KEYSTORE_PASSWORD };
    const [old, next] = [randomWallet(), randomWallet()];
    const current = await writeKeystore(keystorePath(keystore.dir, UNIVERSITY, "signer"), old, keystore.password);
    const staged = await writeKeystore(
      signerKeystorePath(keystore.dir, UNIVERSITY, next.address),
      next,
      keystore.password,
    );
    if (crash !== "before the file moves")
      copyFileSync(current, signerKeystorePath(keystore.dir, UNIVERSITY, old.address));
    if (crash === "after the file moves") renameSync(staged, current);
    const db = openDatabase(path.join(dir, `${name}.sqlite`));
    db.prepare(
      "INSERT INTO universities (id, country, name_ar, name_en, name_fr, operator, created_at) VALUES (?, 'JO', 'ج', 'U', 'U', ?, 0)",
    ).run(UNIVERSITY, randomWallet().address);
    db.prepare(
      "INSERT INTO signer_rotations (university_id, old_signer, new_signer, status, created_at, updated_at) VALUES (?, ?, ?, 'registered', 0, 0)",
    ).run(UNIVERSITY, old.address, next.address);
    // As a restarted server loads it: from the signer keystore as the crash left it.
    const ring = keyRingFrom(
      new Map([
        [
          UNIVERSITY,
          {
            operator: randomWallet(),
            signer: await loadKeystore(keystore.dir, UNIVERSITY, "signer", keystore.password),
          },
        ],
      ]),
    );
    return { db, ring, keystore, old, next };
  }

  for (const crash of ["before the file moves", "between the file moves", "after the file moves"] as const) {
    it(`switches to the new key and keeps the old keystore when stopped ${crash}`, async () => {
      const { db, ring, keystore, old, next } = await stoppedRotation(crash.replaceAll(" ", "-"), crash);
      await advanceSignerRotations(db, ring, keystore, new Date());
      expect(ring.signer(UNIVERSITY).address).to.equal(next.address);
      expect((await loadKeystore(keystore.dir, UNIVERSITY, "signer", keystore.password)).address).to.equal(
        next.address,
      );
      expect(existsSync(signerKeystorePath(keystore.dir, UNIVERSITY, old.address))).to.equal(true);
      expect(existsSync(signerKeystorePath(keystore.dir, UNIVERSITY, next.address))).to.equal(false);
      db.close();
    }, 30_000);
  }

  it("queues the old key's revocation once, and only when its last batch is anchored", async () => {
    const { db, ring, keystore, old } = await stoppedRotation("waiting", "after the file moves");
    const batch = db
      .prepare(
        "INSERT INTO batches (university_id, status, count, root, signer, created_at, updated_at) VALUES (?, 'submitted', 1, ?, ?, 0, 0)",
      )
      .run(UNIVERSITY, `0x${"11".repeat(32)}`, old.address).lastInsertRowid;
    const state = () => db.prepare("SELECT status FROM signer_rotations").pluck().get();
    const revocations = () =>
      db.prepare("SELECT COUNT(*) FROM chain_transactions WHERE kind = 'revoke_signer'").pluck().get();
    await advanceSignerRotations(db, ring, keystore, new Date());
    expect([state(), revocations()]).to.deep.equal(["switched", 0]);
    db.prepare("UPDATE batches SET status = 'confirmed' WHERE id = ?").run(batch);
    await advanceSignerRotations(db, ring, keystore, new Date());
    await advanceSignerRotations(db, ring, keystore, new Date());
    expect([state(), revocations()]).to.deep.equal(["revoking", 1]);
    db.close();
  }, 30_000);
});
