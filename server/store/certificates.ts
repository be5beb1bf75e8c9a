import type { Statement } from "better-sqlite3";
import type { Database } from "../db/database";
import { CERTIFICATE_MACHINE, guardedMove } from "./states";
import type { CertificateState } from "./states";

/** A certificate as stored. */
export interface CertificateRow {
  id: string;
  university_id: number;
  status: CertificateState;
  draft: string;
  document_hash: string;
  leaf: string;
  secret: Buffer;
  identifier: string;
  name_ar: string;
  name_latin: string;
  batch_id: number | null;
  merkle_proof: string | null;
  envelope: string | null;
  revoked_at: number | null;
  revocation_reason: number | null;
  created_at: number;
  updated_at: number;
}

export interface NewCertificate {
  id: string;
  universityId: number;
  draftJson: string;
  documentHash: string;
  leaf: string;
  secret: Buffer;
  identifier: string;
  nameAr: string;
  nameLatin: string;
  createdBy: number;
  at: number;
  reissue: string | null;
  reissueOf: string | null;
  /** The open intake the certificate is written under, null when written in one transaction. */
  intakeId: number | null;
}

/** How registrars filter the certificate list (parsed query of `GET /api/certificates`). */
export interface CertificateFilter {
  status?: CertificateState | undefined;
  batch?: number | undefined;
  revoked?: boolean | undefined;
  /** Part of the student's identifier or name, or a certificate id. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

const toBatched = guardedMove(CERTIFICATE_MACHINE, ["pending"], "batched");
const toSigned = guardedMove(CERTIFICATE_MACHINE, ["batched"], "signed");
const toPending = guardedMove(CERTIFICATE_MACHINE, ["failed"], "pending");

/** Not part of a request still being written (an open intake). */
const WRITTEN = "(intake_id IS NULL OR intake_id NOT IN (SELECT id FROM intakes))";

export function certificateStore(db: Database) {
  const statements = {
    insert: db.prepare(
      `INSERT INTO certificates (id, university_id, status, draft, document_hash, leaf, secret, identifier, name_ar, name_latin,
         created_by, created_at, updated_at, reissue, reissue_of, intake_id)
         VALUES (?, ?, '${CERTIFICATE_MACHINE.initial}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    ofUniversity: db.prepare("SELECT * FROM certificates WHERE id = ? AND university_id = ?"),
    credential: db.prepare("SELECT credential FROM certificates WHERE id = ?").pluck(),
    opened: db.prepare("SELECT credential, secret FROM certificates WHERE id = ? AND university_id = ?"),
    published: db.prepare("SELECT envelope, status FROM certificates WHERE id = ?"),
    pendingToSeal: db.prepare(
      `SELECT id, document_hash AS documentHash, created_by AS createdBy, created_at AS createdAt FROM certificates
       WHERE university_id = ? AND status = 'pending' AND ${WRITTEN} ORDER BY created_at, id LIMIT ?`,
    ),
    pendingSummary: db.prepare(
      "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM certificates WHERE university_id = ? AND status = 'pending'",
    ),
    assignToBatch: db.prepare(
      `UPDATE certificates SET ${toBatched.set}, batch_id = ?, merkle_proof = ?, updated_at = ? WHERE id = ? AND ${toBatched.guard}`,
    ),
    toSign: db.prepare(
      "SELECT id, draft, secret, merkle_proof AS proof FROM certificates WHERE batch_id = ? AND status = 'batched'",
    ),
    sign: db.prepare(
      `UPDATE certificates SET ${toSigned.set}, credential = ?, envelope = ?, updated_at = ? WHERE id = ? AND ${toSigned.guard}`,
    ),
    createdInWindow: db
      .prepare(
        "SELECT COUNT(*) FROM certificates WHERE university_id = ? AND created_by = ? AND created_at > ? AND created_at <= ?",
      )
      .pluck(),
    creatorsOfBatch: db
      .prepare("SELECT DISTINCT created_by FROM certificates WHERE batch_id = ? AND created_by IS NOT NULL")
      .pluck(),
    filesOfBatch: db.prepare(
      `SELECT id, identifier, name_latin AS nameLatin FROM certificates WHERE batch_id = ? AND university_id = ?
       ORDER BY identifier, id`,
    ),
    unrevokedOfBatch: db.prepare("SELECT id, draft FROM certificates WHERE batch_id = ? AND revoked_at IS NULL"),
    resetToPending: db.prepare(
      `UPDATE certificates SET ${toPending.set}, batch_id = NULL, merkle_proof = NULL, credential = NULL, envelope = NULL,
         draft = ?, document_hash = ?, leaf = ?, updated_at = ? WHERE id = ? AND ${toPending.guard}`,
    ),
    markRevoked: db.prepare(
      "UPDATE certificates SET revoked_at = ?, revocation_reason = ?, updated_at = ? WHERE id = ?",
    ),
    markBatchRevoked: db.prepare(
      `UPDATE certificates SET revoked_at = COALESCE(revoked_at, ?), revocation_reason = COALESCE(revocation_reason, ?),
         updated_at = ? WHERE batch_id = ?`,
    ),
  };
  // One statement per number of identifiers asked at once (the last chunk of a lookup is shorter).
  const issuedBefore = new Map<number, Statement>();

  return {
    insert(c: NewCertificate): void {
      statements.insert.run(
        c.id,
        c.universityId,
        c.draftJson,
        c.documentHash,
        c.leaf,
        c.secret,
        c.identifier,
        c.nameAr,
        c.nameLatin,
        c.createdBy,
        c.at,
        c.at,
        c.reissue,
        c.reissueOf,
        c.intakeId,
      );
    },
    ofUniversity: (universityId: number, id: string) =>
      statements.ofUniversity.get(id, universityId) as CertificateRow | undefined,
    /** The finished credential (JSON) once the batch is signed; null before, undefined for no such certificate. */
    credential: (id: string) => statements.credential.get(id) as string | null | undefined,
    /**
     * The finished credential (JSON, null until signed) of a certificate of the university, and the
     * secret of its codes, from which the key of its stored envelope is derived.
     */
    opened: (universityId: number, id: string) =>
      statements.opened.get(id, universityId) as { credential: string | null; secret: Buffer } | undefined,
    /** The stored encrypted credential (JSON, sent as it is) and the state of any certificate, for the public route. */
    published: (id: string) =>
      statements.published.get(id) as { envelope: string | null; status: CertificateState } | undefined,
    /**
     * The certificates of the university, not revoked and not in a batch an approver refused, whose
     * student has one of these identifiers, oldest first, with their subject (JSON).
     */
    awardsOf(universityId: number, identifiers: readonly string[]) {
      let statement = issuedBefore.get(identifiers.length);
      if (!statement) {
        statement = db.prepare(
          `SELECT id, status, created_at AS createdAt, json_extract(draft, '$.credential.credentialSubject') AS subject FROM certificates
           WHERE university_id = ? AND revoked_at IS NULL AND identifier IN (${identifiers.map(() => "?").join(", ")})
             AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = certificates.batch_id AND json_extract(b.failure, '$.code') = 'REFUSED')
           ORDER BY created_at, id`,
        );
        issuedBefore.set(identifiers.length, statement);
      }
      return statement.all(universityId, ...identifiers) as {
        id: string;
        status: CertificateState;
        createdAt: number;
        subject: string;
      }[];
    },
    /** One page of the university's certificates matching the filter, newest first, and how many match. */
    list(universityId: number, filter: CertificateFilter): { total: number; rows: CertificateRow[] } {
      const where = ["university_id = ?", WRITTEN];
      const params: (string | number)[] = [universityId];
      if (filter.status) {
        where.push("status = ?");
        params.push(filter.status);
      }
      if (filter.batch) {
        where.push("batch_id = ?");
        params.push(filter.batch);
      }
      if (filter.revoked !== undefined) where.push(filter.revoked ? "revoked_at IS NOT NULL" : "revoked_at IS NULL");
      if (filter.q) {
        where.push(
          "(identifier LIKE ? ESCAPE '\\' OR name_ar LIKE ? ESCAPE '\\' OR name_latin LIKE ? ESCAPE '\\' OR id = ?)",
        );
        const like = `%${filter.q.normalize("NFC").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        params.push(like, like, like, filter.q.toLowerCase());
      }
      // The filters combine in 2^4 ways: prepared per request, as SQLite caches nothing between them anyway.
      const clause = where.join(" AND ");
      const total = db
        .prepare(`SELECT COUNT(*) FROM certificates WHERE ${clause}`)
        .pluck()
        .get(...params) as number;
      const rows = db
        .prepare(`SELECT * FROM certificates WHERE ${clause} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`)
        .all(...params, filter.limit, filter.offset) as CertificateRow[];
      return { total, rows };
    },
    /** The oldest pending certificates of the university, up to `limit`, for the next batch. */
    pendingToSeal: (universityId: number, limit: number) =>
      statements.pendingToSeal.all(universityId, limit) as {
        id: string;
        documentHash: string;
        createdBy: number | null;
        createdAt: number;
      }[],
    pendingSummary: (universityId: number) =>
      statements.pendingSummary.get(universityId) as { n: number; oldest: number | null },
    assignToBatch(id: string, batchId: number, proofJson: string, at: number): void {
      statements.assignToBatch.run(batchId, proofJson, at, id);
    },
    toSign: (batchId: number) =>
      statements.toSign.all(batchId) as { id: string; draft: string; secret: Buffer; proof: string }[],
    sign(id: string, credentialJson: string, envelopeJson: string, at: number): void {
      statements.sign.run(credentialJson, envelopeJson, at, id);
    },
    createdInWindow: (universityId: number, creator: number, after: number, until: number) =>
      statements.createdInWindow.get(universityId, creator, after, until) as number,
    creatorsOfBatch: (batchId: number) => statements.creatorsOfBatch.all(batchId) as number[],
    /** The certificates of a batch of the university, by student identifier, with what names their files. */
    filesOfBatch: (universityId: number, batchId: number) =>
      statements.filesOfBatch.all(batchId, universityId) as { id: string; identifier: string; nameLatin: string }[],
    unrevokedOfBatch: (batchId: number) => statements.unrevokedOfBatch.all(batchId) as { id: string; draft: string }[],
    /** A certificate of a failed batch goes back to pending with a new draft, out of any batch. */
    resetToPending(id: string, draftJson: string, documentHash: string, leaf: string, at: number): void {
      statements.resetToPending.run(draftJson, documentHash, leaf, at, id);
    },
    markRevoked(id: string, reason: number, at: number): void {
      statements.markRevoked.run(at, reason, at, id);
    },
    /** Every certificate of the batch is revoked with it; those revoked before keep their own date and reason. */
    markBatchRevoked(batchId: number, reason: number, at: number): void {
      statements.markBatchRevoked.run(at, reason, at, batchId);
    },
  };
}
