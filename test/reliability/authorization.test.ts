import { expect } from "chai";
import { afterAll, beforeAll, describe, it } from "vitest";
import { sealPendingCertificates } from "../../server/anchoring/batching";
import { failBatch } from "../../server/anchoring/failures";
import { GRADUATE_COLUMNS } from "../../server/certificates/import";
import { issueCertificates } from "../../server/certificates/service";
import { createToken } from "../../server/auth/tokens";
import type { Role, Scope as TokenScope, StaffIdentity } from "../../server/auth/tokens";
import { accreditUniversity, startTestChain } from "../helpers/chain";
import type { TestChain, TestUniversity } from "../helpers/chain";
import { csvText, graduateCells } from "../helpers/graduate-files";
import { issueRequests } from "../helpers/graduates";
import { apiRoutes } from "../helpers/routes";
import { PASSWORD, apiCall, startTestServer } from "../helpers/server";
import type { TestServer } from "../helpers/server";
import type { Database } from "../../server/db/database";
import { expectMatrix, setCell } from "./matrix";
import type { Matrix } from "./matrix";

const ROLES: readonly Role[] = ["registrar", "approver", "admin"];
/** An admin's API tokens: each gets only what its scopes name, and never what needs a signed-in person. */
const API_TOKENS = {
  "admin's API token [read]": ["read"],
  "admin's API token [issue revoke]": ["issue", "revoke"],
} as const satisfies Record<string, readonly TokenScope[]>;
type ApiTokenCaller = keyof typeof API_TOKENS;
/** Who calls: a staff member of each role, an admin's API token, nobody, or a bearer token the server never issued. */
const CALLERS = [...ROLES, ...(Object.keys(API_TOKENS) as ApiTokenCaller[]), "none", "forged token"] as const;
type Caller = (typeof CALLERS)[number];
const isApiToken = (caller: Caller): caller is ApiTokenCaller => caller in API_TOKENS;
/** Whose data the call names: the caller's own university's, or another university's. */
const SCOPES = ["own", "other"] as const;
type Scope = (typeof SCOPES)[number];

/** What a call may name, created fresh for each cell in the target university, so no cell depends on another. */
interface Targets {
  certificateId: string;
  batchId: number;
  batchAwaitingApproval: number;
  /** A batch the chain refused for good, whose certificates can be re-sealed. */
  failedBatch: number;
  staffId: number;
  /** An API token of the target university's staff member holding the caller's role. */
  tokenId: number;
  n: number;
}

interface Endpoint {
  name: string;
  /** The roles allowed to call it (on their own university's data). */
  roles: readonly Role[];
  /** The scope an API token needs for it; none: only a signed-in person may call it. */
  tokenScope?: TokenScope;
  /** Whether the call names a record of a university (a certificate, batch, staff member, token). */
  names: boolean;
  success: number;
  request(t: Targets): { method: string; path: string; body?: unknown };
  /** For a write naming a record: whether that record changed (it must exactly when the call succeeds). */
  changed?(db: Database, t: Targets): boolean;
}

const isSet = (db: Database, sql: string, id: number | string): boolean => db.prepare(sql).pluck().get(id) !== null;

const csvUpload = (n: number): FormData => {
  const form = new FormData();
  form.set(
    "file",
    new Blob([csvText([[...GRADUATE_COLUMNS], graduateCells(issueRequests("AUTHZ-CSV", 1, n)[0]!.subject)])]),
    "graduates.csv",
  );
  return form;
};

const ANY_ROLE = ROLES;
const ISSUERS: readonly Role[] = ["registrar", "admin"];
/** Every endpoint of the server that changes something, the reads of one named record, and the admins' key list. */
const ENDPOINTS: Endpoint[] = [
  {
    name: "POST /api/auth/logout",
    roles: ANY_ROLE,
    names: false,
    success: 204,
    request: () => ({ method: "POST", path: "/api/auth/logout" }),
  },
  {
    name: "POST /api/tokens",
    roles: ANY_ROLE,
    names: false,
    success: 201,
    request: () => ({ method: "POST", path: "/api/tokens", body: { label: "ci", scopes: ["read"] } }),
  },
  {
    name: "DELETE /api/tokens/:id",
    roles: ANY_ROLE,
    names: true,
    success: 204,
    request: (t) => ({ method: "DELETE", path: `/api/tokens/${t.tokenId}` }),
    changed: (db, t) => isSet(db, "SELECT revoked_at FROM tokens WHERE id = ?", t.tokenId),
  },
  {
    name: "POST /api/staff",
    roles: ["admin"],
    names: false,
    success: 201,
    request: (t) => ({
      method: "POST",
      path: "/api/staff",
      body: {
        email: `staff-${t.n}@example.edu`,
        name: "New Staff",
        role: "registrar",
        password: "a long enough password",
      },
    }),
  },
  {
    name: "POST /api/auth/password",
    roles: ANY_ROLE,
    names: false,
    success: 200,
    request: (t) => ({
      method: "POST",
      path: "/api/auth/password",
      body: { currentPassword: PASSWORD, newPassword: `a new passphrase number ${t.n}` },
    }),
  },
  {
    name: "POST /api/staff/:id/password",
    roles: ["admin"],
    names: true,
    success: 200,
    request: (t) => ({ method: "POST", path: `/api/staff/${t.staffId}/password`, body: {} }),
    changed: (db, t) => db.prepare("SELECT must_change_password FROM staff WHERE id = ?").pluck().get(t.staffId) === 1,
  },
  {
    name: "PATCH /api/staff/:id",
    roles: ["admin"],
    names: true,
    success: 200,
    request: (t) => ({ method: "PATCH", path: `/api/staff/${t.staffId}`, body: { role: "approver" } }),
    changed: (db, t) => db.prepare("SELECT role FROM staff WHERE id = ?").pluck().get(t.staffId) === "approver",
  },
  {
    name: "POST /api/certificates",
    tokenScope: "issue",
    roles: ISSUERS,
    names: false,
    success: 202,
    request: (t) => ({ method: "POST", path: "/api/certificates", body: issueRequests("AUTHZ-ONE", 1, t.n)[0] }),
  },
  {
    name: "POST /api/certificates/bulk (JSON)",
    tokenScope: "issue",
    roles: ISSUERS,
    names: false,
    success: 202,
    request: (t) => ({
      method: "POST",
      path: "/api/certificates/bulk",
      body: { certificates: issueRequests("AUTHZ-BULK", 2, 2 * t.n) },
    }),
  },
  {
    name: "POST /api/certificates/bulk (CSV)",
    tokenScope: "issue",
    roles: ISSUERS,
    names: false,
    success: 202,
    request: (t) => ({ method: "POST", path: "/api/certificates/bulk", body: csvUpload(t.n) }),
  },
  {
    name: "POST /api/certificates/:id/revoke",
    tokenScope: "revoke",
    roles: ISSUERS,
    names: true,
    success: 202,
    request: (t) => ({ method: "POST", path: `/api/certificates/${t.certificateId}/revoke`, body: { reason: 1 } }),
    changed: (db, t) => isSet(db, "SELECT revoked_at FROM certificates WHERE id = ?", t.certificateId),
  },
  {
    name: "POST /api/certificates/revoke",
    tokenScope: "revoke",
    roles: ISSUERS,
    names: true,
    success: 202,
    request: (t) => ({ method: "POST", path: "/api/certificates/revoke", body: { ids: [t.certificateId], reason: 1 } }),
    changed: (db, t) => isSet(db, "SELECT revoked_at FROM certificates WHERE id = ?", t.certificateId),
  },
  {
    name: "POST /api/batches/:id/approve",
    roles: ["approver", "admin"],
    names: true,
    success: 200,
    request: (t) => ({ method: "POST", path: `/api/batches/${t.batchAwaitingApproval}/approve` }),
    changed: (db, t) => isSet(db, "SELECT approved_at FROM batches WHERE id = ?", t.batchAwaitingApproval),
  },
  {
    name: "POST /api/batches/:id/refuse",
    roles: ["approver", "admin"],
    names: true,
    success: 200,
    request: (t) => ({
      method: "POST",
      path: `/api/batches/${t.batchAwaitingApproval}/refuse`,
      body: { reason: "wrong list" },
    }),
    changed: (db, t) => isSet(db, "SELECT refused_at FROM batches WHERE id = ?", t.batchAwaitingApproval),
  },
  {
    name: "POST /api/batches/:id/reseal",
    tokenScope: "issue",
    roles: ISSUERS,
    names: true,
    success: 202,
    request: (t) => ({ method: "POST", path: `/api/batches/${t.failedBatch}/reseal` }),
    changed: (db, t) => isSet(db, "SELECT resealed_at FROM batches WHERE id = ?", t.failedBatch),
  },
  {
    name: "PUT /api/approval-policy",
    roles: ["admin"],
    names: false,
    success: 200,
    request: () => ({ method: "PUT", path: "/api/approval-policy", body: { threshold: 1, windowHours: 24 } }),
  },
  {
    name: "POST /api/batches/:id/revoke",
    tokenScope: "revoke",
    roles: ISSUERS,
    names: true,
    success: 202,
    request: (t) => ({ method: "POST", path: `/api/batches/${t.batchId}/revoke`, body: { reason: 3 } }),
    changed: (db, t) => isSet(db, "SELECT revoked_at FROM batches WHERE id = ?", t.batchId),
  },
  {
    name: "POST /api/keys/rotate",
    tokenScope: "keys",
    roles: ["admin"],
    names: false,
    success: 202,
    request: () => ({ method: "POST", path: "/api/keys/rotate" }),
  },
  {
    name: "GET /api/keys",
    tokenScope: "keys",
    roles: ["admin"],
    names: false,
    success: 200,
    request: () => ({ method: "GET", path: "/api/keys" }),
  },
  {
    name: "GET /api/certificates/:id",
    tokenScope: "read",
    roles: ANY_ROLE,
    names: true,
    success: 200,
    request: (t) => ({ method: "GET", path: `/api/certificates/${t.certificateId}` }),
  },
  {
    name: "GET /api/batches/:id",
    tokenScope: "read",
    roles: ANY_ROLE,
    names: true,
    success: 200,
    request: (t) => ({ method: "GET", path: `/api/batches/${t.batchId}` }),
  },
];

/**
 * The rule, stated once: no valid token → 401; an API token without the endpoint's scope, or a role
 * not allowed → 403; a record of another university → 404 (its existence is not revealed);
 * otherwise the endpoint's success status.
 */
function expectedStatus(endpoint: Endpoint, caller: Caller, scope: Scope): number {
  if (caller === "none" || caller === "forged token") return 401;
  if (
    isApiToken(caller) &&
    !(API_TOKENS[caller] as readonly TokenScope[]).some((granted) => granted === endpoint.tokenScope)
  )
    return 403;
  if (!endpoint.roles.includes(isApiToken(caller) ? "admin" : caller)) return 403;
  if (endpoint.names && scope === "other") return 404;
  return endpoint.success;
}

/** A cell: the status, marked "+changed" when the named record changed (only a success may change it). */
const cell = (status: number, changed: boolean | undefined): string => `${status}${changed ? " +changed" : ""}`;

describe("authorization matrix: every write endpoint × every role × own/other university", () => {
  let chain: TestChain;
  let server: TestServer;
  const staff = new Map<string, StaffIdentity>();
  const key = (university: TestUniversity, role: Role) => `${university.id}:${role}`;
  let jordan: TestUniversity;
  let yarmouk: TestUniversity;
  const passwordHashes = new Map<number, string>();

  beforeAll(async () => {
    chain = await startTestChain();
    jordan = await accreditUniversity(chain, { operatorIndex: 2 });
    yarmouk = await accreditUniversity(chain, { operatorIndex: 3 });
    const members = [jordan, yarmouk].flatMap((university, u) =>
      [...ROLES, "target" as const].map((role) => ({
        universityId: university.id,
        email: `${role}@university-${u}.example.edu`,
        role: role === "target" ? ("registrar" as const) : role,
      })),
    );
    server = await startTestServer(chain, [jordan, yarmouk], { staff: members });
    for (const university of [jordan, yarmouk]) {
      for (const role of ROLES) {
        const row = server.context.db
          .prepare(
            "SELECT id, university_id AS universityId, email, name, role FROM staff WHERE university_id = ? AND role = ? AND email NOT LIKE 'target@%'",
          )
          .get(university.id, role) as Omit<StaffIdentity, "tokenId">;
        staff.set(key(university, role), { ...row, tokenId: 0 });
      }
    }
    for (const { id, hash } of server.context.db.prepare("SELECT id, password_hash AS hash FROM staff").all() as {
      id: number;
      hash: string;
    }[])
      passwordHashes.set(id, hash);
  });
  afterAll(async () => {
    await server?.stop();
    await chain?.stop();
  });

  /** Fresh records of the Jordanian university for one cell. */
  async function targets(role: Role, n: number): Promise<Targets> {
    const { context } = server;
    const registrar = staff.get(key(jordan, "registrar"))!;
    // Each certificate its own student: issuing one twice is refused as a duplicate award.
    let issued = 0;
    const issue = async (count: number) => {
      const issuedNow = await issueCertificates(context, registrar, issueRequests(`AUTHZ-T${n}`, count, issued));
      const ids = issuedNow.map((c) => c.id);
      issued += count;
      return ids;
    };
    const [certificateId] = await issue(1);
    await issue(1);
    const [batchId] = await sealPendingCertificates(
      context.db,
      jordan.id,
      { batchSize: 1000, approvalThreshold: null },
      new Date(),
    );
    await issue(1);
    const [batchAwaitingApproval] = await sealPendingCertificates(
      context.db,
      jordan.id,
      { batchSize: 1000, approvalThreshold: 0 },
      new Date(),
    );
    await issue(1);
    const [failedBatch] = await sealPendingCertificates(
      context.db,
      jordan.id,
      { batchSize: 1000, approvalThreshold: 0 },
      new Date(),
    );
    failBatch(
      context.db,
      failedBatch!,
      { code: "CHAIN_REFUSED", error: "CertificateRegistryInvalidCount" },
      new Date(),
    );
    const staffId = context.db
      .prepare("SELECT id FROM staff WHERE email = 'target@university-0.example.edu'")
      .pluck()
      .get() as number;
    context.db.prepare("UPDATE staff SET role = 'registrar' WHERE id = ?").run(staffId);
    // A password changed or reset by an earlier cell is put back, so that every cell starts alike.
    const restore = context.db.prepare("UPDATE staff SET password_hash = ?, must_change_password = 0 WHERE id = ?");
    for (const [id, hash] of passwordHashes) restore.run(hash, id);
    const tokenId = createToken(
      context.db,
      staff.get(key(jordan, role))!.id,
      { label: "target", scopes: ["read"], days: 90 },
      new Date(),
    ).id;
    return {
      certificateId: certificateId!,
      batchId: batchId!,
      batchAwaitingApproval: batchAwaitingApproval!,
      failedBatch: failedBatch!,
      staffId,
      tokenId,
      n,
    };
  }

  function authorization(caller: Caller, scope: Scope): Record<string, string> {
    if (caller === "none") return {};
    if (caller === "forged token") return { authorization: "Bearer tsq_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG" };
    const member = staff.get(key(scope === "own" ? jordan : yarmouk, isApiToken(caller) ? "admin" : caller))!;
    const grant = isApiToken(caller) ? { label: caller, scopes: API_TOKENS[caller], days: 1 } : "session";
    return { authorization: `Bearer ${createToken(server.context.db, member.id, grant, new Date()).token}` };
  }

  it("covers every route that changes something", () => {
    // The holder's routes are proven with the certificate's QR secret, not a token (derived-credentials.test.ts).
    const PUBLIC_WRITES = [
      "POST /api/auth/login",
      "POST /api/verify",
      "POST /api/public/credentials/{id}/derived",
      "POST /api/public/credentials/{id}/pdf",
    ];
    const covered = new Set(ENDPOINTS.map(({ name }) => name.replace(/ \(.*\)$/, "").replace(/:(\w+)/g, "{$1}")));
    const missing = apiRoutes(server.context)
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
      .filter((route) => !/^(GET|OPTIONS) /.test(route) && !PUBLIC_WRITES.includes(route) && !covered.has(route));
    expect(missing, "write routes missing from the authorization matrix").to.deep.equal([]);
  });

  it("lets only the allowed combinations through: 401 without a valid token, 403 for a wrong role, 404 for another university's record", async () => {
    const expected: Matrix = new Map();
    const actual: Matrix = new Map();
    let n = 0;
    for (const endpoint of ENDPOINTS) {
      for (const caller of CALLERS) {
        for (const scope of SCOPES) {
          const column = `${caller}/${scope}`;
          const t = await targets(
            isApiToken(caller) ? "admin" : ROLES.includes(caller as Role) ? (caller as Role) : "registrar",
            n++,
          );
          const call = endpoint.request(t);
          const response = await apiCall(server.url, call.method, call.path, call.body, authorization(caller, scope));
          const status = expectedStatus(endpoint, caller, scope);
          setCell(expected, endpoint.name, column, cell(status, endpoint.changed && status < 300));
          setCell(actual, endpoint.name, column, cell(response.status, endpoint.changed?.(server.context.db, t)));
        }
      }
    }
    expectMatrix(
      "Server authorization (status per endpoint, caller/whose record; the target records belong to the caller's university in 'own')",
      expected,
      actual,
    );
  }, 120_000);
});
