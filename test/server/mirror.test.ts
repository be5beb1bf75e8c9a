import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect } from "chai";
import { Wallet } from "ethers";
import type { HDNodeWallet } from "ethers";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  VerifierProblem,
  decodeVerifierUrl,
  fetchLinkedCredential,
  readMirrors,
  signMirrorPush,
  verdictOf,
} from "../../core";
import type { MirrorEntry } from "../../core";
import { storeOf } from "../../server/store";
import type { TestUniversity } from "../helpers/chain";
import { fixtureGraduates } from "../helpers/graduates";
import { startTestMirror } from "../helpers/mirror";
import type { TestMirror } from "../helpers/mirror";
import { apiCall, confirmedCertificate, eventually, startTestServer } from "../helpers/server";
import type { Api, TestServer } from "../helpers/server";
import { startServerWorld } from "../helpers/server-world";
import type { ServerWorld } from "../helpers/server-world";
import { runCompiled } from "../helpers/cli";

const REGISTRAR = "registrar@ju.edu.jo";
/** Nothing listens there: a university server that is gone. */
const GONE = "http://127.0.0.1:1";

let world: ServerWorld;
let university: TestUniversity;
let other: TestUniversity;
let registrar: Api;
let jordanMirror: TestMirror;
let alecsoMirror: TestMirror;
let egyptMirror: TestMirror;
/** The verifier link of a certificate issued while every mirror was up. */
let link: string;
/** A folder for the command line's deployment file. */
let dir: string;

async function issue(index: number): Promise<{ id: string; verifierUrl: string }> {
  const issued = await registrar("POST", "/api/certificates", { subject: fixtureGraduates()[index] });
  expect(issued.status).to.equal(202);
  const record = await confirmedCertificate(registrar, issued.body.id as string);
  return { id: issued.body.id as string, verifierUrl: record.verifierUrl as string };
}

/** What a mirror serves for a credential of the world's university: status and envelope. */
async function mirrored(mirror: TestMirror, id: string): Promise<{ status: number; body: any }> {
  return apiCall(mirror.url, "GET", `/universities/${university.id}/api/public/credentials/${id}`);
}

/** Alters the ciphertext a mirror keeps for credential `id`, as a mirror that lies would serve it. */
function tamper(mirror: TestMirror, id: string): void {
  const db = new Database(mirror.dbFile);
  const row = db.prepare("SELECT envelope FROM mirrored_credentials WHERE credential_id = ?").get(id) as {
    envelope: string;
  };
  const envelope = JSON.parse(row.envelope) as { ciphertext: string };
  const c = envelope.ciphertext;
  envelope.ciphertext = `${c.slice(0, 10)}${c[10] === "A" ? "B" : "A"}${c.slice(11)}`;
  db.prepare("UPDATE mirrored_credentials SET envelope = ? WHERE credential_id = ?").run(JSON.stringify(envelope), id);
  db.close();
}

/** Runs `npm run verify -- --json` as another system would, against the world's chain. */
async function verifyWithCli(input: string): Promise<any> {
  const deploymentFile = path.join(dir, "deployment.json");
  writeFileSync(deploymentFile, JSON.stringify(world.chain.deployment));
  const { TASDIQ_VERIFIER_CONFIG: _c, TASDIQ_RPC_URL: _r, TASDIQ_DEPLOYMENT: _d, ...env } = process.env;
  const args = ["--rpc", world.chain.node.url, "--deployment", deploymentFile, "--json", input];
  const { stdout } = await runCompiled("server/cli/verify.ts", args, env);
  return JSON.parse(stdout);
}

/** Core's search from a link, as the verifier page runs it, with the standard fetch. */
function findLinked(verifierUrl: string) {
  const { chain } = world;
  return fetchLinkedCredential(
    decodeVerifierUrl(verifierUrl),
    chain.verifyOptions().chainReader(chain.deployment),
    fetch,
    {
      mirrors: () => readMirrors(chain.provider, chain.deployment),
      verify: chain.verifyOptions(),
    },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "tasdiq-mirror-test-"));
  world = await startServerWorld({
    universities: 2,
    staff: [{ university: 0, email: REGISTRAR, role: "registrar" }],
    mirrors: { retryMaxMs: 300 },
  });
  [university, other] = world.universities as [TestUniversity, TestUniversity];
  [registrar] = world.staff as [Api];
  const { chain } = world;
  await (await chain.issuerRegistry.connect(university.operator).setUniversityUrl(world.server.url)).wait();
  jordanMirror = await startTestMirror(chain, await chain.account(1), "JO");
  alecsoMirror = await startTestMirror(chain, chain.authority, null);
  // Run for Egypt's ministry, which has none on this chain: never published, only pushed to by hand.
  egyptMirror = await startTestMirror(chain, null, "EG");
  link = (await issue(0)).verifierUrl;
}, 120_000);

afterAll(async () => {
  await Promise.all([jordanMirror?.stop(), alecsoMirror?.stop(), egyptMirror?.stop()]);
  await world?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("mirrors of stored credentials", () => {
  it("receive each credential the university publishes, exactly as its server serves it", async () => {
    const { credentialId } = decodeVerifierUrl(link);
    const own = await apiCall(world.server.url, "GET", `/api/public/credentials/${credentialId}`);
    for (const mirror of [jordanMirror, alecsoMirror]) {
      const copy = await eventually(async () => {
        const answer = await mirrored(mirror, credentialId);
        return answer.status === 200 ? answer : undefined;
      });
      expect(copy.body).to.deep.equal(own.body);
    }
    expect((await mirrored(egyptMirror, credentialId)).status).to.equal(404);
  });

  it("catch up after being down while certificates were issued", async () => {
    await jordanMirror.halt();
    const { id } = await issue(1);
    const backlog = () => storeOf(world.server.context.db).mirrorPushes.backlog(jordanMirror.url, university.id);
    // The ALECSO mirror, up, has it; the server keeps what it owes the one that is down.
    await eventually(async () => ((await mirrored(alecsoMirror, id)).status === 200 ? true : undefined));
    expect(backlog()).to.be.greaterThan(0);
    await jordanMirror.start();
    await eventually(async () => ((await mirrored(jordanMirror, id)).status === 200 ? true : undefined), 20_000);
    await eventually(() => (backlog() === 0 ? true : undefined));
  });

  describe("accept pushes only from the university they belong to", () => {
    const entry = async (): Promise<MirrorEntry> => {
      const { credentialId } = decodeVerifierUrl(link);
      const { body } = await apiCall(world.server.url, "GET", `/api/public/credentials/${credentialId}`);
      return { credentialId, version: 1_000_000, encrypted: body.encrypted };
    };
    const push = async (mirror: TestMirror, universityId: number, key: Wallet | HDNodeWallet, body?: string) => {
      const signed = await signMirrorPush(key, world.chain.deployment, {
        universityId,
        signedAt: Date.now(),
        entries: [await entry()],
      });
      return apiCall(mirror.url, "POST", "/api/pushes", body ?? JSON.stringify(signed));
    };

    it("refuses a push signed by another university's operator, or by a stranger", async () => {
      for (const key of [new Wallet(other.operatorKey as string), Wallet.createRandom()]) {
        const answer = await push(jordanMirror, university.id, key);
        expect(answer.status).to.equal(403);
        expect(answer.body.error.code).to.equal("MIRROR_PUSH_NOT_OPERATOR");
      }
    });

    it("refuses a push of a university of another country than the mirror's ministry", async () => {
      const answer = await push(egyptMirror, university.id, new Wallet(university.operatorKey as string));
      expect(answer.status).to.equal(403);
      expect(answer.body.error.code).to.equal("MIRROR_WRONG_COUNTRY");
    });

    it("refuses a push of a university that is not accredited now", async () => {
      const { chain } = world;
      await (await chain.issuerRegistry.connect(await chain.account(1)).suspendUniversity(other.id, "audit")).wait();
      // The mirror's reader keeps a university's record for a few seconds.
      const answer = await eventually(async () => {
        const refused = await push(alecsoMirror, other.id, new Wallet(other.operatorKey as string));
        return refused.status === 200 ? undefined : refused;
      });
      expect(answer.status).to.equal(403);
      expect(answer.body.error.code).to.equal("MIRROR_UNIVERSITY_NOT_ACCREDITED");
    });

    it("keeps only a later version of a credential: a replayed older push changes nothing", async () => {
      const key = new Wallet(university.operatorKey as string);
      const later = await entry();
      const older = { ...later, version: 2, encrypted: { ...later.encrypted, iv: "AAAAAAAAAAAAAAAA" } };
      const send = async (e: MirrorEntry) =>
        apiCall(
          alecsoMirror.url,
          "POST",
          "/api/pushes",
          await signMirrorPush(key, world.chain.deployment, {
            universityId: university.id,
            signedAt: Date.now(),
            entries: [e],
          }),
        );
      expect((await send(later)).body).to.deep.equal({ kept: 1 });
      expect((await send(older)).body).to.deep.equal({ kept: 0 });
      expect((await mirrored(alecsoMirror, later.credentialId)).body.encrypted).to.deep.equal(later.encrypted);
    });

    it("refuses a body beyond its limit, and one that is not a push", async () => {
      const key = new Wallet(university.operatorKey as string);
      const huge = JSON.stringify({ padding: "x".repeat(3 * 1024 * 1024) });
      const tooLarge = await push(jordanMirror, university.id, key, huge);
      expect(tooLarge.status).to.equal(413);
      const notAPush = await push(jordanMirror, university.id, key, JSON.stringify({ universityId: university.id }));
      expect(notAPush.status).to.equal(400);
      expect(notAPush.body.error.code).to.equal("VALIDATION_FAILED");
    });
  });

  it("gives each caller address its rate, then answers 429 with Retry-After", async () => {
    const limited = await startTestMirror(world.chain, null, "JO", { ratePerSecond: 1, burst: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        const answer = await fetch(
          `${limited.url}/universities/${university.id}/api/public/credentials/0123456789abcdef`,
        );
        statuses.push([answer.status, answer.headers.get("retry-after")]);
      }
      expect(statuses).to.deep.equal([
        [404, null],
        [404, null],
        [404, null],
        [429, "1"],
        [429, "1"],
      ]);
    } finally {
      await limited.stop();
    }
  });

  describe("when the university's server is gone", () => {
    beforeAll(async () => {
      const { chain } = world;
      await (await chain.issuerRegistry.connect(university.operator).setUniversityUrl(GONE)).wait();
    });

    it("core's search finds the credential on a mirror, which it names, and it verifies VALID", async () => {
      const found = await findLinked(link);
      // The first mirror listed: the ministry's, published first.
      expect(found.source).to.include({ kind: "mirror", url: jordanMirror.url, country: "JO" });
      expect(verdictOf(found.fragments ?? [])).to.equal("VALID");
    });

    it("POST /api/verify of another server answers VALID and names the mirror", async () => {
      // A server that hosts no university: it must fetch the credential, as for any other university's.
      const elsewhere: TestServer = await startTestServer(world.chain, [], { mirrors: {} });
      try {
        const answer = await apiCall(elsewhere.url, "POST", "/api/verify", { url: link });
        expect(answer.status).to.equal(200);
        expect(answer.body.verdict).to.equal("VALID");
        expect(answer.body.source.kind).to.equal("mirror");
        expect([jordanMirror.url, alecsoMirror.url]).to.include(answer.body.source.url);
      } finally {
        await elsewhere.stop();
      }
    });

    it("the command line answers VALID and names the mirror", async () => {
      const report = await verifyWithCli(link);
      expect(report.verdict).to.equal("VALID");
      expect(report.source.universityServer).to.equal(null);
      expect([jordanMirror.url, alecsoMirror.url]).to.include(report.source.mirror.url);
    }, 60_000);

    it("a tampered mirror copy is passed over for an intact one, and never verifies VALID", async () => {
      const { credentialId } = decodeVerifierUrl(link);
      tamper(jordanMirror, credentialId);
      const found = await findLinked(link);
      expect(found.source).to.include({ kind: "mirror", url: alecsoMirror.url });
      expect(verdictOf(found.fragments ?? [])).to.equal("VALID");
      tamper(alecsoMirror, credentialId);
      const error = await findLinked(link).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(VerifierProblem);
      // The university's own server is named: the mirrors only fail to make up for it.
      expect((error as VerifierProblem).code).to.equal("ISSUER_UNREACHABLE");
    });
  });
});
