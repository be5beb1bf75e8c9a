import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { draftCredential, leafOf, newCredentialId } from "../../core";
import type { CredentialSubject, IssuerIdentity } from "../../core";
import { WorkerPool, workerFile } from "../workers/pool";
import { parseGraduatesFile } from "./import";
import type { ImportOptions, ImportResult } from "./import";
import { BulkIssueRequest, validUntilOf } from "./schemas";
import type { IssueRequest } from "./schemas";
import type { z } from "zod";

/**
 * A certificate ready to store: its id, the secret behind its QR code, its salted and hashed draft
 * as stored (JSON), and the fields stored beside it. Text, not objects, so that tens of thousands
 * of them come back from an intake thread cheaply and are not serialized again on the event loop.
 */
export interface DraftedCertificate {
  id: string;
  secret: Uint8Array;
  draftJson: string;
  documentHash: string;
  leaf: string;
  subject: Pick<CredentialSubject, "identifier" | "nameAr" | "nameLatin">;
}

/** Salts and hashes each request into a credential draft issued by `issuer` at `now`. */
export function draftCertificates(
  issuer: IssuerIdentity,
  requests: readonly IssueRequest[],
  now: Date,
): DraftedCertificate[] {
  return requests.map((request) => {
    const id = newCredentialId();
    const draft = draftCredential(
      { subject: request.subject, credentialId: id, validFrom: now, validUntil: validUntilOf(request) },
      issuer,
    );
    const { identifier, nameAr, nameLatin } = draft.credential.credentialSubject;
    return {
      id,
      secret: randomBytes(16),
      draftJson: JSON.stringify(draft),
      documentHash: draft.documentHash,
      leaf: leafOf(draft.documentHash),
      subject: { identifier, nameAr, nameLatin },
    };
  });
}

/** A JSON bulk body as read: the requests, or why it is not one (invalid JSON, or the schema's issues). */
export type BulkBody = { certificates: IssueRequest[] } | { malformed: true } | { issues: z.core.$ZodIssue[] };

function readBulkBody(bytes: Uint8Array): BulkBody {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { malformed: true };
  }
  const parsed = BulkIssueRequest.safeParse(body);
  return parsed.success ? parsed.data : { issues: parsed.error.issues };
}

/**
 * Bytes whose whole buffer can be moved to a worker rather than copied: a Buffer may be a view into
 * Node's shared pool, which moving would take away from every other Buffer in it.
 */
const movable = (bytes: Uint8Array): Uint8Array =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();

/** What the intake threads are asked to do. */
export type IntakeTask =
  | { kind: "file"; bytes: Uint8Array; filename: string; mimeType: string; options: ImportOptions }
  | { kind: "json"; bytes: Uint8Array }
  | { kind: "draft"; issuer: IssuerIdentity; requests: IssueRequest[]; now: Date };

export function runIntakeTask(task: IntakeTask): Promise<ImportResult> | BulkBody | DraftedCertificate[] {
  switch (task.kind) {
    case "file":
      return parseGraduatesFile(task.bytes, task.filename, task.mimeType, task.options);
    case "json":
      return readBulkBody(task.bytes);
    case "draft":
      return draftCertificates(task.issuer, task.requests, task.now);
  }
}

/** Intake threads: at most two, so a large upload never takes every core from the anchoring and verifying. */
const INTAKE_THREADS = Math.min(2, availableParallelism());

/**
 * Reads uploads and JSON bulk bodies, validates them and drafts their credentials on worker threads
 * (intake-worker): tens of thousands of rows take seconds of CPU, which on the event loop would
 * stall every other request meanwhile. The threads start with the first large request; idle, they
 * do not hold the process open, so shutting down needs nothing from them.
 */
export class IntakePool {
  #pool?: WorkerPool<IntakeTask, unknown>;

  #run<Result>(task: IntakeTask, transfer: ArrayBuffer[] = []): Promise<Result> {
    this.#pool ??= new WorkerPool(workerFile(__dirname, __filename, "intake-worker"), { size: INTAKE_THREADS });
    return this.#pool.run(task, transfer) as Promise<Result>;
  }

  /** `bytes` may be moved to the worker: the caller must not use it afterwards. */
  parseFile(bytes: Uint8Array, filename: string, mimeType: string, options: ImportOptions): Promise<ImportResult> {
    const own = movable(bytes);
    return this.#run({ kind: "file", bytes: own, filename, mimeType, options }, [own.buffer as ArrayBuffer]);
  }

  /** `bytes` may be moved to the worker: the caller must not use it afterwards. */
  readBulkBody(bytes: Uint8Array): Promise<BulkBody> {
    const own = movable(bytes);
    return this.#run({ kind: "json", bytes: own }, [own.buffer as ArrayBuffer]);
  }

  draft(issuer: IssuerIdentity, requests: IssueRequest[], now: Date): Promise<DraftedCertificate[]> {
    return this.#run({ kind: "draft", issuer, requests, now });
  }
}
