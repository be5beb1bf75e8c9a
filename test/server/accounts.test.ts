import { chmodSync, existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { issueRequests } from "../helpers/graduates";
import { prepareServerProcess } from "../helpers/server-process";
import { METRICS_TOKEN, PASSWORD, apiCall, boundApi, startTestServer } from "../helpers/server";
import type { TestServer, TestServerOptions } from "../helpers/server";

const REGISTRAR = "registrar@ju.edu.jo";
const APPROVER = "approver@ju.edu.jo";
const ADMIN = "admin@ju.edu.jo";
const OTHER_ADMIN = "admin@yu.edu.jo";
const NEW_PASSWORD = "a brand new passphrase of mine";
const DAY_MS = 24 * 60 * 60 * 1000;

/** The permission bits of a file or folder, as `0o600`. */
const modeOf = (file: string): number => statSync(file).mode & 0o777;

describe("accounts: sign-in throttling, client address, passwords, API tokens, last admin, private files, metrics", () => {
  let chain: TestChain;
  let jordan: TestUniversity;
  let yarmouk: TestUniversity;

  beforeAll(async () => {
    chain = await startTestChain();
    jordan = await accreditUniversity(chain, { operatorIndex: 2 });
    yarmouk = await accreditUniversity(chain, { operatorIndex: 3 });
  });
  afterAll(async () => {
    await chain?.stop();
  });

  /** A fresh server (its own SQLite file) for one test, so that no test's failures lock another's. */
  async function withServer(options: TestServerOptions, use: (server: TestServer) => Promise<void>): Promise<void> {
    const server = await startTestServer(chain, [jordan, yarmouk], {
      staff: [
        { universityId: jordan.id, email: REGISTRAR, role: "registrar" },
        { universityId: jordan.id, email: APPROVER, role: "approver" },
        { universityId: jordan.id, email: ADMIN, role: "admin" },
        { universityId: yarmouk.id, email: OTHER_ADMIN, role: "admin" },
      ],
      ...options,
    });
    try {
      await use(server);
    } finally {
      await server.stop();
    }
  }

  const signIn = (server: TestServer, email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ email, password }),
    });
  const lastLoginAddress = (server: TestServer): unknown =>
    server.context.db.prepare("SELECT ip FROM audit_log WHERE action = 'login' ORDER BY id DESC LIMIT 1").pluck().get();

  it("lets an office behind one address sign in again and again: only failures count", async () => {
    await withServer({ loginAttemptsPerWindow: 3, loginFailuresPerAddress: 5 }, async (server) => {
      // Five times the account limit, three times the address limit: successes, never counted.
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) statuses.push((await signIn(server, [REGISTRAR, APPROVER, ADMIN][i % 3]!)).status);
      expect(statuses).to.deep.equal(Array(15).fill(200));
      // A success clears the account's failures: a typo now and then never adds up to a lock.
      for (let i = 0; i < 2; i++) {
        expect((await signIn(server, REGISTRAR, "typo")).status).to.equal(401);
        expect((await signIn(server, REGISTRAR, "typo")).status).to.equal(401);
        expect((await signIn(server, REGISTRAR)).status).to.equal(200);
      }
    });
  });

  it("locks an account after its failures with 429 and Retry-After, in ar/en/fr, alike whether the account exists or not", async () => {
    await withServer({ loginAttemptsPerWindow: 3, loginFailuresPerAddress: 100 }, async (server) => {
      const answers = new Map<string, { status: number; retryAfter: string | null; body: unknown }>();
      for (const email of [REGISTRAR, "nobody@ju.edu.jo"]) {
        for (let i = 0; i < 3; i++) expect((await signIn(server, email, "guess")).status).to.equal(401);
        // Even the right password waits: the lock says nothing about the guess, nor about the account.
        const locked = await signIn(server, email, PASSWORD, { "accept-language": "fr" });
        answers.set(email, {
          status: locked.status,
          retryAfter: locked.headers.get("retry-after"),
          body: await locked.json(),
        });
      }
      const [known, unknown] = [...answers.values()];
      expect(known!.status).to.equal(429);
      expect(Number(known!.retryAfter)).to.be.within(1, 900);
      expect(unknown!.status).to.equal(429);
      expect(Number(unknown!.retryAfter)).to.be.within(1, 900);
      expect(unknown!.body).to.deep.equal(known!.body);
      expect(known!.body).to.deep.equal({
        error: {
          code: "TOO_MANY_ATTEMPTS",
          message: "Trop de tentatives de connexion échouées. Patientez puis réessayez.",
        },
      });
      for (const [language, message] of [
        ["ar", "محاولات دخول فاشلة كثيرة. انتظر قليلًا ثم أعد المحاولة."],
        ["en", "Too many failed sign-in attempts. Wait a while and try again."],
      ]) {
        expect(
          (await (await signIn(server, REGISTRAR, PASSWORD, { "accept-language": language! })).json()).error.message,
        ).to.equal(message);
      }
      // Guesses sent all at once get no more tries than guesses sent one by one.
      const burst = await Promise.all(Array.from({ length: 8 }, () => signIn(server, APPROVER, "guess")));
      expect(burst.map((answer) => answer.status).sort()).to.deep.equal([401, 401, 401, 429, 429, 429, 429, 429]);
      // A colleague at the same address is not locked out.
      expect((await signIn(server, ADMIN)).status).to.equal(200);
    });
  });

  it("locks an address failing across accounts; a forged X-Forwarded-For changes neither the throttled address nor the audit log", async () => {
    await withServer({ loginAttemptsPerWindow: 100, loginFailuresPerAddress: 4 }, async (server) => {
      expect((await signIn(server, ADMIN, PASSWORD, { "x-forwarded-for": "203.0.113.99" })).status).to.equal(200);
      expect(lastLoginAddress(server)).to.match(/^(::ffff:)?127\.0\.0\.1$/);
      for (let i = 0; i < 4; i++) {
        expect(
          (await signIn(server, `guess-${i}@ju.edu.jo`, "guess", { "x-forwarded-for": `203.0.113.${i}` })).status,
        ).to.equal(401);
      }
      const locked = await signIn(server, APPROVER, PASSWORD, { "x-forwarded-for": "198.51.100.7" });
      expect(locked.status).to.equal(429);
      expect(locked.headers.get("retry-after")).to.match(/^\d+$/);
    });
    // Behind a proxy named in the configuration, the header does name the client.
    await withServer({ trustedProxies: ["loopback"] }, async (server) => {
      expect((await signIn(server, ADMIN, PASSWORD, { "x-forwarded-for": "203.0.113.99" })).status).to.equal(200);
      expect(lastLoginAddress(server)).to.equal("203.0.113.99");
    });
  });

  it("changes one's own password: the current one first, the policy, every session ended, API tokens kept", async () => {
    await withServer({}, async (server) => {
      const here = await server.login(REGISTRAR);
      const elsewhere = await server.login(REGISTRAR);
      const machine = boundApi(
        server.url,
        (await here("POST", "/api/tokens", { label: "sis", scopes: ["read"] })).body.token,
      );
      const change = (currentPassword: string, newPassword: string, language = "en") =>
        here("POST", "/api/auth/password", { currentPassword, newPassword }, { "accept-language": language });
      expect((await change("not my password", NEW_PASSWORD)).body.error.code).to.equal("WRONG_PASSWORD");
      for (const weak of ["short one", REGISTRAR, "registrar", "Password1234", "QWERTYUIOP12"]) {
        const refused = await change(PASSWORD, weak, "ar");
        expect([refused.status, refused.body.error.code], weak).to.deep.equal([400, "WEAK_PASSWORD"]);
        expect(refused.body.error.message, weak).to.match(/[\u0600-\u06FF]/);
      }
      expect((await change(PASSWORD, "short one", "fr")).body.error.message).to.equal(
        "Le mot de passe doit comporter au moins 12 caractères.",
      );
      expect((await change(PASSWORD, PASSWORD)).body.error.code).to.equal("SAME_PASSWORD");

      const changed = await fetch(`${server.url}/api/auth/password`, {
        method: "POST",
        headers: { authorization: `Bearer ${here.token}`, "content-type": "application/json" },
        body: JSON.stringify({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
      });
      expect(changed.status).to.equal(200);
      expect(changed.headers.get("cache-control")).to.equal("no-store");
      const fresh = boundApi(server.url, ((await changed.json()) as { token: string }).token);
      expect((await here("GET", "/api/me")).status).to.equal(401);
      expect((await elsewhere("GET", "/api/me")).status).to.equal(401);
      expect((await fresh("GET", "/api/me")).status).to.equal(200);
      expect((await machine("GET", "/api/certificates")).status).to.equal(200);
      expect((await signIn(server, REGISTRAR)).status).to.equal(401);
      expect((await signIn(server, REGISTRAR, NEW_PASSWORD)).status).to.equal(200);
    });
  });

  it("lets an admin reset a colleague's password to a one-time one, ending their sessions and API tokens", async () => {
    await withServer({}, async (server) => {
      const admin = await server.login(ADMIN);
      const registrar = await server.login(REGISTRAR);
      const machine = boundApi(
        server.url,
        (await registrar("POST", "/api/tokens", { label: "sis", scopes: ["read"] })).body.token,
      );
      const registrarId = (await registrar("GET", "/api/me")).body.id as number;
      const adminId = (await admin("GET", "/api/me")).body.id as number;

      expect(
        (await admin("POST", `/api/staff/${registrarId}/password`, { password: "password1234" })).body.error.code,
      ).to.equal("WEAK_PASSWORD");
      expect((await admin("POST", `/api/staff/${adminId}/password`, {})).body.error.code).to.equal("OWN_PASSWORD");
      expect(
        (await (await server.login(OTHER_ADMIN))("POST", `/api/staff/${registrarId}/password`, {})).status,
      ).to.equal(404);
      const created = await admin("POST", "/api/staff", {
        email: "new@ju.edu.jo",
        name: "New",
        role: "registrar",
        password: "new@ju.edu.jo",
      });
      expect([created.status, created.body.error.code]).to.deep.equal([400, "WEAK_PASSWORD"]);

      const reset = await fetch(`${server.url}/api/staff/${registrarId}/password`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
        body: "{}",
      });
      expect(reset.status).to.equal(200);
      expect(reset.headers.get("cache-control")).to.equal("no-store");
      const { password: oneTime } = (await reset.json()) as { password: string };
      expect(oneTime).to.have.length.of.at.least(12);
      expect((await registrar("GET", "/api/me")).status).to.equal(401);
      expect((await machine("GET", "/api/certificates")).status).to.equal(401);

      const signedIn = await apiCall(server.url, "POST", "/api/auth/login", { email: REGISTRAR, password: oneTime });
      expect(signedIn.body.staff.mustChangePassword).to.equal(true);
      const once = boundApi(server.url, signedIn.body.token);
      expect((await once("GET", "/api/certificates")).body.error.code).to.equal("PASSWORD_CHANGE_REQUIRED");
      expect((await once("POST", "/api/tokens", { label: "x", scopes: ["read"] })).body.error.code).to.equal(
        "PASSWORD_CHANGE_REQUIRED",
      );
      const changed = await once("POST", "/api/auth/password", { currentPassword: oneTime, newPassword: NEW_PASSWORD });
      expect(changed.body.staff.mustChangePassword).to.equal(false);
      expect((await boundApi(server.url, changed.body.token)("GET", "/api/certificates")).status).to.equal(200);
    });
  });

  it("gives API tokens an expiry (90 days by default, at most 365) and scopes, enforced on every route; only a signed-in person makes tokens", async () => {
    await withServer({}, async (server) => {
      const admin = await server.login(ADMIN);
      const created = await fetch(`${server.url}/api/tokens`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
        body: JSON.stringify({ label: "reader", scopes: ["read"] }),
      });
      expect(created.status).to.equal(201);
      expect(created.headers.get("cache-control")).to.equal("no-store");
      const reader = (await created.json()) as { id: number; token: string; expiresAt: number; scopes: string[] };
      expect(reader.scopes).to.deep.equal(["read"]);
      expect(reader.expiresAt - Date.now()).to.be.within(90 * DAY_MS - 60_000, 90 * DAY_MS);
      for (const refused of [
        { label: "x", scopes: ["read"], days: 366 },
        { label: "x", scopes: [] },
        { label: "x" },
        { label: "x", scopes: ["admin"] },
      ]) {
        expect((await admin("POST", "/api/tokens", refused)).status, JSON.stringify(refused)).to.equal(400);
      }
      const yearLong = await admin("POST", "/api/tokens", { label: "issuer", scopes: ["issue"], days: 365 });
      expect(yearLong.body.expiresAt - Date.now()).to.be.within(365 * DAY_MS - 60_000, 365 * DAY_MS);
      const keys = (await admin("POST", "/api/tokens", { label: "keys", scopes: ["keys"] })).body.token as string;

      const asReader = boundApi(server.url, reader.token);
      const asIssuer = boundApi(server.url, yearLong.body.token);
      const adminId = (await admin("GET", "/api/me")).body.id as number;
      expect((await asReader("GET", "/api/certificates")).status).to.equal(200);
      for (const [method, route, body] of [
        ["POST", "/api/certificates", issueRequests("SCOPE", 1)[0]],
        ["POST", "/api/tokens", { label: "child", scopes: ["read"] }],
        ["GET", "/api/tokens", undefined],
        ["GET", "/api/staff", undefined],
        ["GET", "/api/STAFF/", undefined],
        ["PATCH", `/api/staff/${adminId}`, { role: "admin" }],
        ["POST", "/api/auth/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }],
        ["GET", "/api/keys", undefined],
      ] as const) {
        const refused = await asReader(method, route, body);
        expect([refused.status, refused.body.error?.code], `${method} ${route}`).to.deep.equal([403, "TOKEN_SCOPE"]);
      }
      expect((await asIssuer("POST", "/api/certificates", issueRequests("SCOPE", 1)[0])).status).to.equal(202);
      expect((await asIssuer("GET", "/api/certificates")).body.error.code).to.equal("TOKEN_SCOPE");
      expect((await asIssuer("POST", "/api/tokens", { label: "child", scopes: ["issue"] })).body.error.code).to.equal(
        "TOKEN_SCOPE",
      );
      expect((await boundApi(server.url, keys)("GET", "/api/keys")).status).to.equal(200);

      server.context.db.prepare("UPDATE tokens SET expires_at = ? WHERE id = ?").run(Date.now() - 1, reader.id);
      expect((await asReader("GET", "/api/certificates")).status).to.equal(401);
      expect(
        (await admin("GET", "/api/tokens")).body.tokens.map((token: { label: string }) => token.label),
      ).to.deep.equal(["issuer", "keys"]);
    });
  });

  it("keeps the last active admin of a university: neither disabled nor demoted, also not by themselves", async () => {
    await withServer({}, async (server) => {
      const admin = await server.login(ADMIN);
      const adminId = (await admin("GET", "/api/me")).body.id as number;
      const registrarId = server.context.db
        .prepare("SELECT id FROM staff WHERE email = ?")
        .pluck()
        .get(REGISTRAR) as number;
      for (const change of [{ disabled: true }, { role: "registrar" }, { role: "approver", disabled: false }]) {
        const refused = await admin("PATCH", `/api/staff/${adminId}`, change, { "accept-language": "ar" });
        expect([refused.status, refused.body.error.code], JSON.stringify(change)).to.deep.equal([409, "LAST_ADMIN"]);
        expect(refused.body.error.message).to.equal("هذا آخر مسؤول نشط في الجامعة: عيّن مسؤولًا آخر أولًا.");
      }
      expect((await admin("PATCH", `/api/staff/${registrarId}`, { role: "admin" })).status).to.equal(200);
      expect((await admin("PATCH", `/api/staff/${adminId}`, { role: "registrar" })).status).to.equal(200);
      const successor = await server.login(REGISTRAR);
      expect((await successor("PATCH", `/api/staff/${registrarId}`, { disabled: true })).body.error.code).to.equal(
        "LAST_ADMIN",
      );
      expect((await successor("GET", "/api/me")).body.role).to.equal("admin");
    });
  });

  it("serves /metrics only to the bearer of the metrics token", async () => {
    await withServer({}, async (server) => {
      const scrape = (headers: Record<string, string>) => fetch(`${server.url}/metrics`, { headers });
      expect((await scrape({})).status).to.equal(401);
      expect((await scrape({ authorization: "Bearer not the metrics token" })).status).to.equal(401);
      const allowed = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
      expect(allowed.status).to.equal(200);
      expect(await allowed.text()).to.include("tasdiq_http_requests_total");
    });
  });

  it("keeps the database, its journal, the audit index and the keystores private (0600 in 0700), tightening files left open; no /metrics without a token", async () => {
    const server = await prepareServerProcess(chain, jordan, REGISTRAR);
    const dir = path.dirname(server.dbFile);
    const keystores = path.join(dir, "keystores");
    const tree = (folder: string): string[] =>
      readdirSync(folder, { recursive: true, encoding: "utf8" }).map((entry) => path.join(folder, entry));
    try {
      expect(modeOf(server.dbFile)).to.equal(0o600);
      // As an older version left them: readable by everyone.
      for (const file of [dir, keystores, ...tree(keystores)])
        chmodSync(file, statSync(file).isDirectory() ? 0o755 : 0o644);
      chmodSync(server.dbFile, 0o644);
      await server.start();
      expect((await apiCall(server.url, "GET", "/metrics")).status).to.equal(404);
      const files = [
        server.dbFile,
        `${server.dbFile}-wal`,
        `${server.dbFile}-shm`,
        path.join(dir, "audit.sqlite"),
        ...tree(keystores),
      ];
      expect(files.filter((file) => existsSync(file)).length).to.be.at.least(6);
      const modes = Object.fromEntries(
        [dir, keystores, ...files]
          .filter((file) => existsSync(file))
          .map((file) => [path.relative(dir, file) || ".", modeOf(file).toString(8)]),
      );
      const expected = Object.fromEntries(
        Object.entries(modes).map(([file]) => [file, statSync(path.join(dir, file)).isDirectory() ? "700" : "600"]),
      );
      expect(modes).to.deep.equal(expected);
    } finally {
      await server.kill("SIGTERM");
    }
  }, 120_000);
});
