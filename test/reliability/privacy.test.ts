import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { CredentialSubject } from "../../core";
import { GRADUATE_COLUMNS } from "../../server/certificates/import";
import { createLogger } from "../../server/logger";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { csvText, graduateCells } from "../helpers/graduate-files";
import { issueRequests } from "../helpers/graduates";
import {
  PASSWORD,
  apiCall,
  boundApi,
  confirmedCertificate,
  eventually,
  signIn,
  startTestServer,
} from "../helpers/server";
import type { TestServer } from "../helpers/server";
import { prepareServerProcess } from "../helpers/server-process";
import type { ServerProcess } from "../helpers/server-process";
import { printFigures } from "./settings";

const KEYSTORE_PASSWORD = "test keystore password";
const CHANGED_PASSWORD = "the registrar's changed passphrase";

/** The personal values of a subject, each as issued, in NFC and in NFD. */
function personalValues(subject: CredentialSubject): string[] {
  const { programme } = subject;
  const values = [
    subject.nameAr,
    subject.nameLatin,
    subject.identifier,
    programme?.ar,
    programme?.en,
    programme?.fr,
    subject.grade,
    subject.honours,
  ];
  return [
    ...new Set(
      values.flatMap((value) => (value === undefined ? [] : [value, value.normalize("NFC"), value.normalize("NFD")])),
    ),
  ];
}

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/**
 * What a value may look like in chain data (lowercase hex without 0x): its UTF-8 bytes, its UTF-8
 * bytes written out as hex text, its UTF-16 bytes, and its bare keccak256 (guessable by dictionary).
 */
function encodings(value: string): string[] {
  const utf8 = toUtf8Bytes(value);
  return [hexOf(utf8), hexOf(toUtf8Bytes(hexOf(utf8))), hexOf(Buffer.from(value, "utf16le")), keccak256(utf8).slice(2)];
}

/** The values found in `chunks` (hex strings), at byte boundaries. */
function leaks(chunks: readonly string[], values: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of values) {
    for (const needle of encodings(value)) {
      for (const chunk of chunks) {
        for (let at = chunk.indexOf(needle); at !== -1; at = chunk.indexOf(needle, at + 1)) {
          if (at % 2 === 0) found.add(value);
        }
      }
    }
  }
  return [...found];
}

describe("secrets and privacy", () => {
  let chain: TestChain;
  let jordan: TestUniversity;
  let yarmouk: TestUniversity;
  let server: TestServer;
  let processServer: ServerProcess;
  const logLines: string[] = [];
  const subjects: CredentialSubject[] = [];
  /** Secrets that must appear in no log: tokens, password, the QR secrets and typed codes. */
  const secrets: string[] = [PASSWORD, CHANGED_PASSWORD, KEYSTORE_PASSWORD];

  beforeAll(async () => {
    chain = await startTestChain();
    jordan = await accreditUniversity(chain, { operatorIndex: 2 });
    yarmouk = await accreditUniversity(chain, { operatorIndex: 3 });
    server = await startTestServer(chain, [jordan], {
      staff: [{ universityId: jordan.id, email: "registrar@ju.edu.jo", role: "registrar" }],
      logger: createLogger("debug", { write: (line: string) => void logLines.push(line) }),
    });
    const first = await server.login("registrar@ju.edu.jo");
    // A password change, its new password and its fresh session go through the logs too.
    const changed = await first("POST", "/api/auth/password", {
      currentPassword: PASSWORD,
      newPassword: CHANGED_PASSWORD,
    });
    const session = boundApi(server.url, changed.body.token as string);
    secrets.push(first.token, session.token);
    const apiToken = (await session("POST", "/api/tokens", { label: "ci", scopes: ["read", "issue", "revoke"] })).body
      .token as string;
    secrets.push(apiToken);
    const api = boundApi(server.url, apiToken);

    // Issued every way the server takes graduates: one, a JSON list, a CSV file; then one revoked.
    const requests = issueRequests("PRIVACY-ID", 10);
    subjects.push(...requests.map((r) => r.subject));
    const one = (await api("POST", "/api/certificates", requests[0])).body;
    const list = (await api("POST", "/api/certificates/bulk", { certificates: requests.slice(1, 6) })).body
      .certificates;
    const form = new FormData();
    form.set(
      "file",
      new Blob([csvText([[...GRADUATE_COLUMNS], ...requests.slice(6).map((r) => graduateCells(r.subject))])]),
      "graduates.csv",
    );
    const fromFile = (await api("POST", "/api/certificates/bulk", form)).body.certificates;
    const issued: { id: string }[] = [one, ...list, ...fromFile];
    // Their QR links and typed codes come with their records, once anchored.
    const records: { credential: unknown; verifierUrl: string; shortCode: string }[] = await Promise.all(
      issued.map((c) => confirmedCertificate(api, c.id)),
    );
    for (const c of records)
      secrets.push(c.verifierUrl.slice(c.verifierUrl.indexOf("#") + 1), c.shortCode, c.shortCode.replace(/-/g, ""));
    for (const body of [
      { credential: records[0]!.credential },
      { url: records[1]!.verifierUrl },
      { code: records[2]!.shortCode },
    ]) {
      expect((await apiCall(server.url, "POST", "/api/verify", body)).body.verdict).to.equal("VALID");
    }
    await api("POST", `/api/certificates/${one.id}/revoke`, { reason: 1 });
    await eventually(
      () =>
        server.context.db.prepare("SELECT status FROM revocations").pluck().get() === "confirmed" ? true : undefined,
      30_000,
      "revocation on chain",
    );

    // The same university data on a server process with encrypted keystores, logging at debug level.
    processServer = await prepareServerProcess(chain, yarmouk, "registrar@yu.edu.jo", { TASDIQ_LOG_LEVEL: "debug" });
    await processServer.start();
    const yu = boundApi(processServer.url, await signIn(processServer.url, "registrar@yu.edu.jo"));
    secrets.push(yu.token);
    const extra = issueRequests("PRIVACY-YU", 2);
    subjects.push(...extra.map((r) => r.subject));
    const yuIssued = (await yu("POST", "/api/certificates/bulk", { certificates: extra })).body.certificates as {
      id: string;
    }[];
    for (const c of yuIssued) {
      const { verifierUrl } = (await confirmedCertificate(yu, c.id)) as { verifierUrl: string };
      secrets.push(verifierUrl.slice(verifierUrl.indexOf("#") + 1));
    }
    // Killed, not stopped: whatever sits in the write-ahead log stays on disk to be scanned too.
    await processServer.kill("SIGKILL");
  }, 180_000);
  afterAll(async () => {
    await processServer?.kill();
    await server?.stop();
    await chain?.stop();
  });

  it("puts no personal value of any certificate on chain, in any transaction input or log of any block", async () => {
    const head = await chain.provider.getBlockNumber();
    const chunks: string[] = [];
    let transactions = 0;
    for (let number = 0; number <= head; number++) {
      const block = await chain.provider.getBlock(number, true);
      for (const tx of block?.prefetchedTransactions ?? []) {
        transactions += 1;
        chunks.push(tx.data.slice(2).toLowerCase());
        const receipt = await chain.provider.getTransactionReceipt(tx.hash);
        for (const log of receipt?.logs ?? [])
          chunks.push(...[log.data, ...log.topics].map((hex) => hex.slice(2).toLowerCase()));
      }
    }
    const values = subjects.flatMap(personalValues);
    // The scanner itself finds a value hidden in any of the encodings it looks for.
    const nfd = subjects[0]!.nameAr.normalize("NFD");
    expect(leaks([`00${hexOf(toUtf8Bytes(nfd))}00`], values)).to.include(nfd);
    expect(leaks([keccak256(toUtf8Bytes(subjects[1]!.identifier)).slice(2)], values)).to.include(
      subjects[1]!.identifier,
    );
    expect(leaks(chunks, values), "personal values found on chain").to.deep.equal([]);
    printFigures("Privacy: chain scan", {
      "blocks scanned (0 to head)": head + 1,
      "transactions (input data and every log)": transactions,
      "certificates issued (one, JSON list, CSV, revoked, second server)": subjects.length,
      "personal values × forms (NFC, NFD) × encodings searched": `${values.length} × ${encodings("x").length}`,
      found: 0,
    });
  });

  it("keeps keys encrypted at rest: scrypt keystores, no raw private key or password in the data folder", () => {
    const dataDir = path.dirname(processServer.dbFile);
    const files = (readdirSync(dataDir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
    const keystores = files.filter((file) => file.endsWith(".json") && file.includes("keystores"));
    expect(keystores.map((file) => path.basename(file)).sort()).to.deep.equal(["operator.json", "signer.json"]);
    for (const file of keystores) {
      // Web3 Secret Storage (v3), as ethers writes it: "Crypto", with a capital C.
      const keystore = JSON.parse(readFileSync(file, "utf8")) as {
        version: number;
        Crypto: { kdf: string; cipher: string };
      };
      expect([keystore.version, keystore.Crypto.kdf, keystore.Crypto.cipher], file).to.deep.equal([
        3,
        "scrypt",
        "aes-128-ctr",
      ]);
    }
    expect(
      files.some((file) => file.endsWith("server.sqlite-wal")),
      "the write-ahead log is scanned too",
    ).to.equal(true);
    const keys = [yarmouk.operatorKey, yarmouk.signer.privateKey].map((key) => key.slice(2).toLowerCase());
    const forbidden = [
      ...keys.flatMap((key) => [Buffer.from(key, "hex"), Buffer.from(key), Buffer.from(key.toUpperCase())]),
      Buffer.from(KEYSTORE_PASSWORD),
      Buffer.from(PASSWORD),
    ];
    const found = files.flatMap((file) => {
      const bytes = readFileSync(file);
      return forbidden
        .filter((needle) => bytes.includes(needle))
        .map((needle) => `${path.relative(dataDir, file)} holds ${needle.toString("hex").slice(0, 8)}…`);
    });
    expect(found).to.deep.equal([]);
    printFigures("Privacy: keys at rest", {
      "files scanned (database, WAL, keystores, deployment)": files.length,
      "keystores (scrypt, aes-128-ctr)": keystores.length,
      "raw keys or passwords found": 0,
    });
  });

  it("writes no token, password, QR secret, private key or personal value to its debug logs", () => {
    const logs = [logLines.join(""), processServer.output()];
    expect(logs[0], "the debug log of the in-process server recorded the anchoring").to.include("confirmed on chain");
    expect(logs[1], "the debug log of the server process recorded the anchoring").to.include("confirmed on chain");
    const keys = [jordan.operatorKey, jordan.signer.privateKey, yarmouk.operatorKey, yarmouk.signer.privateKey].flatMap(
      (key) => [key, key.slice(2)],
    );
    const forbidden = [...secrets, ...keys, ...subjects.flatMap(personalValues)];
    const found = forbidden.filter((secret) => logs.some((log) => log.includes(secret)));
    expect(found).to.deep.equal([]);
    printFigures("Privacy: logs", {
      "log lines captured at debug level": logs.join("").split("\n").length,
      "secrets and personal values searched": forbidden.length,
      found: 0,
    });
  });
});
