import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Interface } from "ethers";
import type { CallExceptionError } from "ethers";
import { afterEach, beforeEach, describe, it } from "vitest";
import { CERTIFICATE_REGISTRY_ABI } from "../../core";
import {
  DEFAULT_APPROVAL_WINDOW_SECONDS,
  approvalPolicy,
  needsApproval,
  setApprovalPolicy,
} from "../../server/anchoring/approval";
import { registryRefusal } from "../../server/anchoring/failures";
import { openDatabase } from "../../server/db/database";
import type { Database } from "../../server/db/database";

const HOUR = 3600 * 1000;
const UNIVERSITY = 1;
const [ALICE, BASMA] = [1, 2];

describe("approval policy over a rolling window (real SQLite file)", () => {
  let dir: string;
  let db: Database;
  let next = 0;
  const now = Date.UTC(2026, 5, 30, 12);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "tasdiq-approval-"));
    db = openDatabase(path.join(dir, "server.sqlite"));
    db.prepare(
      "INSERT INTO universities (id, country, name_ar, name_en, name_fr, operator, created_at) VALUES (?, 'JO', 'ج', 'U', 'U', '0x0', 0)",
    ).run(UNIVERSITY);
    const staff = db.prepare(
      "INSERT INTO staff (id, university_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, 'registrar', 'x', 0)",
    );
    staff.run(ALICE, UNIVERSITY, "alice@u.edu", "Alice");
    staff.run(BASMA, UNIVERSITY, "basma@u.edu", "Basma");
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Records `count` certificates created by `creator` at `at`, as issuing does. */
  const created = (creator: number, count: number, at: number) => {
    const insert = db.prepare(
      `INSERT INTO certificates (id, university_id, status, draft, document_hash, leaf, secret, identifier, name_ar, name_latin, created_by, created_at, updated_at)
       VALUES (?, ?, 'confirmed', '{}', '0x', '0x', x'00', 'ID', 'ا', 'A', ?, ?, ?)`,
    );
    return Array.from({ length: count }, () => {
      insert.run((next++).toString(16).padStart(16, "0"), UNIVERSITY, creator, at, at);
      return { createdBy: creator, createdAt: at };
    });
  };
  const policy = () => approvalPolicy(db, UNIVERSITY, 3);

  it("holds a batch above the threshold, and one whose creator passed it within the window", () => {
    expect(policy()).to.deep.equal({ threshold: 3, windowSeconds: DEFAULT_APPROVAL_WINDOW_SECONDS, source: "server" });
    expect(needsApproval(db, UNIVERSITY, created(ALICE, 4, now), policy())).to.equal(true);
    expect(needsApproval(db, UNIVERSITY, created(BASMA, 3, now - 2 * HOUR), policy())).to.equal(false);
    expect(needsApproval(db, UNIVERSITY, created(BASMA, 1, now), policy())).to.equal(true);
  });

  it("forgets what left the window, and counts each creator on their own", () => {
    created(ALICE, 3, now - 25 * HOUR);
    expect(needsApproval(db, UNIVERSITY, created(ALICE, 3, now), policy())).to.equal(false);
    created(BASMA, 2, now - HOUR);
    // Six by the university within the window, but no one person above three.
    expect(needsApproval(db, UNIVERSITY, created(BASMA, 1, now), policy())).to.equal(false);
    expect(needsApproval(db, UNIVERSITY, created(BASMA, 1, now), policy())).to.equal(true);
  });

  it("takes the university's own threshold and window over the server's, and none when neither sets one", () => {
    expect(approvalPolicy(db, UNIVERSITY, null)).to.equal(null);
    expect(needsApproval(db, UNIVERSITY, created(ALICE, 50, now), null)).to.equal(false);
    setApprovalPolicy(db, UNIVERSITY, { threshold: 60, windowSeconds: 3600 }, ALICE, new Date(now));
    expect(approvalPolicy(db, UNIVERSITY, null)).to.deep.equal({
      threshold: 60,
      windowSeconds: 3600,
      source: "university",
    });
    expect(
      needsApproval(db, UNIVERSITY, created(ALICE, 10, now + 2 * HOUR), approvalPolicy(db, UNIVERSITY, 3)),
    ).to.equal(false);
    expect(needsApproval(db, UNIVERSITY, created(ALICE, 11, now + 30_000), approvalPolicy(db, UNIVERSITY, 3))).to.equal(
      true,
    );
  });
});

describe("registry refusals", () => {
  const registry = new Interface(CERTIFICATE_REGISTRY_ABI);
  const refusal = (data: string | null) => registryRefusal({ data } as CallExceptionError);

  it("names a registry custom error, and nothing else: those may clear by themselves and are retried", () => {
    expect(
      refusal(registry.encodeErrorResult("CertificateRegistryNotAllowedToAnchor", [`0x${"11".repeat(20)}`])),
    ).to.equal("CertificateRegistryNotAllowedToAnchor");
    expect(refusal(null)).to.equal(null);
    expect(refusal("0x")).to.equal(null);
    expect(refusal("0xdeadbeef")).to.equal(null);
    expect(refusal(new Interface(["error Error(string)"]).encodeErrorResult("Error", ["node busy"]))).to.equal(null);
  });
});
