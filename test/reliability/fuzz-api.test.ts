import { request as httpRequest } from "node:http";
import { expect } from "chai";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { GRADUATE_COLUMNS } from "../../server/certificates/import";
import { createToken } from "../../server/auth/tokens";
import type { Role } from "../../server/auth/tokens";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { csvText } from "../helpers/graduate-files";
import { issueRequests } from "../helpers/graduates";
import { apiRoutes } from "../helpers/routes";
import { PASSWORD, apiCall, confirmedCertificate, startTestServer } from "../helpers/server";
import type { TestServer } from "../helpers/server";
import { anyText, headerValue, nearly, oddJson } from "./arbitraries";
import { printFigures, scaled } from "./settings";

const CASES = scaled(1_500, 10_000);

interface FuzzRequest {
  method: string;
  path: string;
  body?: string | FormData;
  /** Who sends it; the Authorization header is made when the request is sent. */
  sender: Sender;
  headers: Record<string, string>;
}

/** Who sends a request: a signed-in member of either university, nobody, or someone with a bad token. */
const SENDERS = ["registrar", "approver", "admin", "other university's admin", "none", "forged", "malformed"] as const;
type Sender = (typeof SENDERS)[number];

describe("bad input: property-based fuzzing of every endpoint", () => {
  let chain: TestChain;
  let jordan: TestUniversity;
  let server: TestServer;
  const staffIds = new Map<Sender, { id: number; role: Role; passwordHash: string }>();
  const counts = new Map<number, number>();
  let examples: { certificateId: string; batchId: number; credential: unknown; verifierUrl: string; shortCode: string };

  beforeAll(async () => {
    chain = await startTestChain();
    jordan = await accreditUniversity(chain, { operatorIndex: 2 });
    const yarmouk = await accreditUniversity(chain, { operatorIndex: 3 });
    server = await startTestServer(chain, [jordan, yarmouk], {
      loginAttemptsPerWindow: 1_000_000,
      loginFailuresPerAddress: 1_000_000,
      staff: [
        { universityId: jordan.id, email: "registrar@ju.edu.jo", role: "registrar" },
        { universityId: jordan.id, email: "approver@ju.edu.jo", role: "approver" },
        { universityId: jordan.id, email: "admin@ju.edu.jo", role: "admin" },
        { universityId: yarmouk.id, email: "admin@yu.edu.jo", role: "admin" },
      ],
    });
    // The universities' servers are found on chain: point them here, so a fetched credential is answered.
    for (const university of [jordan, yarmouk])
      await (await chain.issuerRegistry.connect(university.operator).setUniversityUrl(server.url)).wait();
    const emails: [Sender, string][] = [
      ["registrar", "registrar@ju.edu.jo"],
      ["approver", "approver@ju.edu.jo"],
      ["admin", "admin@ju.edu.jo"],
      ["other university's admin", "admin@yu.edu.jo"],
    ];
    for (const [sender, email] of emails)
      staffIds.set(
        sender,
        server.context.db
          .prepare("SELECT id, role, password_hash AS passwordHash FROM staff WHERE email = ?")
          .get(email) as { id: number; role: Role; passwordHash: string },
      );
    const registrar = await server.login("registrar@ju.edu.jo");
    const issued = (await registrar("POST", "/api/certificates", issueRequests("FUZZ-EXAMPLE", 1)[0])).body;
    const record = await confirmedCertificate(registrar, issued.id);
    examples = {
      certificateId: issued.id,
      batchId: record.batchId,
      credential: record.credential,
      verifierUrl: record.verifierUrl,
      shortCode: record.shortCode,
    };
  });
  afterAll(async () => {
    await server?.stop();
    await chain?.stop();
  });

  /** Puts a sender's account back as it was: a case may have disabled it, or changed or reset its password. */
  function resetAccount(sender: Sender): number {
    const { id, role, passwordHash } = staffIds.get(sender)!;
    server.context.db
      .prepare(
        "UPDATE staff SET role = ?, disabled_at = NULL, password_hash = ?, must_change_password = 0 WHERE id = ?",
      )
      .run(role, passwordHash, id);
    return id;
  }

  /** The Authorization header of `sender`, with a fresh session on its reset account. */
  function authorization(sender: Sender): Record<string, string> {
    if (sender === "none") return {};
    if (sender === "forged") return { authorization: "Bearer tsq_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
    if (sender === "malformed") return { authorization: "Basic cmVnaXN0cmFyOnBhc3N3b3Jk" };
    return {
      authorization: `Bearer ${createToken(server.context.db, resetAccount(sender), "session", new Date()).token}`,
    };
  }

  /** Sends `request` and checks the answer: never a 5xx; a refusal is a 4xx with an error code and message. */
  async function expectNoServerError(request: FuzzRequest): Promise<void> {
    const response = await apiCall(server.url, request.method, request.path, request.body, {
      ...authorization(request.sender),
      ...request.headers,
    });
    counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
    const what = `${request.method} ${request.path.slice(0, 200)} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
    expect(response.status, what).to.be.within(100, 499);
    if (response.status >= 400) {
      expect(response.body?.error?.code, what)
        .to.be.a("string")
        .and.match(/^[A-Z][A-Z0-9_]+$/);
      expect(response.body?.error?.message, what).to.be.a("string").and.not.equal("");
    }
  }

  it(
    `answers ${CASES.toLocaleString("en")} generated requests without a 5xx, every refusal a 4xx with a code and a message`,
    async () => {
      const ids = fc.oneof(
        fc.constantFrom(
          examples.certificateId,
          String(examples.batchId),
          "1",
          "2",
          "3",
          "0",
          "-1",
          "1e3",
          "0x10",
          "9".repeat(400),
        ),
        fc.constantFrom("%", "%zz", "%E0%A4%A", "..", "%2e%2e", "%00", "%FF%FE", "%C0%AF"),
        anyText.map(encodeURIComponent),
        fc.nat().map(String),
      );
      const subject = issueRequests("FUZZ", 1)[0]!;
      // Every route, with a valid example body for those that take one.
      const endpoints: { method: string; path: string; body?: unknown }[] = [
        { method: "POST", path: "/api/auth/login", body: { email: "registrar@ju.edu.jo", password: PASSWORD } },
        { method: "POST", path: "/api/auth/logout" },
        {
          method: "POST",
          path: "/api/auth/password",
          body: { currentPassword: PASSWORD, newPassword: "a new passphrase for fuzzing" },
        },
        { method: "GET", path: "/api/me" },
        { method: "GET", path: "/api/tokens" },
        { method: "POST", path: "/api/tokens", body: { label: "ci", scopes: ["read", "issue"], days: 30 } },
        { method: "DELETE", path: "/api/tokens/:id" },
        { method: "GET", path: "/api/staff" },
        {
          method: "POST",
          path: "/api/staff",
          body: {
            email: "new.registrar@ju.edu.jo",
            name: "New Registrar",
            role: "registrar",
            password: "a long enough password",
          },
        },
        { method: "PATCH", path: "/api/staff/:id", body: { role: "registrar", disabled: false } },
        { method: "POST", path: "/api/staff/:id/password", body: { password: "a reset passphrase for fuzzing" } },
        { method: "GET", path: "/api/certificates" },
        { method: "POST", path: "/api/certificates", body: { ...subject, validUntil: "2031-07-01" } },
        { method: "POST", path: "/api/certificates/bulk", body: { certificates: issueRequests("FUZZ-BULK", 2) } },
        { method: "GET", path: "/api/certificates/:id" },
        { method: "GET", path: "/api/certificates/:id/pdf" },
        { method: "GET", path: "/api/certificates/:id/pack" },
        { method: "GET", path: "/api/certificates/template.csv" },
        { method: "POST", path: "/api/certificates/:id/revoke", body: { reason: "data-error" } },
        { method: "POST", path: "/api/certificates/revoke", body: { ids: [examples.certificateId], reason: 2 } },
        { method: "GET", path: "/api/batches" },
        { method: "GET", path: "/api/batches/:id" },
        { method: "POST", path: "/api/batches/:id/approve" },
        { method: "POST", path: "/api/batches/:id/refuse", body: { reason: "wrong graduation list" } },
        { method: "POST", path: "/api/batches/:id/reseal" },
        { method: "GET", path: "/api/approval-policy" },
        { method: "PUT", path: "/api/approval-policy", body: { threshold: 100, windowHours: 24 } },
        { method: "POST", path: "/api/batches/:id/revoke", body: { reason: 3 } },
        { method: "GET", path: "/api/batches/:id/pdfs.zip" },
        { method: "GET", path: "/api/keys" },
        { method: "POST", path: "/api/keys/rotate", body: {} },
        { method: "GET", path: "/api/audit/overview" },
        { method: "GET", path: "/api/public/credentials/:id" },
        {
          method: "POST",
          path: "/api/public/credentials/:id/derived",
          body: {
            id: "00000000000000aa",
            encrypted: { alg: "A256GCM-HKDF-SHA256", iv: "AAAAAAAAAAAAAAAA", ciphertext: "c2VjcmV0" },
            proof: `0x${"ab".repeat(32)}`,
          },
        },
        {
          method: "POST",
          path: "/api/public/credentials/:id/pdf",
          body: { at: 1_780_000_000, proof: `0x${"ab".repeat(32)}` },
        },
        { method: "OPTIONS", path: "/api/public/credentials/:id/derived" },
        { method: "OPTIONS", path: "/api/public/credentials/:id/pdf" },
        { method: "GET", path: "/api/health" },
        { method: "POST", path: "/api/verify", body: { credential: examples.credential } },
        { method: "POST", path: "/api/verify", body: { url: examples.verifierUrl } },
        { method: "POST", path: "/api/verify", body: { code: examples.shortCode } },
        { method: "GET", path: "/api/openapi.json" },
        { method: "GET", path: "/v/config.json" },
        { method: "GET", path: "/metrics" },
        { method: "PUT", path: "/api/certificates/:id" },
      ];
      const fuzzed = new Set(endpoints.map(({ method, path }) => `${method} ${path.replace(/:(\w+)/g, "{$1}")}`));
      const unfuzzed = apiRoutes(server.context).filter(
        ({ method, path }) => !fuzzed.has(`${method.toUpperCase()} ${path}`) && !path.startsWith("/api/docs"),
      );
      expect(unfuzzed, "routes missing from the fuzzed endpoints").to.deep.equal([]);
      const query = fc.option(
        fc
          .array(
            fc.tuple(
              fc.oneof(
                fc.constantFrom("status", "revoked", "q", "batch", "limit", "offset", "validOnly", "__proto__"),
                anyText,
              ),
              fc.oneof(anyText, fc.constantFrom("confirmed", "true", "-1", "500", "1e9")),
            ),
            { maxLength: 5 },
          )
          .map(
            (pairs) =>
              `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&")}`,
          ),
        { nil: "" },
      );
      const contentType = fc.constantFrom(
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=koi8-r",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/octet-stream",
      );
      const rawBody = fc.oneof(
        anyText,
        fc.constantFrom(
          "{",
          '{"a":',
          "null",
          "[]",
          `{"credential":${"[".repeat(20_000)}${"]".repeat(20_000)}}`,
          `{"credential":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}`,
        ),
      );
      const headers = fc.record(
        {
          sender: fc.constantFrom(...SENDERS),
          idempotencyKey: headerValue,
          acceptLanguage: fc.oneof(headerValue, fc.constantFrom("ar", "fr-FR,fr;q=0.9", "*", "en;q=0")),
          contentType,
        },
        { requiredKeys: ["sender"] },
      );

      const jsonRequests = fc
        .tuple(fc.constantFrom(...endpoints), ids, query, headers)
        .chain(([endpoint, id, search, h]) =>
          fc
            .oneof(
              {
                weight: 2,
                arbitrary: fc.constant(endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body)),
              },
              {
                weight: 5,
                arbitrary: (endpoint.body === undefined ? oddJson : nearly(endpoint.body)).map((value) =>
                  value === undefined ? undefined : JSON.stringify(value),
                ),
              },
              { weight: 1, arbitrary: oddJson.map((value) => JSON.stringify(value)) },
              { weight: 1, arbitrary: rawBody },
            )
            .map((body): FuzzRequest => ({
              method: endpoint.method,
              path: endpoint.path.replace(":id", id) + search,
              body: endpoint.method === "GET" ? undefined : body,
              sender: h.sender,
              headers: {
                ...(h.idempotencyKey === undefined ? {} : { "idempotency-key": h.idempotencyKey }),
                ...(h.acceptLanguage === undefined ? {} : { "accept-language": h.acceptLanguage }),
                ...(h.contentType === undefined ? {} : { "content-type": h.contentType }),
              },
            })),
        );

      const fileContent = fc.oneof(
        fc.uint8Array({ maxLength: 2000 }),
        fc
          .array(
            fc.array(fc.oneof(anyText, fc.constantFrom("bachelor", "2025-06-30", "أحمد", "Ahmad")), { maxLength: 12 }),
            { maxLength: 8 },
          )
          .map((rows) => new TextEncoder().encode(csvText([[...GRADUATE_COLUMNS], ...rows]))),
        fc.uint8Array({ maxLength: 500 }).map((tail) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...tail])),
      );
      const uploads = fc
        .record({
          files: fc.array(
            fc.record({
              field: fc.oneof(fc.constant("file"), fc.constant("file"), fc.string({ maxLength: 8 })),
              content: fileContent,
              name: anyText,
              type: fc.constantFrom(
                "",
                "text/csv",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "image/png",
              ),
            }),
            { maxLength: 3 },
          ),
          fields: fc.array(fc.tuple(fc.oneof(fc.constant("validOnly"), fc.string({ maxLength: 8 })), anyText), {
            maxLength: 7,
          }),
          search: fc.constantFrom("", "?validOnly=true", "?validOnly=maybe", "?validOnly=true&validOnly=false"),
          sender: fc.constantFrom<Sender>("registrar", "admin", "approver", "none"),
        })
        .map(({ files, fields, search, sender }): FuzzRequest => {
          const form = new FormData();
          for (const [name, value] of fields) form.append(name, value);
          for (const file of files) form.append(file.field, new Blob([file.content], { type: file.type }), file.name);
          return { method: "POST", path: `/api/certificates/bulk${search}`, body: form, sender, headers: {} };
        });
      const brokenMultipart = fc
        .tuple(
          fc.string({ maxLength: 70 }),
          anyText,
          fc.constantFrom("closing boundary missing", "no blank line", "wrong boundary", "no name", "preamble only"),
        )
        .map(([boundary, content, damage]): FuzzRequest => {
          const b = boundary.replace(/[\r\n"]/g, "") || "b";
          const part =
            damage === "no name"
              ? 'Content-Disposition: form-data; filename="a.csv"'
              : 'Content-Disposition: form-data; name="file"; filename="a.csv"';
          const body = {
            "closing boundary missing": `--${b}\r\n${part}\r\n\r\n${content}`,
            "no blank line": `--${b}\r\n${part}\r\n${content}\r\n--${b}--\r\n`,
            "wrong boundary": `--x${b}\r\n${part}\r\n\r\n${content}\r\n--x${b}--\r\n`,
            "no name": `--${b}\r\n${part}\r\n\r\n${content}\r\n--${b}--\r\n`,
            "preamble only": content,
          }[damage];
          return {
            method: "POST",
            path: "/api/certificates/bulk",
            body,
            sender: "registrar",
            headers: { "content-type": `multipart/form-data; boundary=${b}` },
          };
        });

      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 8, arbitrary: jsonRequests },
            { weight: 2, arbitrary: uploads },
            { weight: 1, arbitrary: brokenMultipart },
          ),
          expectNoServerError,
        ),
        { numRuns: CASES },
      );

      // Still healthy: the API answers and the anchoring worker still takes a certificate to the chain.
      expect((await apiCall(server.url, "GET", "/api/health")).status).to.equal(200);
      resetAccount("registrar");
      const registrar = await server.login("registrar@ju.edu.jo");
      const after = (await registrar("POST", "/api/certificates", issueRequests("FUZZ-AFTER", 1)[0])).body;
      await confirmedCertificate(registrar, after.id);
      printFigures("Bad input: HTTP endpoints", {
        "generated requests": CASES,
        "answers by status": [...counts]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}: ${n}`)
          .join(", "),
        "5xx answers / crashes": "0 / 0",
      });
    },
    scaled(240_000, 1_200_000),
  );

  it("refuses oversized bodies and files with 413, before reading any of them when their size is declared", async () => {
    const auth = authorization("registrar");
    const boundary = "tasdiq-oversized";
    const multipart = { ...auth, "content-type": `multipart/form-data; boundary=${boundary}` };
    const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    // A declared 100 MB body is refused from its Content-Length, before any of it is sent.
    for (const [path, headers] of [
      ["/api/certificates", { ...auth, "content-type": "application/json" }],
      ["/api/certificates/bulk", multipart],
    ] as const) {
      const declared = await sendLarge(path, { ...headers, "content-length": String(100 * 1024 * 1024) }, 0);
      expect(declared.status, path).to.equal(413);
      expect(declared.body.error.code, path).to.equal("PAYLOAD_TOO_LARGE");
      expect(declared.bytesSent, path).to.equal(0);
    }
    // Anonymous routes take 64 KiB: a declared 1 MB, which an issuing route would take, is refused unread.
    for (const path of ["/api/verify", "/api/public/credentials/0123456789abcdef"]) {
      const declared = await sendLarge(
        path,
        { "content-type": "application/json", "content-length": String(1024 * 1024) },
        0,
      );
      expect([declared.status, declared.body.error.code, declared.bytesSent], path).to.deep.equal([
        413,
        "PAYLOAD_TOO_LARGE",
        0,
      ]);
    }
    // Streamed bodies (no declared length) are refused at their limit; multer and the JSON parser then
    // read the rest off without keeping it before answering, so the client does not see a reset.
    const upload = await sendLarge(
      "/api/certificates/bulk",
      { ...multipart, "transfer-encoding": "chunked" },
      8 * 1024 * 1024,
      fileHead,
    );
    expect([upload.status, upload.body.error.code]).to.deep.equal([413, "PAYLOAD_TOO_LARGE"]);
    const json = await sendLarge(
      "/api/verify",
      { "content-type": "application/json", "transfer-encoding": "chunked" },
      24 * 1024 * 1024,
    );
    expect([json.status, json.body.error.code]).to.deep.equal([413, "PAYLOAD_TOO_LARGE"]);
  });

  /**
   * Sends `head` then up to `total` bytes in 64 KiB chunks, stopping as soon as the server answers;
   * returns the answer and how many bytes had been sent by then.
   */
  function sendLarge(
    path: string,
    headers: Record<string, string>,
    total: number,
    head = "",
  ): Promise<{ status: number; body: any; bytesSent: number }> {
    return new Promise((resolve, reject) => {
      let bytesSent = 0;
      let answered = false;
      const request = httpRequest(`${server.url}${path}`, { method: "POST", headers }, (response) => {
        answered = true;
        const sentWhenAnswered = bytesSent;
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text), bytesSent: sentWhenAnswered });
        });
      });
      request.on("error", (error) => (answered ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, "a");
      // Paced (64 KiB a millisecond), so an answer given early is seen while the body is still being sent.
      const pump = (): void => {
        if (answered) return;
        if (bytesSent >= total) return void request.end();
        bytesSent += chunk.length;
        request.write(chunk);
        setTimeout(pump, 1);
      };
      if (head) request.write(head);
      if (total === 0) request.flushHeaders();
      else pump();
    });
  }
});
